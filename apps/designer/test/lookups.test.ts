import { createUser, LOOKUP_CHANGED_CHANNEL, lookupValue, lookupValues } from "@ipaas/db";
import { collectNotifications } from "@ipaas/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "../src/server/routers/_app";
import type { Role, SessionUser } from "../src/server/services/users";
import { auditRows, codeOf, demoDatabaseFixture } from "./helpers";

// The lookups router through createCaller on real Postgres: the Lookups page's procedures.
const demo = demoDatabaseFixture();
const users = {} as Record<Role, SessionUser>;

beforeAll(async () => {
  for (const role of ["analyst", "operator", "viewer"] as const) {
    const row = await createUser(demo.t.db, { email: `${role}@lookups.test`, name: role, role });
    users[role] = { id: row.id, email: row.email, role };
  }
  users.admin = demo.admin;
});

const as = (role: Role) => createCaller({ db: demo.t.db, queue: demo.queue, user: users[role], ip: "127.0.0.1" }).lookups;

/** Waits until the LISTENing connection has received `count` payloads (notifications arrive after commit, asynchronously). */
async function payloadsAfter(listener: { payloads: string[] }, count: number): Promise<string[]> {
  for (let i = 0; i < 100 && listener.payloads.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return [...listener.payloads];
}

/** Reads the whole table through the export procedure, chunk after chunk. */
async function exportAll(role: Role, tableId: string): Promise<string> {
  let csv = "";
  let afterKey: string | undefined;
  do {
    const chunk = await as(role).exportCsv({ tableId, afterKey });
    csv += chunk.csv;
    afterKey = chunk.nextKey ?? undefined;
  } while (afterKey !== undefined);
  return csv;
}

const skuCsv = (n: number, from = 0) => ["key,value,description", ...Array.from({ length: n }, (_, i) => `SKU-${String(from + i).padStart(5, "0")},item-${from + i},row ${from + i}`)].join("\n");

describe("lookup tables", () => {
  it("creates, renames and deletes tables, each audited with before/after and announced on the change channel (a rename under both names)", async () => {
    const listener = await collectNotifications(demo.t.url, LOOKUP_CHANGED_CHANNEL);
    try {
      const analyst = as("analyst");
      const table = await analyst.createTable({ name: "sku-map", description: "Shopify SKU → NetSuite item" });
      expect(table).toMatchObject({ name: "sku-map", entryCount: 0 });
      expect(await codeOf(analyst.createTable({ name: "sku-map" }))).toBe("CONFLICT");
      expect(await codeOf(analyst.createTable({ name: "has space" }))).toBe("BAD_REQUEST");

      const renamed = await analyst.updateTable({ id: table.id, name: "netsuite-item" });
      expect(renamed).toMatchObject({ name: "netsuite-item", description: "Shopify SKU → NetSuite item" });
      expect((await as("viewer").tables()).map((t) => t.name)).toContain("netsuite-item");

      await analyst.deleteTable({ id: table.id });
      expect(await codeOf(as("viewer").table({ id: table.id }))).toBe("NOT_FOUND");
      // Table changes concern every environment: the payload names no environment.
      expect((await payloadsAfter(listener, 4)).map((p) => JSON.parse(p))).toEqual(["sku-map", "sku-map", "netsuite-item", "netsuite-item"].map((name) => ({ table: name })));

      const audit = await auditRows(demo.t.db, { targetId: table.id });
      expect(audit.map((row) => [row.action, row.actorEmail, row.summary])).toEqual([
        ["lookup_table.create", "analyst@lookups.test", { after: { name: "sku-map", description: "Shopify SKU → NetSuite item" } }],
        ["lookup_table.update", "analyst@lookups.test", { before: { name: "sku-map", description: "Shopify SKU → NetSuite item" }, after: { name: "netsuite-item", description: "Shopify SKU → NetSuite item" } }],
        ["lookup_table.delete", "analyst@lookups.test", { before: { name: "netsuite-item", description: "Shopify SKU → NetSuite item", entryCount: {} } }],
      ]);
    } finally {
      await listener.close();
    }
  });

  it("edits entries: text or JSON values that flows read, key renames, deletes; audited and notified; viewers and operators only read", async () => {
    const admin = as("admin");
    const table = await admin.createTable({ name: "locations" });
    const listener = await collectNotifications(demo.t.url, LOOKUP_CHANGED_CHANNEL);
    try {
      await admin.upsertEntry({ tableId: table.id, entry: { key: "NYC", value: "loc-1", description: "New York" } });
      await admin.upsertEntry({ tableId: table.id, entry: { key: "LA", json: '{"id": 7, "tz": "America/Los_Angeles"}' } });
      expect(await lookupValues(demo.t.db, { environment: "sandbox", table: "locations", keys: ["NYC", "LA"] })).toEqual(new Map<string, unknown>([["NYC", "loc-1"], ["LA", { id: 7, tz: "America/Los_Angeles" }]]));

      await admin.upsertEntry({ tableId: table.id, entry: { key: "NYC", value: "loc-2", description: "Manhattan" } });
      await admin.upsertEntry({ tableId: table.id, previousKey: "LA", entry: { key: "LAX", json: "7" } });
      expect(await lookupValue(demo.t.db, { environment: "sandbox", table: "locations", key: "LA" })).toBeUndefined();
      expect(await lookupValue(demo.t.db, { environment: "sandbox", table: "locations", key: "LAX" })).toBe(7);
      expect(await codeOf(admin.upsertEntry({ tableId: table.id, previousKey: "LAX", entry: { key: "NYC", value: "x" } }))).toBe("CONFLICT");
      expect(await codeOf(admin.upsertEntry({ tableId: table.id, entry: { key: "BAD", json: "{oops" } }))).toBe("BAD_REQUEST");
      expect(await codeOf(admin.upsertEntry({ tableId: table.id, entry: { key: "BOTH", value: "a", json: "1" } }))).toBe("BAD_REQUEST");
      await admin.deleteEntry({ tableId: table.id, key: "NYC" });
      expect(await codeOf(admin.deleteEntry({ tableId: table.id, key: "NYC" }))).toBe("NOT_FOUND");
      expect((await payloadsAfter(listener, 5)).map((p) => JSON.parse(p))).toEqual(Array(5).fill({ table: "locations", environment: "sandbox" }));

      const page = await as("viewer").entries({ tableId: table.id });
      expect(page).toEqual({ entries: [expect.objectContaining({ key: "LAX", value: 7, description: "" })], nextKey: null });
      for (const role of ["viewer", "operator"] as const) {
        expect(await codeOf(as(role).upsertEntry({ tableId: table.id, entry: { key: "X", value: "y" } }))).toBe("FORBIDDEN");
        expect(await codeOf(as(role).deleteEntry({ tableId: table.id, key: "LAX" }))).toBe("FORBIDDEN");
      }

      const audit = (await auditRows(demo.t.db, { targetId: table.id })).filter((row) => row.action.startsWith("lookup_entry."));
      expect(audit.map((row) => [row.action, row.summary])).toEqual([
        ["lookup_entry.upsert", { table: "locations", environment: "sandbox", key: "NYC", before: null, after: { value: "loc-1", description: "New York" } }],
        ["lookup_entry.upsert", { table: "locations", environment: "sandbox", key: "LA", before: null, after: { value: { id: 7, tz: "America/Los_Angeles" }, description: "" } }],
        ["lookup_entry.upsert", { table: "locations", environment: "sandbox", key: "NYC", before: { value: "loc-1", description: "New York" }, after: { value: "loc-2", description: "Manhattan" } }],
        ["lookup_entry.upsert", { table: "locations", environment: "sandbox", key: "LAX", previousKey: "LA", before: { value: { id: 7, tz: "America/Los_Angeles" }, description: "" }, after: { value: 7, description: "" } }],
        ["lookup_entry.delete", { table: "locations", environment: "sandbox", key: "NYC", before: { value: "loc-2", description: "Manhattan" }, after: null }],
      ]);
      expect(audit.every((row) => row.actorId === users.admin.id)).toBe(true);
    } finally {
      await listener.close();
    }
  });

  it("pages a few thousand entries by key and searches keys and values", async () => {
    const analyst = as("analyst");
    const table = await analyst.createTable({ name: "paged" });
    await analyst.importCsv({ tableId: table.id, mode: "replace", csv: skuCsv(3000) });
    expect((await as("viewer").table({ id: table.id })).entryCount).toBe(3000);

    const keys: string[] = [];
    let afterKey: string | undefined;
    do {
      const page = await as("viewer").entries({ tableId: table.id, cursor: afterKey, limit: 500 });
      keys.push(...page.entries.map((e) => e.key));
      afterKey = page.nextKey ?? undefined;
    } while (afterKey !== undefined);
    expect(keys).toHaveLength(3000);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys).size).toBe(3000);

    expect((await as("viewer").entries({ tableId: table.id, search: "sku-0123" })).entries.map((e) => e.key)).toEqual(Array.from({ length: 10 }, (_, i) => `SKU-0123${i}`));
    // Values are searched too; LIKE's wildcards are literal in a search.
    expect((await as("viewer").entries({ tableId: table.id, search: "item-2999" })).entries.map((e) => e.key)).toEqual(["SKU-02999"]);
    expect((await as("viewer").entries({ tableId: table.id, search: "%" })).entries).toEqual([]);
  });
});

