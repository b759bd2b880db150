import { randomUUID } from "node:crypto";
import { createUser, upsertLookupTable } from "@ipaas/db";
import { countQueries, type TestDatabase } from "@ipaas/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunsQueue } from "../src/server/context";
import { createCaller } from "../src/server/routers/_app";
import type { SessionUser } from "../src/server/services/users";
import { demoDatabaseFixture } from "./helpers";

// Same pattern as routers.test.ts: real Postgres + Redis, tRPC called in-process.
let t: TestDatabase;
let queue: RunsQueue;
let admin: SessionUser;
let viewer: SessionUser;

const demo = demoDatabaseFixture();
beforeAll(async () => {
  ({ t, queue, admin } = demo);
  const row = await createUser(t.db, { email: "viewer@example.com", name: "Viewer", role: "viewer", password: "pw-not-used" });
  viewer = { id: row.id, email: row.email, role: "viewer" };
});

const as = (user: SessionUser) => createCaller({ db: t.db, queue, user });

const order = {
  name: "#1001",
  email: "ada@example.com",
  line_items: [
    { sku: "SKU-1", quantity: 2, price: "19.99" },
    { sku: "SKU-2", quantity: 1, price: "5.00" },
  ],
};
// Deliberately not a full SalesOrder: the canonical schema grows independently, and
// these tests are about the editor's plumbing, not about the canonical model.
const toSalesOrder = `{
  "externalId": "shopify-" & $substringAfter(name, "#"),
  "channel": "shopify",
  "lines": line_items.{ "sku": sku, "quantity": quantity }
}`;

