import type { Address } from "./address";
import type { Customer } from "./customer";
import type { InventoryPosition } from "./inventory-position";
import type { Invoice } from "./invoice";
import type { Money } from "./money";
import type { Product } from "./product";
import type { PurchaseOrder } from "./purchase-order";
import type { CanonicalObjectName } from "./registry";
import type { ReturnAuthorization } from "./return-authorization";
import type { SalesOrder } from "./sales-order";
import type { Shipment } from "./shipment";

/**
 * One realistic, internally consistent story for every canonical object: the
 * B2B customer Acme Hardware (Austin, TX) orders from the distributor Northwind
 * Supply through Shopify; the Austin DC ships part of it; it is invoiced; one
 * widget comes back; Northwind reorders from its vendor. The mapping editor
 * shows these and golden mapping tests use them, so they parse, their GTINs and
 * SSCCs have valid check digits and the order's totals add up. They are shared
 * objects: structuredClone one before changing it in a test.
 */

const usd = (amountMinor: number): Money => ({ amountMinor, currency: "USD" });

const acmeAddress: Address = {
  name: "Receiving Dock",
  company: "Acme Hardware LLC",
  line1: "500 E 4th St",
  line2: "Dock 3",
  city: "Austin",
  region: "TX",
  postalCode: "78701",
  countryCode: "US",
  phone: "+15125550100",
};

const warehouseAddress: Address = {
  company: "Northwind Supply - Austin DC",
  line1: "9800 Industrial Blvd",
  city: "Austin",
  region: "TX",
  postalCode: "78744",
  countryCode: "US",
};

/** Texas state 6.25 % plus 2 % local, as two tax lines. */
const txTaxes = (state: number, local: number) => [
  { name: "TX State Tax", rate: "0.0625", amount: usd(state), jurisdiction: "US-TX" },
  { name: "Austin Local Tax", rate: "0.02", amount: usd(local), jurisdiction: "US-TX-AUSTIN" },
];

export const sampleSalesOrder: SalesOrder = {
  externalId: "5273849012345",
  externalIds: [
    { system: "shopify", id: "gid://shopify/Order/5273849012345" },
    { system: "netsuite", id: "SO-48213" },
  ],
  orderNumber: "#1001",
  channel: "shopify",
  orderDate: "2025-03-14T09:30:00-05:00",
  currency: "USD",
  status: "open",
  customer: { externalId: "7712093", email: "purchasing@acmehardware.example", name: "Acme Hardware LLC" },
  customerPoNumber: "AH-PO-88123",
  billTo: { ...acmeAddress, name: "Accounts Payable", line2: "Suite 200" },
  shipTo: acmeAddress,
  lines: [
    {
      lineId: "1",
      sku: "WID-100-BLK",
      gtin: "081234500016",
      description: "Widget, black, 100 mm",
      quantity: 2,
      uom: "EA",
      unitsPerUom: 1,
      unitPrice: usd(1999),
      discounts: [{ code: "SPRING10", description: "10 % off widgets", amount: usd(400) }],
      taxes: txTaxes(225, 72),
    },
    {
      lineId: "2",
      sku: "GAD-200",
      gtin: "10081234500020",
      description: "Gadget, case of 12",
      quantity: 1,
      uom: "CS",
      unitsPerUom: 12,
      unitPrice: usd(8950),
      discounts: [],
      taxes: txTaxes(559, 179),
    },
    {
      lineId: "3",
      sku: "KIT-STARTER",
      gtin: "081234500030",
      description: "Starter kit: 1 widget + 2 gadgets",
      quantity: 1,
      uom: "EA",
      unitPrice: usd(4900),
      discounts: [],
      taxes: txTaxes(306, 98),
      kitComponents: [
        { sku: "WID-100-BLK", quantity: 1, uom: "EA" },
        { sku: "GAD-200", quantity: 2, uom: "EA" },
      ],
    },
  ],
  discounts: [{ code: "WELCOME5", description: "First B2B order", amount: usd(500) }],
  shippingLines: [
    { carrier: "UPS", service: "GROUND", code: "ups_ground", description: "UPS Ground", price: usd(1200), taxes: txTaxes(75, 24) },
  ],
  taxesIncluded: false,
  // 178.48 − 9.00 + 12.00 + 15.38
  totals: { subtotal: usd(17848), discounts: usd(900), tax: usd(1538), shipping: usd(1200), grandTotal: usd(19686) },
  notes: ["Deliver to dock 3, Mon-Fri 7am-3pm"],
  tags: ["b2b", "wholesale"],
  requestedShipDate: "2025-03-17",
  updatedAt: "2025-03-14T09:31:12-05:00",
};

