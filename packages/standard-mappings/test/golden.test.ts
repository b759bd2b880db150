import {
  availableToPromise,
  computeOrderTotals,
  sampleSalesOrder,
  checkTotals,
  inventoryPositionSchema,
  purchaseOrderSchema,
  salesOrderSchema,
  sampleInvoice,
  sampleShipment,
  shipmentSchema,
  type InventoryPosition,
} from "@ipaas/canonical";
import { evaluateExpression, runMappingTests, type MappingInput } from "@ipaas/mapping-engine";
import { describe, expect, it } from "vitest";
import {
  inventoryPositionToShopifyQuantities,
  inventoryPositionsToX12846,
  invoiceToX12810,
  netSuiteItemFulfillmentToShipment,
  purchaseOrderToX12855,
  salesOrderToNetSuite,
  shipmentToShopifyFulfillment,
  shipmentToX12856,
  shopifyOrderToSalesOrder,
  standardLookup,
  standardLookupTables,
  findStandardMapping,
  isTargetSchemaName,
  mappingTargetSchemas,
  standardMappingCatalogue,
  standardMappingRef,
  wmsSnapshotToInventoryPositions,
  x12850ToPurchaseOrder,
} from "../src/index";
import { generateX12, parseX12, readTransactionSet, validateX12, writeTransactionSet, type Ack855, type Inventory846, type Invoice810, type Ship856, type X12Document } from "@ipaas/x12";

const lookup = standardLookup();

async function run(mapping: MappingInput, input: unknown, tables = standardLookupTables): Promise<unknown> {
  return evaluateExpression(mapping.expression, input, { lookup: standardLookup(tables) });
}

function testInput(mapping: MappingInput, index: number): unknown {
  const test = mapping.tests?.[index];
  if (!test) throw new Error(`${mapping.name} has no test ${index}`);
  return test.input;
}

describe("standard mappings: golden tests", () => {
  it("the catalogue lists every mapping once by a stable id, each with at least two golden cases and the tables it reads", () => {
    expect(standardMappingCatalogue.map((m) => m.id)).toEqual([
      "shopify-order-to-sales-order",
      "sales-order-to-netsuite",
      "netsuite-item-fulfillment-to-shipment",
      "shipment-to-shopify-fulfillment",
      "wms-snapshot-to-inventory-positions",
      "inventory-position-to-shopify-quantities",
      "x12-850-to-purchase-order",
      "shipment-to-x12-856",
      "invoice-to-x12-810",
      "purchase-order-to-x12-855",
      "inventory-positions-to-x12-846",
    ]);
    expect(new Set(standardMappingCatalogue.map((m) => m.name)).size).toBe(standardMappingCatalogue.length);
    for (const mapping of standardMappingCatalogue) {
      expect(mapping.tests.length).toBeGreaterThanOrEqual(2);
      expect(mapping.description).not.toBe("");
      // Every table a mapping reads is one the golden examples fill.
      for (const table of mapping.lookupTables) expect(Object.keys(standardLookupTables)).toContain(table);
    }
    expect(findStandardMapping("sales-order-to-netsuite")?.lookupTables).toEqual(["netsuite-customer", "netsuite-discount-item", "netsuite-item", "netsuite-unit"]);
    expect(findStandardMapping("wms-snapshot-to-inventory-positions")?.targetSchema).toBe("InventoryPosition[]");
    expect(findStandardMapping("nope")).toBeUndefined();
    expect([standardMappingRef("std:invoice-to-x12-810"), standardMappingRef("6f1c0b7e-0000-4000-8000-000000000000")]).toEqual(["invoice-to-x12-810", null]);
  });

  for (const mapping of standardMappingCatalogue) {
    it(`${mapping.name} passes its golden tests`, async () => {
      const report = await runMappingTests({ ...mapping, targetSchema: mapping.targetSchema ?? undefined }, { targetSchemas: mappingTargetSchemas, lookup });
      const failures = report.cases
        .filter((c) => !c.passed)
        .map((c) => ({ name: c.name, error: c.error, issues: c.issues, diff: c.diff, actual: c.passed ? undefined : c.actual }));
      // The diff is printed so a wrong golden value is easy to find.
      expect(failures, JSON.stringify(failures, null, 2)).toEqual([]);
      expect(report.passed).toBe(true);
    });
  }
});

