/** Realistic samples for the designer: the GraphQL shapes actions return and the REST JSON webhooks carry. */
const usd = (amount: string) => ({ shopMoney: { amount, currencyCode: "USD" } });
const address = { firstName: "Dana", lastName: "Ortiz", name: "Dana Ortiz", company: "Acme Hardware LLC", address1: "4100 Industrial Blvd", address2: null, city: "Austin", province: "Texas", provinceCode: "TX", zip: "78744", country: "United States", countryCodeV2: "US", phone: "+15125550100" };

export const sampleOrderSummary = {
  id: "gid://shopify/Order/5273849012345", legacyResourceId: "5273849012345", name: "#1001", email: "dana.ortiz@acmehardware.example",
  createdAt: "2025-03-14T14:30:00Z", updatedAt: "2025-03-14T14:31:12Z", cancelledAt: null, displayFinancialStatus: "PAID", displayFulfillmentStatus: "UNFULFILLED",
  tags: ["b2b", "wholesale"], totalPriceSet: usd("186.87"), customer: { id: "gid://shopify/Customer/7712093", email: "dana.ortiz@acmehardware.example" },
};

export const sampleOrder = {
  ...sampleOrderSummary, processedAt: "2025-03-14T14:30:00Z", cancelReason: null, closed: false, currencyCode: "USD", note: "Deliver to dock 3, Mon-Fri 7am-3pm",
  poNumber: "AH-PO-88123", taxesIncluded: false, discountCodes: ["SPRING10"],
  subtotalPriceSet: usd("160.63"), totalDiscountsSet: usd("17.85"), totalTaxSet: usd("14.24"), totalShippingPriceSet: usd("12.00"),
  taxLines: [{ title: "TX State Tax", rate: 0.0625, priceSet: usd("10.79") }, { title: "Austin Local Tax", rate: 0.02, priceSet: usd("3.45") }],
  customer: { id: "gid://shopify/Customer/7712093", email: "dana.ortiz@acmehardware.example", firstName: "Dana", lastName: "Ortiz", phone: "+15125550100" },
  shippingAddress: address, billingAddress: address,
  shippingLines: [{ title: "UPS Ground", code: "ups_ground", originalPriceSet: usd("12.00"), taxLines: [{ title: "TX State Tax", rate: 0.0625, priceSet: usd("0.75") }] }],
  lineItems: [
    {
      id: "gid://shopify/LineItem/13374932205681", name: "Widget - Black / 100 mm", title: "Widget", variantTitle: "Black / 100 mm", sku: "WID-100-BLK",
      quantity: 2, currentQuantity: 2, unfulfilledQuantity: 2, requiresShipping: true, originalUnitPriceSet: usd("19.99"),
      discountAllocations: [{ allocatedAmountSet: usd("4.00"), discountApplication: { code: "SPRING10" } }],
      taxLines: [{ title: "TX State Tax", rate: 0.0625, priceSet: usd("2.25") }], variant: { id: "gid://shopify/ProductVariant/40112233" },
    },
  ],
};

export const sampleFulfillmentOrder = {
  id: "gid://shopify/FulfillmentOrder/6400000000101", status: "OPEN", requestStatus: "UNSUBMITTED", updatedAt: "2025-03-14T14:30:00Z",
  assignedLocation: { name: "Austin Warehouse", location: { id: "gid://shopify/Location/68123456001" } },
  lineItems: [{ id: "gid://shopify/FulfillmentOrderLineItem/15500000000102", sku: "WID-100-BLK", totalQuantity: 2, remainingQuantity: 2, lineItem: { id: "gid://shopify/LineItem/13374932205681", sku: "WID-100-BLK", name: "Widget - Black / 100 mm" } }],
};

