import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  availableToPromise,
  customerSchema,
  inventoryPositionSchema,
  invoiceSchema,
  isNewerPosition,
  productSchema,
  purchaseOrderSchema,
  returnAuthorizationSchema,
  salesOrderSchema,
  sampleCustomer,
  sampleInventoryPosition,
  sampleInvoice,
  sampleKitProduct,
  sampleProduct,
  samplePurchaseOrder,
  sampleReturnAuthorization,
  sampleSalesOrder,
  sampleShipment,
  shipmentSchema,
} from "../src";

/** Parses a broken copy of a sample and returns the issues as { path, message }. */
function issuesAfter<T>(schema: z.ZodType, sample: T, breakIt: (copy: T) => void) {
  const copy = structuredClone(sample);
  breakIt(copy);
  const result = schema.safeParse(copy);
  return (result.error?.issues ?? []).map((i) => ({ path: i.path, message: i.message }));
}

const paths = (issues: { path: PropertyKey[] }[]) => issues.map((i) => i.path);

describe("SalesOrder mistakes name the field", () => {
  const order = (breakIt: (o: typeof sampleSalesOrder) => void) => issuesAfter(salesOrderSchema, sampleSalesOrder, breakIt);

  it("bad GTIN check digit", () => {
    const issues = order((o) => (o.lines[0]!.gtin = "081234500017"));
    expect(issues).toEqual([{ path: ["lines", 0, "gtin"], message: "GS1 check digit is wrong" }]);
  });

  it("UPC that lost its leading zero", () => {
    expect(paths(order((o) => (o.lines[2]!.gtin = "81234500030")))).toEqual([["lines", 2, "gtin"]]);
  });

  it("price as a float instead of minor units", () => {
    expect(paths(order((o) => (o.lines[1]!.unitPrice.amountMinor = 89.5)))).toEqual([["lines", 1, "unitPrice", "amountMinor"]]);
  });

  it("amount in another currency than the order", () => {
    const issues = order((o) => (o.lines[1]!.taxes[0]!.amount.currency = "EUR"));
    expect(issues).toEqual([{ path: ["lines", 1, "taxes", 0, "amount", "currency"], message: "amount is in EUR but the document currency is USD" }]);
  });

  it("invalid order currency is reported once, not on every amount", () => {
    expect(paths(order((o) => (o.currency = "usd")))).toEqual([["currency"]]);
  });

  it("tax rate written as a percentage", () => {
    expect(paths(order((o) => (o.lines[0]!.taxes[0]!.rate = "6.25")))).toEqual([["lines", 0, "taxes", 0, "rate"]]);
  });

  it("quantity with float drift, zero quantity", () => {
    expect(paths(order((o) => (o.lines[0]!.quantity = 0.1 + 0.2)))).toEqual([["lines", 0, "quantity"]]);
    expect(paths(order((o) => (o.lines[2]!.quantity = 0)))).toEqual([["lines", 2, "quantity"]]);
  });

  it("lower-case unit of measure", () => {
    expect(paths(order((o) => (o.lines[1]!.uom = "cs")))).toEqual([["lines", 1, "uom"]]);
  });

  it("duplicate line ids", () => {
    expect(paths(order((o) => (o.lines[2]!.lineId = "1")))).toEqual([["lines", 2, "lineId"]]);
  });

  it("US ZIP code that lost its leading zero, missing ZIP", () => {
    expect(paths(order((o) => (o.shipTo!.postalCode = "2134")))).toEqual([["shipTo", "postalCode"]]);
    expect(paths(order((o) => delete o.billTo!.postalCode))).toEqual([["billTo", "postalCode"]]);
    // Other countries' formats are not policed.
    expect(order((o) => Object.assign(o.shipTo!, { countryCode: "GB", region: undefined, postalCode: "SW1A 1AA" }))).toEqual([]);
  });

  it("timestamp without an offset, impossible date", () => {
    expect(paths(order((o) => (o.orderDate = "2025-03-14T09:30:00")))).toEqual([["orderDate"]]);
    expect(paths(order((o) => (o.requestedShipDate = "2025-02-30")))).toEqual([["requestedShipDate"]]);
  });

  it("customer with nothing to identify it, no lines", () => {
    expect(paths(order((o) => (o.customer = {})))).toEqual([["customer"]]);
    expect(paths(order((o) => (o.lines = [])))).toEqual([["lines"]]);
  });

  it("negative discount", () => {
    expect(paths(order((o) => (o.discounts[0]!.amount.amountMinor = -500)))).toEqual([["discounts", 0, "amount", "amountMinor"]]);
  });

  it("accepts the minimal mapping output, filling defaults", () => {
    const minimal = {
      externalId: "x1",
      orderNumber: "1002",
      channel: "edi",
      orderDate: "2025-03-14T00:00:00Z",
      currency: "USD",
      status: "open",
      customer: { name: "Walmart" },
      lines: [{ lineId: "1", sku: "GAD-200", description: "Gadget", quantity: 4, uom: "CS", unitsPerUom: 12, unitPrice: { amountMinor: 8950, currency: "USD" } }],
    };
    const parsed = salesOrderSchema.parse(minimal);
    expect(parsed.discounts).toEqual([]);
    expect(parsed.lines[0]!.taxes).toEqual([]);
    expect(parsed.taxesIncluded).toBe(false);
  });
});

