import { updateLookupTable, upsertLookupEntry, upsertLookupTable } from "@ipaas/db";
import { countQueries, createTestDatabase, terminateListeners, type TestDatabase } from "@ipaas/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LookupCache } from "../src/worker/lookup-cache";

/* The per-process cross-reference cache on real Postgres: batched reads, NOTIFY invalidation, a lost listener. */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

async function eventually(check: () => Promise<boolean>, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("not seen in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function listening(cache: LookupCache, retryMs = 50) {
  const listener = cache.listen(t.url, { retryMs });
  await listener.ready;
  return listener;
}

describe("LookupCache", () => {
  it("serves 50 orders with the same SKUs (concurrent and later ones, absent SKUs included) with one query", async () => {
    await upsertLookupTable(t.db, "netsuite-item", { "WID-100-BLK": "1201", "GAD-200": "4410" });
    const cache = new LookupCache(t.db);
    const listener = await listening(cache);
    try {
      const order = ["WID-100-BLK", "GAD-200", "SKU-404"];
      const { result, queries } = await countQueries(t, async () => {
        const first = await Promise.all(Array.from({ length: 25 }, () => cache.lookupMany("sandbox", "netsuite-item", order)));
        for (let i = 0; i < 25; i++) first.push(await cache.lookupMany("sandbox", "netsuite-item", order));
        return first;
      });
      expect(queries).toBe(1);
      for (const found of result) expect(Object.fromEntries(found)).toEqual({ "WID-100-BLK": "1201", "GAD-200": "4410" });
      expect(await countQueries(t, () => cache.lookup("sandbox", "netsuite-item", "GAD-200"))).toEqual({ result: "4410", queries: 0 });
      // A new key costs one query for the new key only.
      expect((await countQueries(t, () => cache.lookupMany("sandbox", "netsuite-item", ["GAD-200", "KIT-STARTER"]))).queries).toBe(1);
    } finally {
      await listener.close();
    }
  });

  it("sees a committed change within a short wait, for the changed table only", async () => {
    await upsertLookupTable(t.db, "sku-a", { "SKU-1": "A1" });
    await upsertLookupTable(t.db, "sku-b", { "SKU-1": "B1" });
    const cache = new LookupCache(t.db);
    const listener = await listening(cache);
    try {
      expect(await cache.lookup("sandbox", "sku-a", "SKU-1001")).toBeUndefined();
      expect(await cache.lookup("sandbox", "sku-b", "SKU-1")).toBe("B1");
      await upsertLookupTable(t.db, "sku-a", { "SKU-1": "A1", "SKU-1001": "A1001" });
      const started = Date.now();
      await eventually(async () => (await cache.lookup("sandbox", "sku-a", "SKU-1001")) === "A1001", 1000);
      expect(Date.now() - started).toBeLessThan(1000);
      // The other table stayed cached.
      expect((await countQueries(t, () => cache.lookup("sandbox", "sku-b", "SKU-1"))).queries).toBe(0);
    } finally {
      await listener.close();
    }
  });

  it("holds nothing while its LISTEN connection is lost (reads go to the database), and caches again once it is back", async () => {
    await upsertLookupTable(t.db, "sku-c", { "SKU-1": "C1" });
    const cache = new LookupCache(t.db);
    // Reconnects after a second: long enough for the steps below to run while it is down.
    const listener = await listening(cache, 1000);
    try {
      expect(await cache.lookup("sandbox", "sku-c", "SKU-1")).toBe("C1");
      expect(await terminateListeners(t.pool)).toBe(1);
      // Once the loss is noticed the cached answer is gone: every read goes to the database.
      await eventually(async () => (await countQueries(t, () => cache.lookup("sandbox", "sku-c", "SKU-1"))).queries === 1);
      // Changed while nobody listens: the cache must not answer the old value.
      await upsertLookupTable(t.db, "sku-c", { "SKU-1": "C2" });
      expect(await cache.lookup("sandbox", "sku-c", "SKU-1")).toBe("C2");
      // Reconnected: cached again (a second read costs no query).
      await eventually(async () => {
        await cache.lookup("sandbox", "sku-c", "SKU-1");
        return (await countQueries(t, () => cache.lookup("sandbox", "sku-c", "SKU-1"))).queries === 0;
      });
    } finally {
      await listener.close();
    }
    // Closed: not listening, so never cached.
    expect((await countQueries(t, () => cache.lookup("sandbox", "sku-c", "SKU-1"))).queries).toBe(1);
  });

  it("keeps at most its bound of entries, dropping the oldest", async () => {
    await upsertLookupTable(t.db, "sku-d", { K1: "1", K2: "2", K3: "3" });
    const cache = new LookupCache(t.db, 2);
    const listener = await listening(cache);
    try {
      expect(Object.fromEntries(await cache.lookupMany("sandbox", "sku-d", ["K1", "K2", "K3"]))).toEqual({ K1: "1", K2: "2", K3: "3" });
      expect((await countQueries(t, () => cache.lookupMany("sandbox", "sku-d", ["K2", "K3"]))).queries).toBe(0);
      expect((await countQueries(t, () => cache.lookup("sandbox", "sku-d", "K1"))).queries).toBe(1);
    } finally {
      await listener.close();
    }
  });

  it("keeps environments apart and drops only the changed environment (a rename drops every environment)", async () => {
    const table = await upsertLookupTable(t.db, "sku-env", { "SKU-1": "SB" });
    await upsertLookupTable(t.db, "sku-env", { "SKU-1": "PR" }, { environment: "production" });
    const cache = new LookupCache(t.db);
    const listener = await listening(cache);
    const reads = async (environment: string) => countQueries(t, () => cache.lookup(environment, "sku-env", "SKU-1"));
    try {
      expect((await reads("sandbox")).result).toBe("SB");
      expect((await reads("production")).result).toBe("PR");
      expect(await reads("sandbox")).toEqual({ result: "SB", queries: 0 });
      await upsertLookupEntry(t.db, { tableId: table.id, environment: "production", entry: { key: "SKU-1", value: "PR2", description: "" }, actor: { id: null, email: null } });
      await eventually(async () => (await cache.lookup("production", "sku-env", "SKU-1")) === "PR2", 1000);
      // Sandbox's answer stayed cached.
      expect(await reads("sandbox")).toEqual({ result: "SB", queries: 0 });
      await updateLookupTable(t.db, { id: table.id, name: "sku-env-renamed", actor: { id: null, email: null } });
      await eventually(async () => (await cache.lookup("sandbox", "sku-env", "SKU-1")) === undefined, 1000);
      await eventually(async () => (await cache.lookup("production", "sku-env", "SKU-1")) === undefined, 1000);
    } finally {
      await listener.close();
    }
  });
});