describe("CSV import and export", () => {
  it("previews every line's problems without writing, and refuses to commit a file with errors", async () => {
    const analyst = as("analyst");
    const table = await analyst.createTable({ name: "csv-errors" });
    const csv = ["key,value,json,description", "A,1,,", ",no key,,", "A,again,,", "B,,{bad,", "C,text,2,", `D,${"x".repeat(2001)},,`, 'E,,"{""ok"": true}",fine'].join("\n");
    const preview = await analyst.previewImport({ tableId: table.id, csv });
    expect(preview).toMatchObject({ rows: 7, valid: 2, errorCount: 5 });
    expect(preview.errors).toEqual([
      { line: 3, message: "the key is missing" },
      { line: 4, message: 'the key "A" is already on line 2' },
      { line: 5, message: expect.stringMatching(/^the JSON value is not valid JSON/) },
      { line: 6, message: "give a value or a JSON value, not both" },
      { line: 7, message: "the value is longer than 2000 characters" },
    ]);
    expect(preview.sample).toEqual([
      { key: "A", value: "1", json: "", description: "" },
      { key: "E", value: "", json: '{"ok":true}', description: "fine" },
    ]);
    expect((await analyst.previewImport({ tableId: table.id, csv: "sku,item\nA,1" })).errors).toEqual([{ line: 1, message: expect.stringMatching(/no "key" column/) }]);
    expect((await analyst.previewImport({ tableId: table.id, csv: 'key,value\nA,"1' })).errors).toEqual([{ line: 2, message: expect.stringMatching(/not valid CSV/) }]);

    expect(await codeOf(analyst.importCsv({ tableId: table.id, mode: "merge", csv }))).toBe("BAD_REQUEST");
    expect((await analyst.table({ id: table.id })).entryCount).toBe(0);
    expect(await codeOf(as("viewer").previewImport({ tableId: table.id, csv: "key,value" }))).toBe("FORBIDDEN");
  });

  it("merge adds and overwrites keeping the rest; replace leaves exactly the file; one audit row and one notification each", async () => {
    const analyst = as("analyst");
    const table = await analyst.createTable({ name: "modes" });
    await analyst.importCsv({ tableId: table.id, mode: "merge", csv: "key,value\nA,1\nB,2" });
    const listener = await collectNotifications(demo.t.url, LOOKUP_CHANGED_CHANNEL);
    try {
      expect(await analyst.importCsv({ tableId: table.id, mode: "merge", csv: "key,value\nB,20\nC,30" })).toEqual({ inserted: 1, updated: 1, deleted: 0 });
      expect(await lookupValues(demo.t.db, { environment: "sandbox", table: "modes", keys: ["A", "B", "C"] })).toEqual(new Map([["A", "1"], ["B", "20"], ["C", "30"]]));
      expect(await analyst.importCsv({ tableId: table.id, mode: "replace", csv: "key,json\nC,3\nD,4" })).toEqual({ inserted: 2, updated: 0, deleted: 3 });
      expect(await lookupValues(demo.t.db, { environment: "sandbox", table: "modes", keys: ["A", "B", "C", "D"] })).toEqual(new Map([["C", 3], ["D", 4]]));
      expect((await payloadsAfter(listener, 2)).map((p) => JSON.parse(p))).toEqual(Array(2).fill({ table: "modes", environment: "sandbox" }));
    } finally {
      await listener.close();
    }
    const imports = await auditRows(demo.t.db, { targetId: table.id, action: "lookup_table.import" });
    expect(imports.map((row) => row.summary)).toEqual([
      { table: "modes", environment: "sandbox", mode: "merge", inserted: 2, updated: 0, deleted: 0 },
      { table: "modes", environment: "sandbox", mode: "merge", inserted: 1, updated: 1, deleted: 0 },
      // What replace removed stays readable in the audit: the count and (bounded) the entries.
      {
        table: "modes",
        environment: "sandbox",
        mode: "replace",
        inserted: 2,
        updated: 0,
        deleted: 3,
        before: { entries: 3, sampleTruncated: false, sample: [{ key: "A", value: "1", description: "" }, { key: "B", value: "20", description: "" }, { key: "C", value: "30", description: "" }] },
      },
    ]);
  });

  it("exports the whole table in chunks, and the export imports back to the same entries", async () => {
    const analyst = as("analyst");
    const source = await analyst.createTable({ name: "export-source" });
    await analyst.importCsv({ tableId: source.id, mode: "replace", csv: skuCsv(12_000) });
    await analyst.upsertEntry({ tableId: source.id, entry: { key: "odd, \"quoted\"\nkey", json: '{"a":[1,"x,y"]}', description: "multi\nline" } });

    const csv = await exportAll("viewer", source.id);
    expect(csv.startsWith("key,value,json,description\n")).toBe(true);
    const target = await analyst.createTable({ name: "export-target" });
    const preview = await analyst.previewImport({ tableId: target.id, csv });
    expect(preview).toMatchObject({ rows: 12_001, valid: 12_001, errorCount: 0 });
    await analyst.importCsv({ tableId: target.id, mode: "replace", csv });
    expect(await exportAll("viewer", target.id)).toBe(csv);
    expect(await lookupValue(demo.t.db, { environment: "sandbox", table: "export-target", key: "odd, \"quoted\"\nkey" })).toEqual({ a: [1, "x,y"] });
  });

  it("keeps entries per environment: the grid, import, export and copy name one; production's values stay production's", async () => {
    const analyst = as("analyst");
    const table = await analyst.createTable({ name: "per-env" });
    await analyst.importCsv({ tableId: table.id, environment: "sandbox", mode: "replace", csv: "key,value\nSKU-1,sb-1\nSKU-2,sb-2" });
    await analyst.upsertEntry({ tableId: table.id, environment: "production", entry: { key: "SKU-1", value: "pr-1" } });
    expect((await as("viewer").entries({ tableId: table.id, environment: "production" })).entries.map((e) => [e.key, e.value])).toEqual([["SKU-1", "pr-1"]]);
    expect((await as("viewer").table({ id: table.id, environment: "sandbox" })).entryCount).toBe(2);
    expect((await as("viewer").tables({ environment: "production" })).find((t) => t.name === "per-env")?.entryCount).toBe(1);

    // "Copy entries from sandbox" without overwriting production's own values.
    expect(await analyst.copyEntries({ tableId: table.id, environment: "production", from: "sandbox", mode: "add" })).toEqual({ inserted: 1, updated: 0, deleted: 0 });
    expect((await as("viewer").exportCsv({ tableId: table.id, environment: "production" })).csv).toBe("key,value,json,description\nSKU-1,pr-1,,\nSKU-2,sb-2,,\n");
    expect(await lookupValue(demo.t.db, { environment: "sandbox", table: "per-env", key: "SKU-1" })).toBe("sb-1");
    expect(await codeOf(analyst.copyEntries({ tableId: table.id, environment: "production", from: "production", mode: "add" }))).toBe("BAD_REQUEST");
    expect(await codeOf(analyst.upsertEntry({ tableId: table.id, environment: "nowhere", entry: { key: "X", value: "1" } }))).toBe("NOT_FOUND");
    expect(await codeOf(as("operator").copyEntries({ tableId: table.id, environment: "production", from: "sandbox", mode: "add" }))).toBe("FORBIDDEN");
    const [copy] = await auditRows(demo.t.db, { targetId: table.id, action: "lookup_table.copy" });
    expect(copy).toMatchObject({ actorId: users.analyst.id, summary: { table: "per-env", from: "sandbox", environment: "production", mode: "add", inserted: 1 } });
  });

  it("two analysts creating the same table at once: one gets it, the other a CONFLICT (not a 500)", async () => {
    const results = await Promise.allSettled([as("analyst").createTable({ name: "raced-table" }), as("admin").createTable({ name: "raced-table" })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [lost] = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(await codeOf(Promise.reject(lost?.reason))).toBe("CONFLICT");
  });
});