describe("target schemas", () => {
  it("a list target validates every element: a WMS position without a SKU fails at its index, one object instead of a list fails at the root", async () => {
    const wms = findStandardMapping("wms-snapshot-to-inventory-positions");
    if (!wms) throw new Error("catalogue lacks the WMS mapping");
    const first = wms.tests[0] as { name: string; input: { items: Array<Record<string, unknown>> }; expected: unknown };
    const input = { ...first.input, items: first.input.items.map((item, i) => (i === 1 ? { ...item, sku: "" } : item)) };
    const brokenSecond = { ...wms, targetSchema: wms.targetSchema ?? undefined, tests: [{ ...first, input }] };
    const [broken] = (await runMappingTests(brokenSecond, { targetSchemas: mappingTargetSchemas, lookup })).cases;
    expect([...new Set(broken?.issues.map((i) => i.path))]).toEqual(["1.sku"]);
    const unwrapped = { ...brokenSecond, expression: `${wms.expression}[0]`, tests: [first] };
    const [single] = (await runMappingTests(unwrapped, { targetSchemas: mappingTargetSchemas, lookup })).cases;
    expect(single?.issues).toEqual([{ path: "", message: expect.stringMatching(/array/) }]);
  });

  it("names canonical objects, outside documents and lists of either", () => {
    for (const name of ["SalesOrder", "InventoryPosition[]", "X12 856", "X12 997", "Shopify fulfillmentCreate[]"]) expect(isTargetSchemaName(name)).toBe(true);
    for (const name of ["", "[]", "SalesOrder[][]", "constructor", "NoSuchThing[]", "X12 transaction set", "X12 204"]) expect(isTargetSchemaName(name)).toBe(false);
  });
});

describe("Shopify order → SalesOrder", () => {
  it("money is exact integers and the reported totals reconcile with the lines (checkTotals)", async () => {
    for (const [index] of (shopifyOrderToSalesOrder.tests ?? []).entries()) {
      const order = salesOrderSchema.parse(await run(shopifyOrderToSalesOrder, testInput(shopifyOrderToSalesOrder, index)));
      for (const line of order.lines) {
        expect(Number.isInteger(line.unitPrice.amountMinor)).toBe(true);
        for (const t of line.taxes) expect(Number.isInteger(t.amount.amountMinor)).toBe(true);
      }
      const check = checkTotals(order);
      expect(check.mismatches).toEqual([]);
      expect(check.ok).toBe(true);
    }
  });

  it("the 3-line order carries the discount code on each line and sums to 186.87", async () => {
    const order = salesOrderSchema.parse(await run(shopifyOrderToSalesOrder, testInput(shopifyOrderToSalesOrder, 0)));
    expect(order.lines).toHaveLength(3);
    expect(order.lines.map((l) => l.discounts.map((d) => [d.code, d.amount.amountMinor]))).toEqual([[["SPRING10", 400]], [["SPRING10", 895]], [["SPRING10", 490]]]);
    expect(order.totals?.grandTotal).toEqual({ amountMinor: 18687, currency: "USD" });
    expect(checkTotals(order).computed.grandTotal.amountMinor).toBe(18687);
  });

  it("a one-line order still yields lists (JSONata singleton collapse)", async () => {
    const order = (await run(shopifyOrderToSalesOrder, testInput(shopifyOrderToSalesOrder, 1))) as Record<string, unknown>;
    expect(Array.isArray(order.lines)).toBe(true);
    expect(Array.isArray(order.shippingLines)).toBe(true);
    const line = (order.lines as Array<Record<string, unknown>>)[0];
    expect(Array.isArray(line?.taxes)).toBe(true);
    expect(line?.discounts).toEqual([]);
  });

  it("a JPY order converts to yen minor units (0 decimals), never floats", async () => {
    const input = {
      ...(testInput(shopifyOrderToSalesOrder, 1) as Record<string, unknown>),
      currency: "JPY",
      line_items: [{ id: 1, sku: "WID-100-BLK", name: "Widget", quantity: 3, price: "1980", discount_allocations: [], tax_lines: [{ title: "消費税", rate: 0.1, price: "594" }] }],
      shipping_lines: [],
      total_line_items_price: "5940",
      total_discounts: "0",
      total_tax: "594",
      total_shipping_price_set: { shop_money: { amount: "0", currency_code: "JPY" } },
      total_price: "6534",
    };
    const order = salesOrderSchema.parse(await run(shopifyOrderToSalesOrder, input));
    expect(order.lines[0]?.unitPrice).toEqual({ amountMinor: 1980, currency: "JPY" });
    expect(order.lines[0]?.taxes[0]?.rate).toBe("0.1");
    expect(checkTotals(order).ok).toBe(true);
  });
});

