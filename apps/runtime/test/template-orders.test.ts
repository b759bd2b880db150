import { startNetSuiteSimulator, startShopifySimulator } from "@ipaas/connectors";
import { createConnection, createFlow, listRunDeadLetters, upsertLookupTable } from "@ipaas/db";
import { resubmitDeadLetter } from "@ipaas/jobs";
import { selectRows } from "@ipaas/db/testing";
import { standardLookupTables } from "@ipaas/standard-mappings";
import { netSuiteFulfillmentToShopify, shopifyOrderToNetSuite } from "@ipaas/templates";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/logger";
import { pollOnce } from "../src/triggers/polls";
import { registry } from "@ipaas/connectors";
import { startHarness, type Harness } from "./helpers/harness";

/*
 * Template 1 end to end on the real runtime (ingress + worker), real Postgres and
 * Redis, and both simulators speaking their real protocols: Shopify sends signed
 * orders/create webhooks (some twice), the flow upserts NetSuite customers and
 * sales orders over OAuth 1.0a and tags the Shopify orders.
 */
let h: Harness;
let shopify: Awaited<ReturnType<typeof startShopifySimulator>>;
let netsuite: Awaited<ReturnType<typeof startNetSuiteSimulator>>;
let ingress: string;
let flowId: string;
let closeServer: (() => Promise<void>) | undefined;

const SHOP = { shopDomain: "test-shop.myshopify.com", accessToken: "shpat_test", webhookSecret: "whsec_test" };
const NS = { accountId: "1234567_SB1", consumerKey: "ck", consumerSecret: "cs", tokenId: "tid", tokenSecret: "ts" };

beforeAll(async () => {
  h = await startHarness();
  shopify = await startShopifySimulator({ ...SHOP, webhookRetry: { baseDelayMs: 50 } });
  netsuite = await startNetSuiteSimulator(NS);
  const keyRing = h.keyRing;
  const actor = null;
  await createConnection(h.db, {
    name: "Shop",
    connectorId: "shopify",
    environment: "sandbox",
    config: { shopDomain: SHOP.shopDomain, apiVersion: "2025-01", baseUrl: shopify.url },
    secrets: { accessToken: SHOP.accessToken, webhookSecret: SHOP.webhookSecret },
    keyRing,
    actor,
  });
  const { accountId, ...nsSecrets } = NS;
  await createConnection(h.db, { name: "ERP", connectorId: "netsuite", environment: "sandbox", config: { accountId, baseUrl: netsuite.url }, secrets: nsSecrets, keyRing, actor });
  for (const table of ["netsuite-item", "netsuite-discount-item", "netsuite-unit"]) await upsertLookupTable(h.db, table, standardLookupTables[table]!);
  ({ flow: { id: flowId } } = await createFlow(h.db, {
    name: "Orders to NetSuite",
    definition: shopifyOrderToNetSuite.build({ shopify: "Shop", netsuite: "ERP" }),
    publish: { message: "test" },
  }));
  const server = await h.server();
  ingress = await server.listen({ port: 0, host: "127.0.0.1" });
  closeServer = () => server.close();
  shopify.control.subscribe("orders/create", `${ingress}/v1/hooks/${flowId}`);
}, 60_000);
afterAll(async () => {
  await closeServer?.();
  await shopify?.close();
  await netsuite?.close();
  await h?.close();
});

async function runsByStatus(id = flowId) {
  const rows = await selectRows(h.db, "runs", { flowId: id });
  return rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
}

