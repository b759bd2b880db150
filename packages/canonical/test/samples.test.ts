import { describe, expect, it } from "vitest";
import {
  type CanonicalObjectName,
  canonicalJsonSchemas,
  canonicalObjectNames,
  canonicalSamples,
  canonicalSchemas,
  checkInvoiceTotals,
  checkTotals,
  computeOrderTotals,
  salesOrderSchema,
  sampleSalesOrder,
  sampleShipment,
  shippedQuantities,
} from "../src";

describe("samples", () => {
  it.each(canonicalObjectNames)("%s sample parses unchanged", (name: CanonicalObjectName) => {
    const schema = canonicalSchemas[name];
    expect(schema).toBeDefined();
    const result = schema!.safeParse(canonicalSamples[name]);
    expect(result.error?.issues ?? []).toEqual([]);
    // Samples spell out every default, so parsing adds nothing: golden tests can compare them as is.
    expect(result.data).toEqual(canonicalSamples[name]);
  });

  it("sales order sample has what the editor and golden tests rely on", () => {
    expect(sampleSalesOrder.lines.length).toBeGreaterThanOrEqual(3);
    expect(sampleSalesOrder.discounts.length).toBeGreaterThan(0);
    expect(sampleSalesOrder.lines.some((l) => l.taxes.length > 0)).toBe(true);
    expect(sampleSalesOrder.shippingLines.length).toBeGreaterThan(0);
    expect(checkTotals(sampleSalesOrder)).toMatchObject({ ok: true, mismatches: [] });
  });

  it("shipment sample is partial with two packages of the order's lines", () => {
    expect(sampleShipment.partial).toBe(true);
    expect(sampleShipment.packages).toHaveLength(2);
    const orderLineIds = new Set(sampleSalesOrder.lines.map((l) => l.lineId));
    for (const lineId of shippedQuantities(sampleShipment).keys()) expect(orderLineIds.has(lineId)).toBe(true);
  });

  it("invoice sample totals add up", () => {
    expect(checkInvoiceTotals(canonicalSamples.Invoice).ok).toBe(true);
  });
});

describe("checkTotals", () => {
  it("reports a wrong header total with its path and difference", () => {
    const order = structuredClone(sampleSalesOrder);
    order.totals!.grandTotal.amountMinor += 1;
    const check = checkTotals(order);
    expect(check.ok).toBe(false);
    expect(check.mismatches).toEqual([
      { field: "grandTotal", path: ["totals", "grandTotal"], expected: { amountMinor: 19686, currency: "USD" }, actual: { amountMinor: 19687, currency: "USD" }, differenceMinor: 1 },
    ]);
    expect(checkTotals(order, { toleranceMinor: 1 }).ok).toBe(true);
  });

  it("derives totals when the source sent none, and handles tax-inclusive prices", () => {
    const order = structuredClone(sampleSalesOrder);
    delete order.totals;
    expect(checkTotals(order).ok).toBe(true);
    expect(computeOrderTotals(order).grandTotal.amountMinor).toBe(19686);
    const inclusive = salesOrderSchema.parse({ ...order, taxesIncluded: true });
    expect(computeOrderTotals(inclusive).grandTotal.amountMinor).toBe(19686 - 1538);
  });

  it("rounds each line's quantity × price half-even", () => {
    const order = structuredClone(sampleSalesOrder);
    order.lines = [{ ...order.lines[0]!, quantity: 2.5, unitPrice: { amountMinor: 1999, currency: "USD" }, discounts: [], taxes: [] }];
    order.discounts = [];
    order.shippingLines = [];
    expect(computeOrderTotals(order).subtotal.amountMinor).toBe(4998); // 49.975 → 49.98
  });
});

describe("JSON Schema export", () => {
  const schemas = canonicalJsonSchemas() as Record<string, { type?: string; title?: string; properties?: Record<string, unknown> }>;

  it.each(canonicalObjectNames)("%s exports an object schema with properties", (name) => {
    const json = schemas[name];
    expect(json?.type).toBe("object");
    expect(json?.title).toBe(name);
    expect(Object.keys(json?.properties ?? {}).length).toBeGreaterThan(3);
  });

  it("describes every field, at every depth, for the editor's field help", () => {
    const undocumented: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (typeof node !== "object" || node === null) return;
      const schema = node as { properties?: Record<string, { description?: string }>; items?: unknown };
      for (const [key, child] of Object.entries(schema.properties ?? {})) {
        if (!child.description) undocumented.push(`${path}.${key}`);
        walk(child, `${path}.${key}`);
      }
      if (schema.items) walk(schema.items, `${path}[]`);
    };
    for (const [name, json] of Object.entries(schemas)) walk(json, name);
    expect(undocumented).toEqual([]);
  });

  it("exports the mapping's side: defaulted fields are optional", () => {
    const order = schemas.SalesOrder as { required?: string[] };
    expect(order.required).toContain("lines");
    expect(order.required).not.toContain("discounts");
    expect(JSON.parse(JSON.stringify(canonicalJsonSchemas()))).toEqual(canonicalJsonSchemas());
  });
});
