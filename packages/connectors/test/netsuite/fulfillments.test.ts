import { shipmentSchema } from "@ipaas/canonical";
import { evaluateExpression } from "@ipaas/mapping-engine";
import { netSuiteItemFulfillmentToShipment, shipmentToX12856, standardLookup } from "@ipaas/standard-mappings";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { netsuiteConnector } from "../../src/netsuite/connector";
import { itemFulfillmentsSince } from "../../src/netsuite/poll";
import { startNetSuiteSimulator } from "../../src/netsuite/simulator";
import { testContext } from "../../src/testing";
import { connectionTo, uniqueId } from "./helpers";

/**
 * The fulfillment poll against the simulator (it creates fulfillments on command,
 * so this suite runs only there): the watermark across polls, same-second ties,
 * and the payload mapping cleanly to a canonical Shipment.
 */
describe("NetSuite itemFulfillmentsSince (simulator)", () => {
  let sim: Awaited<ReturnType<typeof startNetSuiteSimulator>>;
  const ctx = () => testContext(connectionTo(sim.credentials, sim.url));
  const poll = (cursor: unknown) => itemFulfillmentsSince.run(ctx(), { cursor, options: {} });
  const upsertOrder = async (externalId: string, otherRefNum: string) => {
    const input = { externalId, record: {
      entity: { id: "1042" }, otherRefNum, location: { id: "3" },
      shippingAddress: { addressee: "Acme Hardware LLC", attention: "Dana Ortiz", addr1: "4100 Industrial Blvd", city: "Austin", state: "TX", zip: "78744", country: { id: "US" } },
      item: { items: [
        { item: { id: "1202" }, quantity: 2, units: { id: "1" }, custcol_ipaas_line_id: "1" },
        { item: { id: "90" }, rate: -4, amount: -4 },
        { item: { id: "4411" }, quantity: 1, units: { id: "1" }, custcol_ipaas_line_id: "2" },
      ] },
    } };
    return netsuiteConnector.actions.upsertSalesOrder.run(ctx(), input);
  };

  beforeAll(async () => {
    sim = await startNetSuiteSimulator({});
  });
  afterAll(async () => sim.close());

  it("emits each fulfillment once across polls, with a watermark that survives same-second changes", async () => {
    sim.control.reset();
    expect(await poll(null)).toEqual({ items: [], cursor: null });
    const a = uniqueId("so-a");
    const b = uniqueId("so-b");
    await upsertOrder(a, "#1001");
    await upsertOrder(b, "#1002");
    const [fa] = sim.control.createFulfillments({ salesOrderExternalId: a, trackingNumbers: ["1Z999AA10123456784"] });
    const first = await poll(null);
    expect(first.items.map((i) => i.id)).toEqual([`${String(fa?.id)}@${(first.cursor as { lastModified: string }).lastModified}`]);
    expect(await poll(first.cursor)).toEqual({ items: [], cursor: first.cursor });

    // Created in the same second as the watermark (NetSuite keeps seconds): still found, once.
    const [fb] = sim.control.createFulfillments({ salesOrderExternalId: b, carrier: "FEDEX" });
    const second = await poll(first.cursor);
    expect(second.items.map((i) => i.id.split("@")[0])).toEqual([fb?.id]);
    expect(second.cursor).toMatchObject({ lastId: fb?.id });
    expect((await poll(second.cursor)).items).toEqual([]);
    expect(sim.control.createFulfillments({ all: true })).toEqual([]); // every order is already fulfilled
  });

  it("the payload maps with the standard mapping to a valid canonical Shipment", async () => {
    sim.control.reset();
    const externalId = uniqueId("5273849012345");
    await upsertOrder(externalId, "#1001");
    sim.control.createFulfillments({ salesOrderExternalId: externalId, carrier: "UPS", trackingNumbers: ["1Z999AA10123456784"] });
    const { items } = await poll(null);
    expect(items).toHaveLength(1);
    const payload = items[0]?.payload as Record<string, unknown>;
    expect(payload).toMatchObject({ createdFrom: { externalId }, otherRefNum: "#1001", shipStatus: { id: "C" }, package: { items: [{ packageTrackingNumber: "1Z999AA10123456784" }] } });
    const shipment = shipmentSchema.parse(await evaluateExpression(netSuiteItemFulfillmentToShipment.expression, payload, { lookup: standardLookup() }));
    expect(shipment).toMatchObject({
      orderRefs: [{ orderNumber: "#1001", externalId }],
      carrier: "UPS",
      serviceLevel: "GROUND",
      partial: false,
      packages: [{ trackingNumber: "1Z999AA10123456784", lines: [{ lineId: "1", sku: "WIDGET-RED", quantity: 2 }, { lineId: "2", sku: "GADGET-XL", quantity: 1 }] }],
    });
  });

  it("an EDI order's fulfillment carries what an 856 needs: the PO number, one SSCC per carton, lines spread over the cartons", async () => {
    sim.control.reset();
    const externalId = uniqueId("edi:ZZ:ACME:4500012345");
    await upsertOrder(externalId, "4500012345");
    const ssccs = ["006141410000000012", "006141410000000029"];
    sim.control.createFulfillments({ salesOrderExternalId: externalId, trackingNumbers: ["1Z999AA10123456784"], ssccs });
    const { items } = await poll(null);
    const shipment = shipmentSchema.parse(await evaluateExpression(netSuiteItemFulfillmentToShipment.expression, items[0]?.payload, { lookup: standardLookup() }));
    expect(shipment.orderRefs).toEqual([{ orderNumber: "4500012345", externalId }]);
    expect(shipment.packages.map((p) => [p.sscc, p.lines.map((l) => l.sku)])).toEqual([[ssccs[0], ["WIDGET-RED"]], [ssccs[1], ["GADGET-XL"]]]);
    expect(shipment.packages[0]?.trackingNumber).toBe("1Z999AA10123456784");
    const asn = (await evaluateExpression(shipmentToX12856.expression, shipment, { lookup: standardLookup() })) as { orders: Array<{ poNumber: string; packs?: Array<{ sscc?: string }> }> };
    expect(asn.orders.map((o) => o.poNumber)).toEqual(["4500012345"]);
    expect(asn.orders[0]?.packs?.map((p) => p.sscc)).toEqual(ssccs);
  });

  it("POST /__sim/fulfillments and GET /__sim/records work over HTTP for the devstack", async () => {
    sim.control.reset();
    const externalId = uniqueId("http-order");
    await upsertOrder(externalId, "#1003");
    const res = await fetch(`${sim.url}/__sim/fulfillments`, { method: "POST", body: JSON.stringify({ salesOrderExternalId: externalId }) });
    expect(res.status).toBe(200);
    const listed = (await (await fetch(`${sim.url}/__sim/records/salesOrder?externalId=${externalId}`)).json()) as { items: Array<{ status: { refName: string } }> };
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]?.status.refName).toBe("Pending Billing");
  });
});
