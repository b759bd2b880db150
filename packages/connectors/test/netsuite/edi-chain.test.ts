import { inventoryPositionSchema, invoiceSchema, salesOrderSchema, shipmentSchema } from "@ipaas/canonical";
import { evaluateExpression, type MappingInput } from "@ipaas/mapping-engine";
import {
  inventoryPositionsToX12846,
  invoiceToX12810,
  mappingTargetSchemas,
  netSuiteInventoryToInventoryPositions,
  netSuiteInvoiceToInvoice,
  netSuiteItemFulfillmentToShipment,
  purchaseOrderToSalesOrder,
  salesOrderToNetSuite,
  shipmentToX12856,
  standardLookup,
  standardLookupTables,
} from "@ipaas/standard-mappings";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { netsuiteConnector } from "../../src/netsuite/connector";
import { invoicesSince, itemFulfillmentsSince } from "../../src/netsuite/poll";
import { startNetSuiteSimulator } from "../../src/netsuite/simulator";
import { testContext } from "../../src/testing";
import { connectionTo } from "./helpers";

/**
 * The NetSuite half of the EDI walkthrough (issue 16's first e2e) without the X12
 * transport: a retailer's PO becomes a sales order in the simulator, is shipped with
 * SSCC-labelled cartons and billed, and the two polls' payloads map through the
 * standard mappings to a valid typed 856 and 810 quoting the retailer's PO number.
 */
describe("NetSuite → 856 / 810 through the standard mappings (simulator)", () => {
  let sim: Awaited<ReturnType<typeof startNetSuiteSimulator>>;
  const ctx = () => testContext(connectionTo(sim.credentials, sim.url));
  // The retailer is a NetSuite customer like any other: the EDI buyer key → its internal id.
  const tables = { ...standardLookupTables, "netsuite-customer": { ...standardLookupTables["netsuite-customer"], "Acme Hardware LLC": "1042" } };
  const map = (m: MappingInput, input: unknown) => evaluateExpression(m.expression, input, { lookup: standardLookup(tables) });
  const targetSchema = (name: string) => {
    const schema = mappingTargetSchemas[name];
    if (!schema) throw new Error(`no target schema ${name}`);
    return schema;
  };

  beforeAll(async () => {
    sim = await startNetSuiteSimulator({});
  });
  afterAll(async () => sim.close());

  it("a PO's order, shipped and billed in NetSuite, yields an 856 with an SSCC per carton and an 810 for the billed lines", async () => {
    const po = (purchaseOrderToSalesOrder.tests ?? [])[0]?.input;
    const order = salesOrderSchema.parse(await map(purchaseOrderToSalesOrder, po));
    const record = (await map(salesOrderToNetSuite, order)) as Record<string, unknown>;
    await netsuiteConnector.actions.upsertSalesOrder.run(ctx(), { externalId: order.externalId ?? "", record });

    const ssccs = ["006141410000000012", "006141410000000029"];
    sim.control.createFulfillments({ salesOrderExternalId: order.externalId, ssccs });
    const shipped = await itemFulfillmentsSince.run(ctx(), { cursor: null, options: {} });
    const shipment = shipmentSchema.parse(await map(netSuiteItemFulfillmentToShipment, shipped.items[0]?.payload));
    const asn = targetSchema("X12 856").parse(await map(shipmentToX12856, shipment)) as { orders: Array<{ poNumber: string; packs?: Array<{ sscc?: string; items?: Array<{ vendorItem?: string }> }> }> };
    expect(asn.orders.map((o) => o.poNumber)).toEqual(["4500012345"]);
    expect(asn.orders[0]?.packs?.map((p) => [p.sscc, p.items?.map((i) => i.vendorItem)])).toEqual([[ssccs[0], ["GAD-200"]], [ssccs[1], ["WID-100-BLK"]]]);

    sim.control.createInvoices({ salesOrderExternalId: order.externalId });
    const billed = await invoicesSince.run(ctx(), { cursor: null, options: {} });
    const invoice = invoiceSchema.parse(await map(netSuiteInvoiceToInvoice, billed.items[0]?.payload));
    const doc = targetSchema("X12 810").parse(await map(invoiceToX12810, invoice)) as { poNumber?: string; totalAmount: number; lines: Array<{ lineNumber: string; quantity: number; vendorItem?: string }> };
    expect(doc.poNumber).toBe("4500012345");
    expect(doc.lines.map((l) => [l.lineNumber, l.quantity, l.vendorItem])).toEqual(order.lines.map((l) => [l.lineId, l.quantity, l.sku]));
    expect(Math.round(doc.totalAmount * 100)).toBe(invoice.totals.grandTotal.amountMinor);
  });

  it("inventory levels of the retailer's SKUs yield an 846 with one item per SKU and location", async () => {
    sim.control.reset();
    const levels = await netsuiteConnector.actions.getInventoryLevels.run(ctx(), { skus: ["GAD-200", "WID-100-BLK"], locationId: "3" });
    const positions = ((await map(netSuiteInventoryToInventoryPositions, levels)) as unknown[]).map((p) => inventoryPositionSchema.parse(p));
    expect(positions.map((p) => [p.sku, p.locationCode, p.onHand])).toEqual([["GAD-200", "AUS-DC1", 36], ["WID-100-BLK", "AUS-DC1", 240]]);
    const doc = targetSchema("X12 846").parse(await map(inventoryPositionsToX12846, positions)) as { items: Array<{ vendorItem?: string }> };
    expect(doc.items.map((i) => i.vendorItem)).toEqual(["GAD-200", "WID-100-BLK"]);
  });
});
