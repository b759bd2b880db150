import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addLookupTables,
  ConflictError,
  copyLookupEntries,
  createEnvironment,
  createLookupTable,
  getLookupTable,
  importLookupEntries,
  listLookupEntries,
  lookupTablesStatus,
  lookupValues,
  missingLookupKeys,
  schema,
  upsertLookupEntry,
  upsertLookupTable,
} from "../src";
import { createTestDatabase, type TestDatabase } from "../src/testing";

/* Cross-reference tables per environment on real Postgres: one table by name, entries per environment (docs/architecture.md "Cross-reference tables"). */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

const actor = { id: null, email: "analyst@example.com" };
const entry = (key: string, value: unknown) => ({ key, value, description: "" });
const values = (environment: string, table: string, keys: string[]) => lookupValues(t.db, { environment, table, keys }).then((m) => Object.fromEntries(m));
const auditOf = async (action: string, targetId: string) =>
  (await t.db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, action), eq(schema.auditLog.targetId, targetId)))).map((r) => r.summary as Record<string, unknown>);

describe("lookup entries per environment", () => {
  it("keeps sandbox and production values of the same table apart", async () => {
    const table = await createLookupTable(t.db, { name: "env-items", description: "", actor });
    await upsertLookupEntry(t.db, { tableId: table.id, environment: "sandbox", entry: entry("SKU-1", "SB-1"), actor });
    await upsertLookupEntry(t.db, { tableId: table.id, environment: "production", entry: entry("SKU-1", "PR-1"), actor });
    await upsertLookupEntry(t.db, { tableId: table.id, environment: "production", entry: entry("SKU-2", "PR-2"), actor });
    expect(await values("sandbox", "env-items", ["SKU-1", "SKU-2"])).toEqual({ "SKU-1": "SB-1" });
    expect(await values("production", "env-items", ["SKU-1", "SKU-2"])).toEqual({ "SKU-1": "PR-1", "SKU-2": "PR-2" });
    expect((await getLookupTable(t.db, { id: table.id, environment: "production" })).entryCount).toBe(2);
    expect((await getLookupTable(t.db, { id: table.id, environment: "sandbox" })).entryCount).toBe(1);
    expect((await listLookupEntries(t.db, { tableId: table.id, environment: "sandbox", limit: 10 })).entries.map((e) => e.key)).toEqual(["SKU-1"]);
    // A write to an environment that does not exist is a clear 404, not a foreign-key 500.
    await expect(upsertLookupEntry(t.db, { tableId: table.id, environment: "nowhere", entry: entry("SKU-1", "x"), actor })).rejects.toThrow('Environment "nowhere" does not exist');
  });

  it("copies one environment's entries into another: merge overwrites, add keeps the target's values, replace keeps a sample of what it replaced", async () => {
    await createEnvironment(t.db, { name: "staging", actor: null });
    const table = await upsertLookupTable(t.db, "copy-items", { A: "sb-a", B: "sb-b" });
    await upsertLookupTable(t.db, "copy-items", { A: "st-a", Z: "st-z" }, { environment: "staging" });

    expect(await copyLookupEntries(t.db, { tableId: table.id, from: "sandbox", to: "staging", mode: "add", actor })).toEqual({ inserted: 1, updated: 0, deleted: 0 });
    expect(await values("staging", "copy-items", ["A", "B", "Z"])).toEqual({ A: "st-a", B: "sb-b", Z: "st-z" });
    expect(await copyLookupEntries(t.db, { tableId: table.id, from: "sandbox", to: "staging", mode: "merge", actor })).toEqual({ inserted: 0, updated: 2, deleted: 0 });
    expect(await values("staging", "copy-items", ["A", "B", "Z"])).toEqual({ A: "sb-a", B: "sb-b", Z: "st-z" });
    expect(await copyLookupEntries(t.db, { tableId: table.id, from: "sandbox", to: "staging", mode: "replace", actor })).toEqual({ inserted: 2, updated: 0, deleted: 3 });
    expect(await values("staging", "copy-items", ["A", "B", "Z"])).toEqual({ A: "sb-a", B: "sb-b" });
    // The source is untouched.
    expect(await values("sandbox", "copy-items", ["A", "B", "Z"])).toEqual({ A: "sb-a", B: "sb-b" });
    const [audit] = (await auditOf("lookup_table.copy", table.id)).slice(-1);
    expect(audit).toMatchObject({ from: "sandbox", environment: "staging", mode: "replace", deleted: 3, before: { entries: 3, sampleTruncated: false } });
    expect((audit?.before as { sample: unknown[] }).sample).toEqual([entry("A", "sb-a"), entry("B", "sb-b"), entry("Z", "st-z")]);
  });

  it("a replace import audits the replaced entries' count and a bounded sample", async () => {
    const table = await createLookupTable(t.db, { name: "replace-audit", description: "", actor });
    const many = Array.from({ length: 250 }, (_, i) => entry(`K-${String(i).padStart(3, "0")}`, `v${i}`));
    await importLookupEntries(t.db, { tableId: table.id, environment: "production", mode: "merge", entries: many, actor });
    expect(await importLookupEntries(t.db, { tableId: table.id, environment: "production", mode: "replace", entries: [entry("NEW", "1")], actor })).toEqual({ inserted: 1, updated: 0, deleted: 250 });
    const [audit] = (await auditOf("lookup_table.import", table.id)).slice(-1);
    expect(audit).toMatchObject({ table: "replace-audit", environment: "production", mode: "replace", inserted: 1, deleted: 250, before: { entries: 250, sampleTruncated: true } });
    const sample = (audit?.before as { sample: Array<{ key: string; value: unknown }> }).sample;
    expect(sample).toHaveLength(100);
    expect(sample[0]).toEqual(entry("K-000", "v0"));
    // The other environment was not touched.
    expect((await getLookupTable(t.db, { id: table.id, environment: "sandbox" })).entryCount).toBe(0);
  });

  it("two concurrent creates of the same table name: one wins, the other is a conflict", async () => {
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => createLookupTable(t.db, { name: "raced", description: "", actor })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === "rejected")) {
      expect(r.reason).toBeInstanceOf(ConflictError);
      expect((r.reason as Error).message).toBe('A lookup table named "raced" already exists');
    }
  });

  it("reports missing tables and keys in an environment and adds only what is missing", async () => {
    await upsertLookupTable(t.db, "status-items", { S1: "p1" }, { environment: "production" });
    const status = await lookupTablesStatus(t.db, { environment: "production", names: ["status-items", "no-such"] });
    expect(Object.fromEntries(status)).toEqual({ "status-items": { exists: true, entryCount: 1, description: "" }, "no-such": { exists: false, entryCount: 0, description: "" } });
    expect(Object.fromEntries(await lookupTablesStatus(t.db, { environment: "sandbox", names: ["status-items"] }))).toEqual({ "status-items": { exists: true, entryCount: 0, description: "" } });
    expect(await missingLookupKeys(t.db, { environment: "production", table: "status-items", keys: ["S1", "S2", "S3"] })).toEqual(["S2", "S3"]);

    const report = await addLookupTables(t.db, {
      environment: "production",
      tables: [
        { name: "status-items", entries: [entry("S1", "from-export"), entry("S2", "e2")] },
        { name: "no-such", description: "brought by an import", entries: [entry("N1", "n1")] },
      ],
      actor,
      reason: "flow import",
    });
    expect(report).toEqual([
      { name: "status-items", created: false, added: 1 },
      { name: "no-such", created: true, added: 1 },
    ]);
    // The environment's own value wins over the exported one.
    expect(await values("production", "status-items", ["S1", "S2"])).toEqual({ S1: "p1", S2: "e2" });
    expect(await values("production", "no-such", ["N1"])).toEqual({ N1: "n1" });
  });
});