describe("Shipment → Shopify fulfillment", () => {
  it("a partial shipment fulfils only the shipped lines", async () => {
    const out = (await run(shipmentToShopifyFulfillment, testInput(shipmentToShopifyFulfillment, 0))) as {
      lineItemsByFulfillmentOrder: Array<{ fulfillmentOrderLineItems: Array<{ id: string; quantity: number }> }>;
    };
    const ids = out.lineItemsByFulfillmentOrder.flatMap((g) => g.fulfillmentOrderLineItems.map((l) => l.id));
    // Line 2 (the case of gadgets) is backordered.
    expect(ids).not.toContain(standardLookupTables["shopify-fulfillment-order-line"]?.["5273849012345:2"]);
    expect(ids).toHaveLength(2);
  });

  it("sums one line split over several cartons", async () => {
    const base = testInput(shipmentToShopifyFulfillment, 1) as { packages: Array<Record<string, unknown>> };
    const split = {
      ...base,
      packages: [
        { trackingNumber: "T1", lines: [{ lineId: "1", sku: "WID-100-BLK", quantity: 1, uom: "EA" }] },
        { trackingNumber: "T2", lines: [{ lineId: "1", sku: "WID-100-BLK", quantity: 1, uom: "EA" }] },
      ],
    };
    const out = (await run(shipmentToShopifyFulfillment, split)) as {
      lineItemsByFulfillmentOrder: Array<{ fulfillmentOrderLineItems: Array<{ id: string; quantity: number }> }>;
      trackingInfo: { numbers: string[] };
    };
    expect(out.lineItemsByFulfillmentOrder[0]?.fulfillmentOrderLineItems).toEqual([{ id: "gid://shopify/FulfillmentOrderLineItem/90001", quantity: 2 }]);
    expect(out.trackingInfo.numbers).toEqual(["T1", "T2"]);
  });
});

describe("inventory", () => {
  it("WMS snapshot: every position is a valid InventoryPosition and a case of 12 becomes 12 EA", async () => {
    const positions = (await run(wmsSnapshotToInventoryPositions, testInput(wmsSnapshotToInventoryPositions, 0))) as unknown[];
    const parsed = positions.map((p) => inventoryPositionSchema.parse(p));
    const gadget = parsed.find((p) => p.sku === "GAD-200");
    expect(gadget).toMatchObject({ onHand: 14 * 12, allocated: 3 * 12, available: 132, safetyStock: 12, uom: "EA" });
    // Exact decimals: 12.5 − 0.3 is 12.2, not 12.200000000000001.
    expect(parsed.find((p) => p.sku === "BOLT-M8")?.available).toBe(12.2);
  });

  it("a single-item snapshot still yields a list", async () => {
    const positions = await run(wmsSnapshotToInventoryPositions, testInput(wmsSnapshotToInventoryPositions, 1));
    expect(Array.isArray(positions)).toBe(true);
    expect((positions as unknown[]).map((p) => inventoryPositionSchema.safeParse(p).success)).toEqual([true]);
  });

  it("sellable quantity is never negative and matches availableToPromise − channel reservation", async () => {
    const cases: Array<Partial<InventoryPosition>> = [
      { onHand: 0, allocated: 0 },
      { onHand: 5, allocated: 8, available: -3 },
      { onHand: 10, allocated: 0, safetyStock: 20 },
      { onHand: 35, allocated: 0, safetyStock: 0 }, // − 10 reserved
      { onHand: 10.9, allocated: 0.4 }, // fractional stock rounds down
      { onHand: 240, safetyStock: 20 },
    ];
    for (const partial of cases) {
      const position = inventoryPositionSchema.parse({ sku: "WID-100-BLK", locationCode: "AUS-DC1", asOf: "2025-03-14T14:05:00Z", ...partial });
      const out = (await run(inventoryPositionToShopifyQuantities, position)) as { quantities: Array<{ quantity: number }> };
      const quantity = out.quantities[0]?.quantity ?? Number.NaN;
      expect(quantity).toBeGreaterThanOrEqual(0);
      expect(Number.isInteger(quantity)).toBe(true);
      expect(quantity).toBe(Math.max(0, Math.floor(availableToPromise(position) - 10)));
    }
  });
});

