/** Realistic sample records for the designer (shapes as NetSuite's REST JSON has them). */
export const sampleSalesOrderRecord = {
  entity: { id: "1042" },
  tranDate: "2025-03-14",
  otherRefNum: "#1001",
  location: { id: "3" },
  shippingAddress: { addressee: "Acme Hardware LLC", attention: "Dana Ortiz", addr1: "4100 Industrial Blvd", city: "Austin", state: "TX", zip: "78744", country: { id: "US" } },
  item: {
    items: [
      { item: { id: "1201" }, quantity: 2, rate: 19.99, amount: 39.98, units: { id: "1" }, custcol_ipaas_line_id: "1" },
      { item: { id: "4411" }, quantity: 1, rate: 129, amount: 129, units: { id: "1" }, custcol_ipaas_line_id: "2" },
    ],
  },
};

export const sampleCustomerRecord = {
  isPerson: true,
  firstName: "Dana",
  lastName: "Ortiz",
  email: "dana.ortiz@acmehardware.example",
  phone: "+15125550100",
};

export const sampleInvoiceRecord = {
  externalId: "INV-5273849012345",
  entity: { id: "1042" },
  tranDate: "2025-03-18",
  item: { items: [{ item: { id: "1201" }, quantity: 2, rate: 19.99, amount: 39.98 }] },
};

/** The customer, ship method and address the transaction samples share. */
const acme = { entity: { id: "1042", refName: "CUST-1042 Acme Hardware LLC" }, shipMethod: { id: "12", refName: "UPS Ground" } };
const acmeAddress = { addressee: "Acme Hardware LLC", addr1: "4100 Industrial Blvd", city: "Austin", state: "TX", zip: "78744", country: { id: "US", refName: "United States" } };

/** One itemFulfillment as the poll trigger emits it (record + the sales order's externalId/otherRefNum). */
export const sampleItemFulfillment = {
  id: "50031",
  tranId: "IF-10461",
  tranDate: "2025-03-17",
  createdFrom: { id: "50012", refName: "Sales Order #SO-10452", externalId: "5273849012345" },
  otherRefNum: "#1001",
  ...acme,
  shipStatus: { id: "C", refName: "Shipped" },
  location: { id: "3", refName: "Austin DC1" },
  shippingAddress: { ...acmeAddress, attention: "Dana Ortiz" },
  lastModifiedDate: "2025-03-17T21:42:00Z",
  item: {
    items: [
      { line: 1, orderLine: 1, item: { id: "1201", refName: "WID-100-BLK" }, itemReceive: true, quantity: 2, quantityRemaining: 2, units: { id: "1", refName: "EA" }, custcol_ipaas_line_id: "1", custcol_ipaas_package: 1 },
    ],
  },
  package: { items: [{ packageTrackingNumber: "1Z999AA10123456784", packageWeight: 2.5, packageDescr: "Carton 1" }] },
};

/** One invoice as the invoicesSince poll emits it (record + the sales order's externalId/otherRefNum). */
export const sampleInvoiceEvent = {
  id: "50040",
  tranId: "INV-10463",
  tranDate: "2025-03-18",
  dueDate: "2025-04-17",
  createdFrom: { id: "50012", refName: "Sales Order #SO-10452", externalId: "edi:ZZ:ACMEHARDWARE:4500012345" },
  otherRefNum: "4500012345",
  ...acme,
  currency: { id: "1", refName: "USD" },
  terms: { id: "2", refName: "Net 30" },
  status: { id: "A", refName: "Open" },
  billingAddress: { ...acmeAddress, attention: "Accounts Payable" },
  shippingAddress: acmeAddress,
  lastModifiedDate: "2025-03-18T14:02:00Z",
  item: {
    items: [
      { line: 1, orderLine: 1, item: { id: "1201", refName: "WID-100-BLK" }, description: "Widget, Black 100 mm", quantity: 2, rate: 19.99, amount: 39.98, units: { id: "1", refName: "EA" }, custcol_ipaas_line_id: "1" },
    ],
  },
  subtotal: 39.98,
  discountTotal: 0,
  taxTotal: 0,
  shippingCost: 0,
  total: 39.98,
  amountPaid: 0,
  amountRemaining: 39.98,
};
