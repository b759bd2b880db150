import { expect, it } from "vitest";
import { netsuiteConnector } from "../../src/netsuite/connector";
import type { ActionDefinition } from "../../src/sdk";
import { describeContract, testContext, type ContractTarget } from "../../src/testing";
import { control, realTarget, simulatorTarget, stepError, uniqueId, withBackoff } from "./helpers";

const actions = netsuiteConnector.actions;
const call = (target: ContractTarget, name: keyof typeof actions, input: unknown) => {
  const action: ActionDefinition = actions[name];
  return action.run(testContext(target.connection), action.input.parse(input)) as Promise<Record<string, unknown> | null>;
};

const order = (lines: Array<{ item: string; quantity: number }>, entity = "1042") => ({
  entity: { id: entity },
  otherRefNum: "#1001",
  location: { id: "3" },
  shippingAddress: { addressee: "Acme Hardware LLC", attention: "Dana Ortiz", addr1: "4100 Industrial Blvd", city: "Austin", state: "TX", zip: "78744", country: { id: "US" } },
  item: { items: lines.map((l, i) => ({ item: { id: l.item }, quantity: l.quantity, units: { id: "1" }, custcol_ipaas_line_id: String(i + 1) })) },
});

describeContract("NetSuite", {
  connector: netsuiteConnector,
  simulator: simulatorTarget(),
  real: realTarget,
  tests: (target) => {
    it("a wrong token secret is NetSuite's 401 INVALID_LOGIN, not retried", async () => {
      const t = target();
      const wrong = { ...t.connection, secrets: { ...t.connection.secrets, tokenSecret: "not-the-secret" } };
      const err = await stepError(actions.suiteql.run(testContext(wrong), { query: "SELECT id FROM location" }), "non_retryable");
      expect(err.code).toBe("INVALID_LOGIN");
      expect(err.details?.status).toBe(401);
      expect(err.message).toContain("Invalid login attempt");
      expect(err.message).not.toContain("not-the-secret");
      expect(await netsuiteConnector.test?.({ ...testContext(wrong) })).toMatchObject({ ok: false });
      expect(await netsuiteConnector.test?.({ ...testContext(t.connection) })).toMatchObject({ ok: true });
    });

    it("SuiteQL pages with limit/offset until hasMore is false", async () => {
      const t = target();
      const query = "SELECT id, itemid FROM item ORDER BY id";
      const all = (await call(t, "suiteql", { query, limit: 1000 })) as { items: Array<{ id: string }>; totalResults: number };
      expect(all.totalResults).toBeGreaterThan(3);
      const seen: string[] = [];
      for (let offset = 0; ; offset += 3) {
        const page = (await call(t, "suiteql", { query, limit: 3, offset })) as { items: Array<{ id: string }>; hasMore: boolean; offset: number; totalResults: number };
        expect(page.offset).toBe(offset);
        expect(page.totalResults).toBe(all.totalResults);
        seen.push(...page.items.map((i) => i.id));
        if (!page.hasMore) break;
      }
      expect(seen).toEqual(all.items.map((i) => i.id));
    });

    it("an invalid query is a 400 naming the problem, not retried", async () => {
      const err = await stepError(call(target(), "suiteql", { query: "SELECT nosuchcolumn FROM item WHERE itemid = 'X'" }), "non_retryable");
      expect(err.details?.status).toBe(400);
    });

    it("concurrency governance: 429 CONCURRENCY_LIMIT_EXCEEDED is retryable with Retry-After, and succeeds after backoff", async () => {
      const t = target();
      if (t.kind !== "simulator") return;
      control(t).injectFault({ path: "/query/v1/suiteql", status: 429, count: 1 });
      const err = await stepError(call(t, "findItemBySku", { sku: "WIDGET-RED" }), "retryable");
      expect(err.code).toBe("CONCURRENCY_LIMIT_EXCEEDED");
      expect(err.retryAfterMs).toBe(1000);
      const { value, retries } = await withBackoff(() => call(t, "findItemBySku", { sku: "WIDGET-RED" }));
      expect(retries).toBe(0);
      expect(value).toEqual({ id: "1202", itemId: "WIDGET-RED", displayName: "Widget, Red 100 mm" });
    });

    it("5xx and dropped connections are retryable; the error keeps NetSuite's status and body", async () => {
      const t = target();
      if (t.kind !== "simulator") return;
      control(t).injectFault({ path: "/record/v1/customer", status: 503 });
      const outage = await stepError(call(t, "getCustomer", { externalId: "7712093" }), "retryable");
      expect(outage.details?.status).toBe(503);
      expect(outage.details?.body).toMatchObject({ status: 503, "o:errorDetails": [{ "o:errorCode": "UNEXPECTED_ERROR" }] });
      control(t).injectFault({ path: "/record/v1/customer", drop: true });
      expect((await stepError(call(t, "getCustomer", { externalId: "7712093" }), "retryable")).code).toBe("NETWORK_ERROR");
    });

    it("more requests in flight than the account allows are rejected with 429, and all succeed with backoff", async () => {
      const t = target();
      if (t.kind !== "simulator") return;
      control(t).setGovernance({ concurrencyLimit: 2, latencyMs: 100 });
      try {
        const runs = await Promise.all(Array.from({ length: 6 }, () => withBackoff(() => call(t, "getCustomer", { externalId: "7712093" }))));
        expect(runs.every((r) => (r.value as { id: string }).id === "1042")).toBe(true);
        expect(runs.some((r) => r.retries > 0)).toBe(true);
        expect(control(t).stats().rejectedByGovernance).toBeGreaterThan(0);
        expect(control(t).stats().maxInFlight).toBeLessThanOrEqual(2);
      } finally {
        control(t).setGovernance({ concurrencyLimit: 15, latencyMs: 0 });
      }
    });

    it("a validation error names the field: unknown item → INVALID_KEY_OR_REF at item.items[1].item", async () => {
      const t = target();
      if (t.kind !== "simulator") return;
      const externalId = uniqueId("bad-order");
      const err = await stepError(call(t, "upsertSalesOrder", { externalId, record: order([{ item: "1202", quantity: 1 }, { item: "999999", quantity: 2 }]) }), "non_retryable");
      expect(err.code).toBe("INVALID_KEY_OR_REF");
      expect(err.details?.path).toBe("item.items[1].item");
      expect(err.message).toContain("item.items[1].item");
      expect(err.message).toContain("999999");
      const missing = await stepError(call(t, "upsertSalesOrder", { externalId, record: { item: order([{ item: "1202", quantity: 1 }]).item } }), "non_retryable");
      expect(missing.code).toBe("USER_ERROR");
      expect(missing.details?.path).toBe("entity");
      expect(control(t).records("salesOrder", { externalId })).toHaveLength(0);
    });

    it("upsert by externalId is idempotent: the same order twice is one record, the second reports created=false", async () => {
      const t = target();
      if (t.kind !== "simulator") return;
      const externalId = uniqueId("shopify-order");
      const record = order([{ item: "1202", quantity: 2 }, { item: "4411", quantity: 1 }]);
      const first = await call(t, "upsertSalesOrder", { externalId, record });
      const second = await call(t, "upsertSalesOrder", { externalId, record: { ...record, memo: "retried" } });
      expect(first).toMatchObject({ externalId, created: true });
      expect(second).toEqual({ ...first, created: false });
      const stored = control(t).records("salesOrder", { externalId });
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ id: first?.id, memo: "retried" });
    });

    it("gets a sales order by externalId and by id, with lines and references named", async () => {
      const t = target();
      if (t.kind !== "simulator") return;
      const externalId = uniqueId("shopify-order");
      const { id } = (await call(t, "upsertSalesOrder", { externalId, record: order([{ item: "1201", quantity: 3 }]) })) as { id: string };
      const byEid = await call(t, "getSalesOrder", { externalId });
      expect(byEid).toMatchObject({ id, externalId, entity: { id: "1042" }, item: { items: [{ item: { id: "1201", refName: "WID-100-BLK" }, quantity: 3, amount: 59.97 }] } });
      expect(await call(t, "getSalesOrder", { id })).toEqual(byEid);
      const missing = await stepError(call(t, "getSalesOrder", { externalId: "no-such-order" }), "non_retryable");
      expect(missing.details?.status).toBe(404);
    });

    it("upserts and gets a customer by externalId", async () => {
      const t = target();
      if (t.kind !== "simulator") return;
      const externalId = uniqueId("shopify-customer");
      const created = await call(t, "upsertCustomer", { externalId, record: { isPerson: true, firstName: "Maria", lastName: "Rossi", email: "maria.rossi@example.com" } });
      expect(created).toMatchObject({ externalId, created: true });
      expect(await call(t, "getCustomer", { externalId })).toMatchObject({ id: created?.id, entityId: "Maria Rossi", email: "maria.rossi@example.com" });
      const bad = await stepError(call(t, "upsertCustomer", { externalId: uniqueId("c"), record: { isPerson: true, firstName: "No" } }), "non_retryable");
      expect(bad.details?.path).toBe("lastName");
    });

    it("cross-references SKUs in one query; quotes in a SKU are escaped, unknown SKUs left out", async () => {
      const t = target();
      if (t.kind !== "simulator") return;
      expect(await call(t, "findItemsBySku", { skus: ["WIDGET-RED", "GADGET-XL", "O'Brien ' OR 'a'='a", "WIDGET-RED"] })).toEqual({ "WIDGET-RED": "1202", "GADGET-XL": "4411" });
      expect(await call(t, "findItemBySku", { sku: "O'Brien" })).toBeNull();
      expect(await call(t, "findItemsBySku", { skus: [] })).toEqual({});
    });

    it("reads inventory per location; an open order reduces what is available", async () => {
      const t = target();
      if (t.kind !== "simulator") return;
      const before = (await call(t, "getInventory", { itemId: "4411" })) as { sku: string | null; quantityOnHand: number; quantityAvailable: number; locations: unknown[] };
      expect(before.locations).toHaveLength(2);
      expect(before).toMatchObject({ itemId: "4411", sku: "GADGET-XL", asOf: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
      await call(t, "upsertSalesOrder", { externalId: uniqueId("inv-order"), record: order([{ item: "4411", quantity: 2 }]) });
      const after = (await call(t, "getInventory", { itemId: "4411", locationId: "3" })) as { locations: Array<{ quantityOnHand: number; quantityAvailable: number }> };
      expect(after.locations).toHaveLength(1);
      expect(after.locations[0]?.quantityAvailable).toBe((after.locations[0]?.quantityOnHand ?? 0) - 2 - (before.quantityOnHand - before.quantityAvailable));
    });

    it("reads inventory levels of many SKUs in one action (unknown SKUs left out), or of every inventory item", async () => {
      const t = target();
      if (t.kind !== "simulator") return;
      const levels = (await call(t, "getInventoryLevels", { skus: ["WIDGET-RED", "GADGET-XL", "NO-SUCH-SKU"], locationId: "3" })) as unknown as Array<{ itemId: string; sku: string; locations: unknown[] }>;
      expect(levels.map((l) => [l.sku, l.itemId, l.locations.length])).toEqual([["GADGET-XL", "4411", 1], ["WIDGET-RED", "1202", 1]]);
      const one = (await call(t, "getInventory", { itemId: "4411", locationId: "3" })) as Record<string, unknown>;
      expect({ ...levels[0], asOf: "" }).toEqual({ ...one, asOf: "" });
      const all = (await call(t, "getInventoryLevels", {})) as unknown as Array<{ sku: string }>;
      expect(all.map((l) => l.sku)).toContain("PAINT-1L");
      expect(all.map((l) => l.sku)).not.toContain("Discount");
    });

    it("creates an invoice (idempotent with an externalId) and reads it back", async () => {
      const t = target();
      if (t.kind !== "simulator") return;
      const record = { externalId: uniqueId("INV"), entity: { id: "1077" }, item: { items: [{ item: { id: "6101" }, quantity: 4, rate: 12.5 }] } };
      const { id } = (await call(t, "createInvoice", { record })) as { id: string };
      expect(await call(t, "createInvoice", { record })).toEqual({ id });
      expect(await call(t, "getInvoice", { id })).toMatchObject({ id, entity: { id: "1077" }, total: 50, item: { items: [{ item: { refName: "BOLT-M8" } }] } });
      const plain = (await call(t, "createInvoice", { record: { entity: { id: "1077" }, item: { items: [{ item: { id: "6101" }, quantity: 1 }] } } })) as { id: string };
      expect(plain.id).not.toBe(id);
    });
  },
});