describe("template: Shopify order → NetSuite sales order", () => {
  it("turns 20 orders (with redelivered duplicates) into exactly 20 NetSuite sales orders and tags them", { timeout: 90_000 }, async () => {
    const orders = shopify.control.generateOrders({ count: 20, duplicateEvery: 4 });
    const deadline = Date.now() + 75_000;
    while (((await runsByStatus()).succeeded ?? 0) < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await runsByStatus()).toEqual({ succeeded: 20 });

    const salesOrders = netsuite.control.records("salesOrder");
    expect(salesOrders).toHaveLength(20);
    for (const order of orders) {
      const [record] = netsuite.control.records("salesOrder", { externalId: String(order.id) });
      expect(record, `sales order for ${order.name}`).toBeDefined();
      expect(shopify.control.order(String(order.id))?.tags).toContain(`netsuite-so-${(record as { id: string }).id}`);
    }
    // Duplicates were delivered and refused as duplicates, not run twice.
    expect(shopify.control.deliveries().length).toBeGreaterThan(20);
    const [run] = await selectRows(h.db, "runs", { flowId, businessKey: orders[0]!.name });
    expect(run?.status).toBe("succeeded");
  });

  it("turns the NetSuite fulfillments of those orders into Shopify fulfillments with tracking, once", { timeout: 90_000 }, async () => {
    for (const table of ["netsuite-ship-method", "netsuite-location-address"]) await upsertLookupTable(h.db, table, standardLookupTables[table]!);
    const { flow } = await createFlow(h.db, {
      name: "Fulfillments to Shopify",
      definition: netSuiteFulfillmentToShopify.build({ shopify: "Shop", netsuite: "ERP" }),
      publish: { message: "test" },
    });
    const shipped = netsuite.control.createFulfillments({ all: true, carrier: "UPS" });
    expect(shipped.length).toBe(20);
    const deps = { db: h.db, runs: h.queue, registry, connections: h.connections, logger: createLogger("silent") };
    expect(await pollOnce(deps, flow.id)).toMatchObject({ created: 20 });
    const deadline = Date.now() + 60_000;
    while (((await runsByStatus(flow.id)).succeeded ?? 0) < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await runsByStatus(flow.id)).toEqual({ succeeded: 20 });

    const fulfillments = shopify.control.fulfillments();
    expect(fulfillments).toHaveLength(20);
    expect(fulfillments.every((f) => JSON.stringify(f).includes("UPS"))).toBe(true);
    // Polling again finds nothing new: no second fulfillment anywhere.
    expect(await pollOnce(deps, flow.id)).toMatchObject({ created: 0 });
    expect(shopify.control.fulfillments()).toHaveLength(20);
  });

  it("an order with a SKU missing from netsuite-item dead-letters naming it before any NetSuite call; after the entry is added, the resubmitted run succeeds", { timeout: 60_000 }, async () => {
    const { "PAINT-1L": paint, ...withoutPaint } = standardLookupTables["netsuite-item"]!;
    await upsertLookupTable(h.db, "netsuite-item", withoutPaint);
    const before = netsuite.control.stats().requests;
    const order = shopify.control.createOrder({ lines: [{ sku: "WID-100-BLK", quantity: 2 }, { sku: "PAINT-1L", quantity: 1 }] });
    const dead = async () => (await selectRows(h.db, "runs", { flowId, businessKey: order.name }))[0];
    const deadline = Date.now() + 30_000;
    while ((await dead())?.status !== "dead" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const run = await dead();
    expect(run?.status).toBe("dead");
    const [letter] = await listRunDeadLetters(h.db, run!.id);
    expect(letter).toMatchObject({ nodeId: "items", attempts: 1, errorClass: "non_retryable" });
    expect(letter!.error).toMatchObject({ code: "LOOKUP_MISSING", message: expect.stringContaining("PAINT-1L not found in netsuite-item") });
    // Stopped before the customer upsert: NetSuite heard nothing of this order.
    expect(netsuite.control.stats().requests).toBe(before);
    expect(netsuite.control.records("salesOrder", { externalId: String(order.id) })).toEqual([]);

    // The analyst adds the entry; the operator resubmits the dead letter.
    await upsertLookupTable(h.db, "netsuite-item", { ...withoutPaint, "PAINT-1L": paint });
    await resubmitDeadLetter({ db: h.db, queue: h.queue }, { deadLetterId: letter!.id, actor: { id: null, email: "ops@example.com" } });
    const done = Date.now() + 30_000;
    while ((await dead())?.status !== "succeeded" && Date.now() < done) await new Promise((r) => setTimeout(r, 100));
    expect((await dead())?.status).toBe("succeeded");
    const [record] = netsuite.control.records("salesOrder", { externalId: String(order.id) }) as Array<{ item: { items: Array<{ item: { id: string } }> } }>;
    expect(record?.item.items.map((l) => l.item.id)).toEqual(expect.arrayContaining(["1201", paint]));
  });
});
