/** GraphQL documents the connector sends (Admin API 2025-01). Costs stay well under the 1000-point query limit. */

const money = `shopMoney { amount currencyCode }`;
const address = `firstName lastName name company address1 address2 city province provinceCode zip country countryCodeV2 phone`;
const taxLines = `taxLines { title rate priceSet { ${money} } }`;
const allocations = `discountAllocations { allocatedAmountSet { ${money} } discountApplication { ... on DiscountCodeApplication { code } } }`;

export const LINE_ITEM_FIELDS = `id name title variantTitle sku quantity currentQuantity unfulfilledQuantity requiresShipping
  originalUnitPriceSet { ${money} } ${allocations} ${taxLines} variant { id }`;

export const ORDER_SUMMARY_FIELDS = `id legacyResourceId name email createdAt updatedAt cancelledAt displayFinancialStatus displayFulfillmentStatus
  tags totalPriceSet { ${money} } customer { id email }`;

export const GET_ORDER = `query GetOrder($id: ID!) {
  order(id: $id) {
    id legacyResourceId name email createdAt updatedAt processedAt cancelledAt cancelReason closed currencyCode
    displayFinancialStatus displayFulfillmentStatus note tags poNumber taxesIncluded discountCodes
    subtotalPriceSet { ${money} } totalDiscountsSet { ${money} } totalTaxSet { ${money} } totalShippingPriceSet { ${money} } totalPriceSet { ${money} }
    ${taxLines}
    customer { id email firstName lastName phone }
    shippingAddress { ${address} } billingAddress { ${address} }
    shippingLines(first: 5) { nodes { title code originalPriceSet { ${money} } ${taxLines} } }
    lineItems(first: 50) { nodes { ${LINE_ITEM_FIELDS} } pageInfo { hasNextPage endCursor } }
  }
}`;

export const ORDER_LINE_ITEMS_PAGE = `query OrderLineItems($id: ID!, $after: String) {
  order(id: $id) { lineItems(first: 50, after: $after) { nodes { ${LINE_ITEM_FIELDS} } pageInfo { hasNextPage endCursor } } }
}`;

export const LIST_ORDERS = `query ListOrders($first: Int!, $after: String, $query: String, $sortKey: OrderSortKeys, $reverse: Boolean) {
  orders(first: $first, after: $after, query: $query, sortKey: $sortKey, reverse: $reverse) {
    nodes { ${ORDER_SUMMARY_FIELDS} }
    pageInfo { hasNextPage endCursor }
  }
}`;

const FULFILLMENT_ORDER_FIELDS = `id status requestStatus updatedAt assignedLocation { name location { id } }
  lineItems(first: 50) { nodes { id sku totalQuantity remainingQuantity lineItem { id sku name } } }`;

export const GET_FULFILLMENT_ORDERS = `query FulfillmentOrders($id: ID!) {
  order(id: $id) { id name fulfillmentOrders(first: 5) { nodes { ${FULFILLMENT_ORDER_FIELDS} } } }
}`;

export const GET_FULFILLMENT_ORDER = `query FulfillmentOrder($id: ID!) { fulfillmentOrder(id: $id) { ${FULFILLMENT_ORDER_FIELDS} } }`;

export const FULFILLMENT_CREATE = `mutation FulfillmentCreate($fulfillment: FulfillmentInput!, $message: String) {
  fulfillmentCreate(fulfillment: $fulfillment, message: $message) {
    fulfillment { id name status createdAt trackingInfo(first: 5) { company number url } }
    userErrors { field message }
  }
}`;

export const INVENTORY_SET_QUANTITIES = `mutation InventorySetQuantities($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) {
    inventoryAdjustmentGroup { id reason referenceDocumentUri changes { name delta quantityAfterChange item { id sku } location { id name } } }
    userErrors { code field message }
  }
}`;

export const FIND_VARIANT_BY_SKU = `query FindVariantBySku($query: String!) {
  productVariants(first: 5, query: $query) { nodes { id sku title displayName price product { id title } inventoryItem { id } } }
}`;

export const TAGS_ADD = `mutation TagsAdd($id: ID!, $tags: [String!]!) {
  tagsAdd(id: $id, tags: $tags) { node { id ... on Order { tags } } userErrors { field message } }
}`;

export const ORDER_UPDATE_NOTE = `mutation OrderUpdateNote($input: OrderInput!) {
  orderUpdate(input: $input) { order { id note } userErrors { field message } }
}`;

export const ORDER_CANCEL_STATE = `query OrderCancelState($id: ID!) { order(id: $id) { id cancelledAt } }`;

export const ORDER_CANCEL = `mutation OrderCancel($orderId: ID!, $reason: OrderCancelReason!, $refund: Boolean!, $restock: Boolean!, $notifyCustomer: Boolean, $staffNote: String) {
  orderCancel(orderId: $orderId, reason: $reason, refund: $refund, restock: $restock, notifyCustomer: $notifyCustomer, staffNote: $staffNote) {
    job { id done }
    orderCancelUserErrors { code field message }
    userErrors { field message }
  }
}`;

export const SHOP = `query Shop { shop { name myshopifyDomain } }`;