describe("mappings CRUD", () => {
  it("creates, lists, gets and saves with a version bump; a stale save is a CONFLICT", async () => {
    const caller = as(admin);
    const created = await caller.mappings.create({ name: "Shopify order → SalesOrder", sourceSample: order, targetSchema: "SalesOrder", expression: toSalesOrder });
    expect(created).toMatchObject({ version: 1, tests: [], description: "", updatedBy: admin.id, targetSchema: "SalesOrder" });
    expect(created.sourceSample).toEqual(order);

    const list = await caller.mappings.list();
    expect(list).toEqual([expect.objectContaining({ id: created.id, name: "Shopify order → SalesOrder", version: 1, testCount: 0 })]);

    const saved = await caller.mappings.update({ id: created.id, version: 1, description: "v2", tests: [{ name: "first", input: order, expected: { a: 1 } }] });
    expect(saved).toMatchObject({ version: 2, description: "v2", expression: toSalesOrder });
    expect((await caller.mappings.get({ id: created.id })).tests).toEqual([{ name: "first", input: order, expected: { a: 1 } }]);
    expect((await caller.mappings.list()).find((m) => m.id === created.id)?.testCount).toBe(1);

    // A second editor still on version 1 must not overwrite version 2.
    await expect(caller.mappings.update({ id: created.id, version: 1, expression: "$" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/now version 2/) });
    expect((await caller.mappings.get({ id: created.id })).expression).toBe(toSalesOrder);
  });

  it("refuses duplicate names (case-insensitive) and unknown target schemas", async () => {
    const caller = as(admin);
    await caller.mappings.create({ name: "Dup", expression: "$" });
    await expect(caller.mappings.create({ name: "dup", expression: "$" })).rejects.toMatchObject({ code: "CONFLICT", message: 'A mapping named "dup" already exists' });
    await expect(caller.mappings.create({ name: "bad target", expression: "$", targetSchema: "NoSuchThing" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("deletes; unknown ids are NOT_FOUND", async () => {
    const caller = as(admin);
    const { id } = await caller.mappings.create({ name: "to delete", expression: "$" });
    await caller.mappings.delete({ id });
    await expect(caller.mappings.get({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.mappings.update({ id, version: 1, expression: "1" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.mappings.delete({ id: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("lets a viewer read but not write, preview or run tests (server-side evaluation)", async () => {
    const { id } = await as(admin).mappings.create({ name: "viewer can read", expression: "name" });
    const v = as(viewer);
    await expect(v.mappings.get({ id })).resolves.toMatchObject({ id });
    await expect(v.mappings.preview({ expression: "name", input: order })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(v.mappings.runTests({ id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(v.mappings.create({ name: "nope", expression: "$" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(v.mappings.update({ id, version: 1, expression: "$" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(v.mappings.delete({ id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("mappings.preview", () => {
  it("evaluates in the sandbox: catastrophic expressions end with their limit while other previews are served", async () => {
    const evil = "aaaaaaaaaaaaaaaaaaaaaaaaaa!";
    const [regex, range, pad, plain] = await Promise.all([
      as(admin).mappings.preview({ expression: "$match(s, /(a+)+$/)", input: { s: evil } }),
      as(admin).mappings.preview({ expression: "[1..1e7]", input: order }),
      as(admin).mappings.preview({ expression: '$pad("x", 50000000)', input: order }),
      as(admin).mappings.preview({ expression: "name", input: order }),
    ]);
    expect(regex).toMatchObject({ ok: true, result: undefined });
    expect(range).toMatchObject({ ok: false, error: { code: "MAPPING_SEQUENCE_LIMIT" } });
    expect(pad).toMatchObject({ ok: false, error: { code: "MAPPING_STRING_LIMIT" } });
    expect(plain).toMatchObject({ ok: true, result: "#1001" });
  }, 60_000);

  it("reads $lookup(table, [keys]) in one query", async () => {
    await upsertLookupTable(t.db, "preview-skus", { "SKU-1": "NS-1", "SKU-2": "NS-2" });
    const { result, queries } = await countQueries(t, () =>
      as(admin).mappings.preview({ expression: '$lookup("preview-skus", [line_items.sku, "SKU-3"], "UNMAPPED")', input: order }),
    );
    expect(result).toMatchObject({ ok: true, result: ["NS-1", "NS-2", "UNMAPPED"] });
    expect(queries).toBe(1);
  }, 60_000);

  it("evaluates against the sample", async () => {
    const result = await as(admin).mappings.preview({ expression: toSalesOrder, input: order });
    expect(result).toEqual({ ok: true, problems: [], durationMs: expect.any(Number), result: { externalId: "shopify-1001", channel: "shopify", lines: [{ sku: "SKU-1", quantity: 2 }, { sku: "SKU-2", quantity: 1 }] } });
  });

  it("lists target-schema problems with their paths", async () => {
    const result = await as(admin).mappings.preview({ expression: `{ "externalId": name, "lines": [] }`, input: order, targetSchema: "SalesOrder" });
    expect(result.ok).toBe(true);
    const problems = result.ok ? result.problems : [];
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(["channel", "lines"]));
    expect(problems.every((p) => p.message.length > 0)).toBe(true);
  });

  it("returns syntax errors with code, position and token", async () => {
    const result = await as(admin).mappings.preview({ expression: `{ "a": 1, "b" 2 }`, input: order });
    expect(result).toMatchObject({ ok: false, error: { code: "S0202", position: 15 } });
    expect(!result.ok && result.error.message).toMatch(/position 15/);
  });

  it("returns runtime errors with their position", async () => {
    const result = await as(admin).mappings.preview({ expression: `"abc" + 1`, input: order });
    expect(result).toMatchObject({ ok: false, error: { code: "T2001", position: 7, token: "+" } });
  });

  it("treats an empty expression as no result rather than an error", async () => {
    await expect(as(admin).mappings.preview({ expression: "  ", input: order })).resolves.toMatchObject({ ok: true, result: undefined, problems: [] });
  });
});

describe("mappings.runTests", () => {
  const expected = { id: "#1001", skus: ["SKU-1", "SKU-2"] };

  it("passes when the output equals the expected value (inline, unsaved mapping)", async () => {
    const run = await as(admin).mappings.runTests({ mapping: { expression: `{ "id": name, "skus": line_items.sku }`, tests: [{ name: "order 1001", input: order, expected }] } });
    expect(run).toMatchObject({ passed: true, cases: [{ name: "order 1001", passed: true, diff: [] }] });
  });

  it("fails with a diff naming the path, expected and actual (saved mapping by id)", async () => {
    const caller = as(admin);
    const { id } = await caller.mappings.create({ name: "diffing", expression: `{ "id": name, "skus": line_items[0].sku }`, tests: [{ name: "order 1001", input: order, expected }] });
    const run = await caller.mappings.runTests({ id });
    expect(run.passed).toBe(false);
    const [only] = run.cases;
    expect(only).toMatchObject({ name: "order 1001", passed: false, actual: { id: "#1001", skus: "SKU-1" } });
    expect(only!.diff).toEqual([expect.objectContaining({ path: expect.stringMatching(/^skus/), expected: ["SKU-1", "SKU-2"], actual: "SKU-1" })]);
  });

  it("fails a case whose output equals the expected value but breaks the target schema", async () => {
    const run = await as(admin).mappings.runTests({
      mapping: { expression: `{ "externalId": name }`, targetSchema: "SalesOrder", tests: [{ name: "partial", input: order, expected: { externalId: "#1001" } }] },
    });
    expect(run.cases[0]).toMatchObject({ passed: false, diff: [] });
    expect(run.cases[0]!.issues.map((i) => i.path)).toEqual(expect.arrayContaining(["channel", "lines"]));
  });

  it("explains an empty expression per case", async () => {
    const run = await as(admin).mappings.runTests({ mapping: { expression: " ", tests: [{ name: "nothing yet", input: order, expected: 1 }] } });
    expect(run).toMatchObject({ passed: false, cases: [{ passed: false, error: { code: "MAPPING_EMPTY" } }] });
  });

  it("reports an expression error per case instead of throwing", async () => {
    const run = await as(admin).mappings.runTests({ mapping: { expression: `"abc" + 1`, tests: [{ name: "boom", input: order, expected: 1 }] } });
    expect(run).toMatchObject({ passed: false, cases: [{ name: "boom", passed: false, error: { code: "T2001", position: 7 } }] });
  });
});

describe("mappings.targetSchemas", () => {
  it("lists canonical schemas as JSON Schema for field completion", async () => {
    const schemas = await as(viewer).mappings.targetSchemas();
    const salesOrder = schemas.find((s) => s.name === "SalesOrder");
    expect(salesOrder?.jsonSchema).toMatchObject({ type: "object", properties: { externalId: expect.any(Object), lines: expect.any(Object) } });
  });
});