export const sampleCustomer: Customer = {
  externalId: "7712093",
  externalIds: [
    { system: "shopify", id: "gid://shopify/Customer/7712093" },
    { system: "netsuite", id: "CUST-1042" },
  ],
  type: "business",
  name: "Acme Hardware",
  companyName: "Acme Hardware LLC",
  firstName: "Dana",
  lastName: "Ortiz",
  email: "purchasing@acmehardware.example",
  phone: "+15125550100",
  billingAddress: { ...acmeAddress, name: "Accounts Payable", line2: "Suite 200" },
  shippingAddresses: [acmeAddress],
  currency: "USD",
  paymentTerms: "NET30",
  creditLimit: usd(2_500_000),
  taxExempt: false,
  priceLevel: "WHOLESALE-B",
  status: "active",
  tags: ["b2b"],
  createdAt: "2023-06-01T15:04:05Z",
  updatedAt: "2025-02-20T10:00:00Z",
};

export const sampleProduct: Product = {
  sku: "GAD-200",
  externalId: "4410",
  externalIds: [{ system: "netsuite", id: "4410" }],
  name: "Gadget",
  description: "Gadget, galvanised steel, 200 mm",
  gtin: "081234500023",
  baseUom: "EA",
  uomConversions: [
    { uom: "EA", unitsPerUom: 1, gtin: "081234500023" },
    { uom: "CS", unitsPerUom: 12, gtin: "10081234500020" },
  ],
  weight: { value: 0.35, unit: "kg" },
  dimensions: { length: 20, width: 5, height: 2.5, unit: "cm" },
  status: "active",
  listPrice: usd(899),
  cost: usd(650),
  vendorPartNumber: "GM-2000",
  hsCode: "732690",
  countryOfOrigin: "US",
  tags: ["hardware"],
  updatedAt: "2025-01-10T08:00:00Z",
};

export const sampleKitProduct: Product = {
  sku: "KIT-STARTER",
  externalIds: [],
  name: "Starter kit",
  description: "1 widget and 2 gadgets, boxed",
  gtin: "081234500030",
  baseUom: "EA",
  uomConversions: [],
  kitComponents: [
    { sku: "WID-100-BLK", quantity: 1, uom: "EA" },
    { sku: "GAD-200", quantity: 2, uom: "EA" },
  ],
  status: "active",
  listPrice: usd(4900),
  tags: [],
};

export const sampleInventoryPosition: InventoryPosition = {
  sku: "WID-100-BLK",
  locationCode: "AUS-DC1",
  onHand: 240,
  allocated: 36,
  available: 204,
  safetyStock: 20,
  uom: "EA",
  asOf: "2025-03-14T14:05:00Z",
  sourceSequence: 98231,
};

/** Lines 1 and 3 shipped in two cartons; the case of gadgets (line 2) is backordered, hence partial. */
export const sampleShipment: Shipment = {
  shipmentId: "SHP-2025-000731",
  externalIds: [{ system: "wms", id: "731" }],
  orderRefs: [{ orderNumber: "#1001", externalId: "5273849012345" }],
  shipDate: "2025-03-17",
  carrier: "UPS",
  serviceLevel: "GROUND",
  shipFrom: warehouseAddress,
  shipTo: acmeAddress,
  partial: true,
  packages: [
    {
      sscc: "000812345000000016",
      trackingNumber: "1Z999AA10123456784",
      weight: { value: 1.2, unit: "kg" },
      dimensions: { length: 30, width: 20, height: 15, unit: "cm" },
      lines: [{ lineId: "1", sku: "WID-100-BLK", quantity: 2, uom: "EA", lotNumber: "L2503-07" }],
    },
    {
      sscc: "000812345000000023",
      trackingNumber: "1Z999AA10123456793",
      weight: { value: 2.45, unit: "kg" },
      dimensions: { length: 40, width: 30, height: 20, unit: "cm" },
      lines: [{ lineId: "3", sku: "KIT-STARTER", quantity: 1, uom: "EA" }],
    },
  ],
  freightCost: usd(1487),
  updatedAt: "2025-03-17T16:42:00-05:00",
};