describe("SalesOrder → NetSuite salesOrder", () => {
  it("item and discount lines net to the canonical subtotal − discounts, exactly", async () => {
    const out = (await run(salesOrderToNetSuite, sampleSalesOrder)) as { item: { items: Array<{ amount: number }> }; shippingCost: number };
    const cents = out.item.items.reduce((sum, l) => sum + Math.round(l.amount * 100), 0);
    const totals = computeOrderTotals(sampleSalesOrder);
    expect(cents).toBe(totals.subtotal.amountMinor - totals.discounts.amountMinor);
    expect(Math.round(out.shippingCost * 100)).toBe(totals.shipping.amountMinor);
  });
});

describe("NetSuite itemFulfillment → Shipment", () => {
  it("a fulfillment that has not shipped fails instead of reporting a shipment", async () => {
    const input = { ...(testInput(netSuiteItemFulfillmentToShipment, 0) as Record<string, unknown>), shipStatus: { id: "B", refName: "Packed" } };
    await expect(run(netSuiteItemFulfillmentToShipment, input)).rejects.toThrow(/not shipped/);
  });

  it("feeds the 856: NetSuite fulfillment → Shipment → ASN", async () => {
    const shipment = shipmentSchema.parse(await run(netSuiteItemFulfillmentToShipment, testInput(netSuiteItemFulfillmentToShipment, 0)));
    const asn = (await run(shipmentToX12856, shipment)) as Ship856;
    expect(asn.shipment.lading).toEqual({ packagingCode: "CTN25", quantity: 2, weightQualifier: "G", weight: 8.05, weightUom: "LB" });
    expect(asn.orders[0]?.packs?.flatMap((p) => p.items ?? []).map((i) => i.lineNumber)).toEqual(["1", "3"]);
  });
});

