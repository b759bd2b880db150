import { invoiceSchema } from "@ipaas/canonical";
import { evaluateExpression } from "@ipaas/mapping-engine";
import { netSuiteInvoiceToInvoice, standardLookup } from "@ipaas/standard-mappings";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { netsuiteConnector } from "../../src/netsuite/connector";
import { invoicesSince, itemFulfillmentsSince } from "../../src/netsuite/poll";
import { startNetSuiteSimulator } from "../../src/netsuite/simulator";
import { runSuiteQL } from "../../src/netsuite/suiteql";
import { testContext } from "../../src/testing";
import { connectionTo, uniqueId } from "./helpers";

/**
 * Billing in the simulator (createInvoices, as NetSuite's "Bill" button) and the
 * "Invoices changed" poll: the watermark across polls, the sales order's externalId
 * and PO number on the payload, and the payload mapping to a canonical Invoice.
 */
describe("NetSuite invoices (simulator)", () => {
  let sim: Awaited<ReturnType<typeof startNetSuiteSimulator>>;
  const ctx = () => testContext(connectionTo(sim.credentials, sim.url));
  const poll = (cursor: unknown) => invoicesSince.run(ctx(), { cursor, options: {} });
  const upsertOrder = async (externalId: string, otherRefNum: string) =>
    netsuiteConnector.actions.upsertSalesOrder.run(ctx(), {
      externalId,
      record: {
        entity: { id: "1042" }, otherRefNum, location: { id: "3" }, shipMethod: { id: "12" }, shippingCost: 12,
        shippingAddress: { addressee: "Acme Hardware LLC", addr1: "4100 Industrial Blvd", city: "Austin", state: "TX", zip: "78744", country: { id: "US" } },
        item: { items: [
          { item: { id: "1202" }, quantity: 2, units: { id: "1" }, custcol_ipaas_line_id: "1" },
          { item: { id: "90" }, rate: -4, amount: -4 },
          { item: { id: "4411" }, quantity: 1, rate: 129, units: { id: "1" }, custcol_ipaas_line_id: "2" },
        ] },
      },
    });

  beforeAll(async () => {
    sim = await startNetSuiteSimulator({});
  });
  afterAll(async () => sim.close());

  it("bills a fulfilled order like NetSuite: lines, totals, PO number, order Billed; SuiteQL and REST GET return the invoice", async () => {
    sim.control.reset();
    const externalId = uniqueId("so-bill");
    const { id: soId } = await upsertOrder(externalId, "4500012345");
    expect(() => sim.control.createInvoices({ salesOrderExternalId: externalId })).toThrow(/nothing fulfilled left to bill/);
    expect(() => sim.control.createInvoices({ salesOrderExternalId: "no-such-order" })).toThrow(/no sales order/);
    sim.control.createFulfillments({ salesOrderExternalId: externalId });
    const [invoice] = sim.control.createInvoices({ salesOrderExternalId: externalId });
    expect(invoice).toMatchObject({
      tranId: expect.stringMatching(/^INV-/),
      createdFrom: { id: soId, refName: expect.stringMatching(/^Sales Order #SO-/) },
      entity: { id: "1042", refName: "CUST-1042 Acme Hardware LLC" },
      currency: { id: "1", refName: "USD" },
      otherRefNum: "4500012345",
      terms: { refName: "Net 30" },
      status: { refName: "Open" },
      item: { items: [
        { line: 1, orderLine: 1, item: { id: "1202", refName: "WIDGET-RED" }, quantity: 2, rate: 19.99, amount: 39.98, custcol_ipaas_line_id: "1" },
        { line: 2, item: { id: "90" }, rate: -4, amount: -4 },
        { line: 3, item: { id: "4411", refName: "GADGET-XL" }, quantity: 1, rate: 129, amount: 129 },
      ] },
      subtotal: 164.98, shippingCost: 12, total: 176.98, amountPaid: 0, amountRemaining: 176.98,
    });
    const [order] = sim.control.records("salesOrder", { externalId });
    expect(order?.status).toEqual({ id: "G", refName: "Billed" });
    expect(sim.control.createInvoices({})).toEqual([]); // nothing else is fulfilled and unbilled

    const id = String(invoice?.id);
    const rows = await runSuiteQL(ctx(), "SELECT id, tranid, otherrefnum, createdfrom FROM transaction WHERE type = 'CustInvc'");
    expect(rows.items).toEqual([{ id, tranid: invoice?.tranId, otherrefnum: "4500012345", createdfrom: soId }]);
    expect(await netsuiteConnector.actions.getInvoice.run(ctx(), { id })).toMatchObject({ id, tranId: invoice?.tranId, total: 176.98, item: { totalResults: 3 } });
  });

  it("emits each invoice once across polls (same-second changes included), with the order's externalId and PO number; fulfillments stay out", async () => {
    sim.control.reset();
    expect(await poll(null)).toEqual({ items: [], cursor: null });
    const a = uniqueId("so-a");
    const b = uniqueId("so-b");
    await upsertOrder(a, "PO-A");
    await upsertOrder(b, "PO-B");
    sim.control.createFulfillments({ all: true });
    expect((await poll(null)).items).toEqual([]); // fulfillments are another transaction type
    const [ia] = sim.control.createInvoices({ salesOrderExternalId: a });
    const first = await poll(null);
    expect(first.items.map((i) => i.id)).toEqual([`${String(ia?.id)}@${(first.cursor as { lastModified: string }).lastModified}`]);
    expect(first.items[0]?.payload).toMatchObject({ id: ia?.id, otherRefNum: "PO-A", createdFrom: { externalId: a }, item: { items: [{ item: { refName: "WIDGET-RED" } }, {}, {}] } });
    expect(first.items[0]?.payload).not.toHaveProperty("links");
    expect(await poll(first.cursor)).toEqual({ items: [], cursor: first.cursor });

    const [ib] = sim.control.createInvoices({ salesOrderExternalId: b });
    const second = await poll(first.cursor);
    expect(second.items.map((i) => i.id.split("@")[0])).toEqual([ib?.id]);
    expect(second.cursor).toMatchObject({ lastId: ib?.id });
    expect((await poll(second.cursor)).items).toEqual([]);
    // The fulfillment poll is the same watermark logic on its own type.
    expect((await itemFulfillmentsSince.run(ctx(), { cursor: null, options: {} })).items).toHaveLength(2);
  });

  it("the payload maps with the standard mapping to a valid Invoice whose order reference is the PO number", async () => {
    sim.control.reset();
    const externalId = uniqueId("edi:ZZ:ACME:4500012345");
    await upsertOrder(externalId, "4500012345");
    sim.control.createFulfillments({ salesOrderExternalId: externalId });
    sim.control.createInvoices({ salesOrderExternalId: externalId });
    const { items } = await poll(null);
    const invoice = invoiceSchema.parse(await evaluateExpression(netSuiteInvoiceToInvoice.expression, items[0]?.payload, { lookup: standardLookup() }));
    expect(invoice).toMatchObject({
      orderRef: { orderNumber: "4500012345", externalId },
      currency: "USD",
      status: "open",
      terms: { code: "NET30", netDays: 30 },
      lines: [
        { lineId: "1", sku: "WIDGET-RED", quantity: 2, unitPrice: { amountMinor: 1999 }, discounts: [{ amount: { amountMinor: 400 } }] },
        { lineId: "2", sku: "GADGET-XL", quantity: 1, unitPrice: { amountMinor: 12900 }, discounts: [] },
      ],
      shippingLines: [{ carrier: "UPS", price: { amountMinor: 1200 } }],
      totals: { subtotal: { amountMinor: 16898 }, discounts: { amountMinor: 400 }, grandTotal: { amountMinor: 17698 } },
    });
  });

  it("POST /__sim/invoices bills over HTTP (404 naming why when it cannot) and GET /__sim has the control page", async () => {
    sim.control.reset();
    const externalId = uniqueId("http-order");
    await upsertOrder(externalId, "PO-HTTP");
    const bill = () => fetch(`${sim.url}/__sim/invoices`, { method: "POST", body: JSON.stringify({ salesOrderExternalId: externalId }) });
    const early = await bill();
    expect([early.status, ((await early.json()) as { error: string }).error]).toEqual([404, `sales order ${externalId} has nothing fulfilled left to bill`]);
    await fetch(`${sim.url}/__sim/fulfillments`, { method: "POST", body: JSON.stringify({ salesOrderExternalId: externalId }) });
    const res = await bill();
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: Array<{ tranId: string; otherRefNum: string }> };
    expect(items).toMatchObject([{ tranId: expect.stringMatching(/^INV-/), otherRefNum: "PO-HTTP" }]);
    const listed = (await (await fetch(`${sim.url}/__sim/records/invoice`)).json()) as { items: Array<{ tranId: string }> };
    expect(listed.items.map((i) => i.tranId)).toEqual([items[0]?.tranId]);
    const page = await fetch(`${sim.url}/__sim`);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(await page.text()).toContain('fetch(path, { method: "POST"');
  });
});