describe("other objects' mistakes name the field", () => {
  it("Shipment: SSCC check digit, duplicate SSCC, SSCC with its (00) prefix", () => {
    expect(paths(issuesAfter(shipmentSchema, sampleShipment, (s) => (s.packages[1]!.sscc = "000812345000000024")))).toEqual([["packages", 1, "sscc"]]);
    expect(paths(issuesAfter(shipmentSchema, sampleShipment, (s) => (s.packages[1]!.sscc = s.packages[0]!.sscc)))).toEqual([["packages", 1, "sscc"]]);
    expect(paths(issuesAfter(shipmentSchema, sampleShipment, (s) => (s.packages[0]!.sscc = `00${s.packages[0]!.sscc}`)))).toEqual([["packages", 0, "sscc"]]);
    expect(paths(issuesAfter(shipmentSchema, sampleShipment, (s) => (s.packages[0]!.lines[0]!.quantity = -2)))).toEqual([["packages", 0, "lines", 0, "quantity"]]);
  });

  it("InventoryPosition: available must equal onHand − allocated, exactly", () => {
    expect(issuesAfter(inventoryPositionSchema, sampleInventoryPosition, (p) => (p.available = 200))).toEqual([
      { path: ["available"], message: "available must equal onHand − allocated (204)" },
    ]);
    // 10.1 − 0.3 is 9.799999999999999 in floating point; the check is decimal.
    expect(issuesAfter(inventoryPositionSchema, sampleInventoryPosition, (p) => Object.assign(p, { onHand: 10.1, allocated: 0.3, available: 9.8 }))).toEqual([]);
    // Over-allocation is legal (negative available); negative on hand is not.
    expect(issuesAfter(inventoryPositionSchema, sampleInventoryPosition, (p) => Object.assign(p, { onHand: 5, allocated: 8, available: -3 }))).toEqual([]);
    expect(paths(issuesAfter(inventoryPositionSchema, sampleInventoryPosition, (p) => (p.onHand = -1)))).toContainEqual(["onHand"]);
  });

  it("InventoryPosition: ordering and availability helpers", () => {
    const p = sampleInventoryPosition;
    expect(availableToPromise(p)).toBe(184);
    expect(availableToPromise({ ...p, available: 5, safetyStock: 20 })).toBe(0);
    expect(isNewerPosition({ ...p, sourceSequence: 98232, asOf: "2025-03-14T14:00:00Z" }, p)).toBe(true); // sequence beats a skewed clock
    expect(isNewerPosition({ ...p, sourceSequence: undefined, asOf: "2025-03-14T09:06:00-05:00" }, p)).toBe(true); // 14:06Z
    expect(isNewerPosition({ ...p }, p)).toBe(false);
  });

  it("Product: base unit size, duplicate uom, self-containing kit, case GTIN", () => {
    expect(paths(issuesAfter(productSchema, sampleProduct, (p) => (p.uomConversions[0]!.unitsPerUom = 12)))).toEqual([["uomConversions", 0, "unitsPerUom"]]);
    expect(paths(issuesAfter(productSchema, sampleProduct, (p) => (p.uomConversions[1]!.uom = "EA")))).toContainEqual(["uomConversions", 1, "uom"]);
    expect(paths(issuesAfter(productSchema, sampleKitProduct, (p) => (p.kitComponents![1]!.sku = "KIT-STARTER")))).toEqual([["kitComponents", 1, "sku"]]);
    expect(paths(issuesAfter(productSchema, sampleProduct, (p) => (p.uomConversions[1]!.gtin = "10081234500021")))).toEqual([["uomConversions", 1, "gtin"]]);
  });

  it("Customer: credit limit currency, exemption id without exemption, duplicate external ids", () => {
    expect(paths(issuesAfter(customerSchema, sampleCustomer, (c) => (c.creditLimit!.currency = "CAD")))).toEqual([["creditLimit", "currency"]]);
    expect(paths(issuesAfter(customerSchema, sampleCustomer, (c) => (c.taxExemptionId = "TX-RESALE-1")))).toEqual([["taxExempt"]]);
    expect(paths(issuesAfter(customerSchema, sampleCustomer, (c) => c.externalIds.push({ ...c.externalIds[0]! })))).toEqual([["externalIds", 2]]);
    expect(paths(issuesAfter(customerSchema, sampleCustomer, (c) => (c.email = "purchasing at acme")))).toEqual([["email"]]);
  });

  it("Invoice: due before invoice date, currency mix", () => {
    expect(paths(issuesAfter(invoiceSchema, sampleInvoice, (i) => (i.dueDate = "2025-03-01")))).toEqual([["dueDate"]]);
    expect(paths(issuesAfter(invoiceSchema, sampleInvoice, (i) => (i.totals.amountDue!.currency = "EUR")))).toEqual([["totals", "amountDue", "currency"]]);
  });

  it("ReturnAuthorization: unknown reason code, refund currency mix", () => {
    expect(paths(issuesAfter(returnAuthorizationSchema, sampleReturnAuthorization, (r) => Object.assign(r.lines[0]!, { reasonCode: "broken" })))).toEqual([["lines", 0, "reasonCode"]]);
    expect(paths(issuesAfter(returnAuthorizationSchema, sampleReturnAuthorization, (r) => (r.lines[0]!.refundAmount!.currency = "EUR")))).toEqual([["lines", 0, "refundAmount", "currency"]]);
  });

  it("PurchaseOrder: line without item identifiers, bad GLN, cancel before order date", () => {
    expect(paths(issuesAfter(purchaseOrderSchema, samplePurchaseOrder, (p) => {
      const line = p.lines[0]!;
      delete line.buyerPartNumber;
      delete line.vendorPartNumber;
      delete line.gtin;
    }))).toEqual([["lines", 0, "buyerPartNumber"]]);
    expect(paths(issuesAfter(purchaseOrderSchema, samplePurchaseOrder, (p) => (p.seller.gln = "0865432000001")))).toEqual([["seller", "gln"]]);
    expect(paths(issuesAfter(purchaseOrderSchema, samplePurchaseOrder, (p) => (p.cancelAfter = "2025-01-01")))).toEqual([["cancelAfter"]]);
  });
});