/** orders/create body (REST Order resource), trimmed to one line. */
export const sampleRestOrder = {
  id: 5273849012345, admin_graphql_api_id: "gid://shopify/Order/5273849012345", name: "#1001", order_number: 1001, email: "dana.ortiz@acmehardware.example",
  created_at: "2025-03-14T09:30:00-05:00", updated_at: "2025-03-14T09:31:12-05:00", cancelled_at: null, currency: "USD", financial_status: "paid", fulfillment_status: null,
  taxes_included: false, note: null, tags: "b2b, wholesale", po_number: null,
  subtotal_price: "35.98", total_line_items_price: "39.98", total_discounts: "4.00", total_tax: "3.34", total_price: "51.32",
  total_shipping_price_set: { shop_money: { amount: "12.00", currency_code: "USD" }, presentment_money: { amount: "12.00", currency_code: "USD" } },
  discount_codes: [{ code: "SPRING10", amount: "4.00", type: "percentage" }],
  discount_applications: [{ type: "discount_code", code: "SPRING10", title: "SPRING10", value: "10.0", value_type: "percentage", allocation_method: "across", target_selection: "all", target_type: "line_item" }],
  customer: { id: 7712093, email: "dana.ortiz@acmehardware.example", first_name: "Dana", last_name: "Ortiz" },
  billing_address: { first_name: "Dana", last_name: "Ortiz", name: "Dana Ortiz", company: "Acme Hardware LLC", address1: "4100 Industrial Blvd", address2: null, city: "Austin", province: "Texas", province_code: "TX", zip: "78744", country: "United States", country_code: "US", phone: "+15125550100" },
  shipping_address: { first_name: "Dana", last_name: "Ortiz", name: "Dana Ortiz", company: "Acme Hardware LLC", address1: "4100 Industrial Blvd", address2: null, city: "Austin", province: "Texas", province_code: "TX", zip: "78744", country: "United States", country_code: "US", phone: null },
  line_items: [{
    id: 13374932205681, admin_graphql_api_id: "gid://shopify/LineItem/13374932205681", variant_id: 40112233, product_id: 7001, sku: "WID-100-BLK", title: "Widget",
    variant_title: "Black / 100 mm", name: "Widget - Black / 100 mm", quantity: 2, fulfillable_quantity: 2, price: "19.99",
    discount_allocations: [{ amount: "4.00", discount_application_index: 0 }], tax_lines: [{ title: "TX State Tax", rate: 0.0625, price: "2.25" }],
  }],
  shipping_lines: [{ id: 4455667788, code: "ups_ground", title: "UPS Ground", price: "12.00", discount_allocations: [], tax_lines: [{ title: "TX State Tax", rate: 0.0625, price: "0.75" }] }],
  tax_lines: [{ title: "TX State Tax", rate: 0.0625, price: "3.00" }],
};

export const sampleRestFulfillment = {
  id: 4810000000201, admin_graphql_api_id: "gid://shopify/Fulfillment/4810000000201", order_id: 5273849012345, name: "#1001.1", status: "success",
  created_at: "2025-03-15T10:02:00-05:00", location_id: 68123456001, tracking_company: "UPS", tracking_number: "1Z999AA10123456784",
  tracking_numbers: ["1Z999AA10123456784"], tracking_url: "https://www.ups.com/track?tracknum=1Z999AA10123456784", line_items: sampleRestOrder.line_items,
};

export const sampleRestRefund = {
  id: 9120000000301, admin_graphql_api_id: "gid://shopify/Refund/9120000000301", order_id: 5273849012345, created_at: "2025-03-16T11:00:00-05:00", note: "Order canceled", restock: true,
  refund_line_items: [{ id: 9120000000302, line_item_id: 13374932205681, quantity: 2, restock_type: "cancel", line_item: sampleRestOrder.line_items[0] }],
  transactions: [{ id: 9120000000401, order_id: 5273849012345, kind: "refund", status: "success", amount: "51.32", currency: "USD", gateway: "shopify_payments" }],
};

export const sampleInventoryLevel = {
  inventory_item_id: 43001122, location_id: 68123456001, available: 118, updated_at: "2025-03-14T09:45:00-05:00",
  admin_graphql_api_id: "gid://shopify/InventoryLevel/68123456001?inventory_item_id=43001122",
};