describe("X12", () => {
  /** Typed document → segments → a whole interchange → parsed, validated and read back. */
  function throughTheWire(doc: X12Document): { segments: string[]; readBack: X12Document } {
    const body = writeTransactionSet(doc);
    const text = generateX12(
      {
        isa: { senderQualifier: "ZZ", senderId: "NORTHWIND", receiverQualifier: "ZZ", receiverId: "ACME", date: "250317", time: "1642", version: "00401", controlNumber: 1, usage: "T" },
        groups: [{ functionalId: body.functionalId, senderId: "NORTHWIND", receiverId: "ACME", date: "20250317", time: "1642", controlNumber: 1, version: "004010", sets: [{ ...body, controlNumber: 1 }] }],
      },
      { delimiters: { element: "*", component: ">", segment: "~" }, lineBreak: "\n" },
    );
    const parsed = parseX12(text);
    expect(validateX12(parsed).issues).toEqual([]);
    return { segments: body.segments.map((s) => [s.id, ...s.elements].join("*")), readBack: readTransactionSet(parsed.interchanges[0]!.groups[0]!.sets[0]!) };
  }

  it("every 856, 810, 855 and 846 the mappings produce is a valid set that reads back to the same typed JSON", async () => {
    const docs = [
      (await run(shipmentToX12856, sampleShipment)) as X12Document,
      (await run(invoiceToX12810, sampleInvoice)) as X12Document,
      ...[shipmentToX12856, invoiceToX12810, purchaseOrderToX12855, inventoryPositionsToX12846].flatMap((m) => (m.tests ?? []).map((t) => t.expected as X12Document)),
    ];
    for (const doc of docs) expect(throughTheWire(doc).readBack).toEqual(doc);
  });

  it("856 HL levels form S → O → P → I with parents pointing backwards, SSCC in MAN*GM, tracking in REF*CN, SCAC in TD5", async () => {
    const { segments } = throughTheWire((await run(shipmentToX12856, sampleShipment)) as X12Document);
    expect(segments.filter((s) => s.startsWith("HL*"))).toEqual(["HL*1**S*1", "HL*2*1*O*1", "HL*3*2*P*1", "HL*4*3*I*0", "HL*5*2*P*1", "HL*6*5*I*0"]);
    expect(segments).toEqual(expect.arrayContaining(["TD5*B*2*UPSN*U*GROUND", "MAN*GM*000812345000000016", "REF*CN*1Z999AA10123456784", "CTT*6*3"]));
  });

  it("810 TDS is the grand total in cents without a decimal point", async () => {
    const inv = (await run(invoiceToX12810, sampleInvoice)) as Invoice810;
    expect(inv.totalAmount).toBe(sampleInvoice.totals.grandTotal.amountMinor / 100);
    expect(throughTheWire(inv).segments).toContain(`TDS*${sampleInvoice.totals.grandTotal.amountMinor}`);
  });

  it("850 → PurchaseOrder → 855: the acknowledgment echoes every ordered line and quantity", async () => {
    const po = purchaseOrderSchema.parse(await run(x12850ToPurchaseOrder, testInput(x12850ToPurchaseOrder, 0)));
    const ack = (await run(purchaseOrderToX12855, po)) as Ack855;
    expect(ack).toMatchObject({ ackType: "AD", poNumber: po.poNumber, poDate: po.orderDate });
    expect(ack.lines?.map((l) => [l.lineNumber, l.quantity, l.acknowledgements?.[0]?.status])).toEqual(po.lines.map((l) => [l.lineId, l.quantity, "IA"]));
    const rejected = (await run(purchaseOrderToX12855, { ...po, acknowledgedLines: [{ lineId: "2", quantity: 0 }] })) as Ack855;
    expect([rejected.ackType, rejected.lines?.map((l) => l.acknowledgements?.[0]?.status)]).toEqual(["AC", ["IA", "IR"]]);
  });

  it("846 available for sale is never negative and matches availableToPromise summed per SKU", async () => {
    const positions = (testInput(inventoryPositionsToX12846, 0) as unknown[]).map((p) => inventoryPositionSchema.parse(p));
    const advice = (await run(inventoryPositionsToX12846, positions)) as Inventory846;
    const available = advice.items.map((i) => [i.vendorItem, i.quantities?.find((q) => q.qualifier === "33")?.quantity]);
    expect(available).toEqual(positions.map((p) => [p.sku, availableToPromise(p)]));
  });

  it("850 → PurchaseOrder: line amounts add up to AMT*TT exactly", async () => {
    const po = purchaseOrderSchema.parse(await run(x12850ToPurchaseOrder, testInput(x12850ToPurchaseOrder, 0)));
    const sum = po.lines.reduce((total, l) => total + (l.unitPrice?.amountMinor ?? 0) * l.quantity, 0);
    expect(sum).toBe(po.totalAmount?.amountMinor);
    expect(po.lines[0]).toMatchObject({ uom: "CS", unitsPerUom: 12, vendorPartNumber: "GAD-200", buyerPartNumber: "ACM-77120" });
  });
});

describe("standard mappings: missing cross-references", () => {
  it("SalesOrder → NetSuite fails with LOOKUP_MISSING on a SKU the item table does not hold, instead of sending item: {}", async () => {
    const order = { ...sampleSalesOrder, lines: sampleSalesOrder.lines.map((line, i) => (i === 0 ? { ...line, sku: "SKU-1001" } : line)) };
    const err = await run(salesOrderToNetSuite, order).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "MappingError", code: "LOOKUP_MISSING", message: expect.stringContaining("SKU-1001 not found in netsuite-item") });
  });

  it("a discount code without its own item falls back to the \"*\" item; without that either, the code's table is named", async () => {
    const tables = { ...standardLookupTables, "netsuite-discount-item": { "*": "90" } };
    const record = (await run(salesOrderToNetSuite, sampleSalesOrder, tables)) as { item: { items: Array<{ item: { id?: string }; rate: number }> } };
    expect(record.item.items.filter((l) => l.rate < 0).map((l) => l.item.id)).toEqual(expect.arrayContaining(["90"]));
    const err = await run(salesOrderToNetSuite, sampleSalesOrder, { ...standardLookupTables, "netsuite-discount-item": {} }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "LOOKUP_MISSING", message: expect.stringContaining("* not found in netsuite-discount-item") });
  });
});