/** Bills what sampleShipment shipped: 88.98 − 4.00 + 12.00 shipping + 8.00 tax = 104.98. */
export const sampleInvoice: Invoice = {
  invoiceNumber: "INV-100231",
  externalId: "88231",
  externalIds: [{ system: "netsuite", id: "88231" }],
  orderRef: { orderNumber: "#1001", externalId: "5273849012345" },
  customer: { externalId: "7712093", name: "Acme Hardware LLC" },
  billTo: { ...acmeAddress, name: "Accounts Payable", line2: "Suite 200" },
  shipTo: acmeAddress,
  invoiceDate: "2025-03-17",
  dueDate: "2025-04-16",
  terms: { code: "NET30", description: "Net 30 days", netDays: 30 },
  currency: "USD",
  status: "open",
  lines: [
    { lineId: "1", orderLineId: "1", sku: "WID-100-BLK", description: "Widget, black, 100 mm", quantity: 2, uom: "EA", unitPrice: usd(1999), discounts: [{ code: "SPRING10", amount: usd(400) }] },
    { lineId: "2", orderLineId: "3", sku: "KIT-STARTER", description: "Starter kit", quantity: 1, uom: "EA", unitPrice: usd(4900), discounts: [] },
  ],
  discounts: [],
  shippingLines: [{ carrier: "UPS", service: "GROUND", price: usd(1200), taxes: [] }],
  // Taxable 35.98 + 49.00 + 12.00 = 96.98
  taxes: txTaxes(606, 194),
  taxesIncluded: false,
  totals: { subtotal: usd(8898), discounts: usd(400), tax: usd(800), shipping: usd(1200), grandTotal: usd(10498), amountPaid: usd(0), amountDue: usd(10498) },
  notes: ["Remit to Northwind Supply, PO Box 1200, Austin TX"],
};

export const sampleReturnAuthorization: ReturnAuthorization = {
  rmaNumber: "RMA-5521",
  externalIds: [{ system: "netsuite", id: "RA-5521" }],
  orderRef: { orderNumber: "#1001", externalId: "5273849012345" },
  customer: { externalId: "7712093", email: "purchasing@acmehardware.example" },
  status: "authorized",
  requestedAt: "2025-03-24T11:15:00-05:00",
  expiresOn: "2025-04-23",
  returnTo: warehouseAddress,
  lines: [
    {
      lineId: "1",
      orderLineId: "1",
      sku: "WID-100-BLK",
      quantity: 1,
      uom: "EA",
      reasonCode: "defective",
      reasonText: "Hinge cracked on first use",
      condition: "defective",
      disposition: "return_to_vendor",
      refundAmount: usd(1799),
    },
  ],
  refundAmount: usd(1947),
  notes: ["Refund includes 8.25 % tax"],
};

export const samplePurchaseOrder: PurchaseOrder = {
  poNumber: "NW-PO-20250318-01",
  externalId: "PO-3312",
  externalIds: [{ system: "netsuite", id: "PO-3312" }],
  type: "standard",
  status: "open",
  buyer: { name: "Northwind Supply", gln: "0812345000009", address: warehouseAddress, contact: { name: "Sam Lee", email: "buying@northwind.example" } },
  seller: { name: "Gizmo Manufacturing Inc.", externalId: "V-118", gln: "0865432000000", ediId: "ZZ:GIZMOMFG" },
  orderDate: "2025-03-18",
  requestedShipDate: "2025-03-24",
  requestedDeliveryDate: "2025-03-28",
  cancelAfter: "2025-04-15",
  shipTo: warehouseAddress,
  shipToLocationCode: "AUS-DC1",
  currency: "USD",
  paymentTerms: "NET45",
  shippingMethod: "Vendor truck",
  lines: [
    { lineId: "1", buyerPartNumber: "GAD-200", vendorPartNumber: "GM-2000-12", gtin: "10081234500020", description: "Gadget, case of 12", quantity: 20, uom: "CS", unitsPerUom: 12, unitPrice: usd(7800) },
    { lineId: "2", buyerPartNumber: "WID-100-BLK", vendorPartNumber: "GM-W100B", gtin: "081234500016", description: "Widget, black", quantity: 500, uom: "EA", unitsPerUom: 1, unitPrice: usd(925) },
  ],
  // 20 × 78.00 + 500 × 9.25
  totalAmount: usd(618500),
  notes: ["Appointment required: call the DC 24h ahead"],
};

/** One sample per canonical object, keyed like canonicalSchemas. */
export const canonicalSamples = {
  SalesOrder: sampleSalesOrder,
  Customer: sampleCustomer,
  Product: sampleProduct,
  InventoryPosition: sampleInventoryPosition,
  Shipment: sampleShipment,
  Invoice: sampleInvoice,
  ReturnAuthorization: sampleReturnAuthorization,
  PurchaseOrder: samplePurchaseOrder,
} satisfies Record<CanonicalObjectName, unknown>;
