import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bulkSelectionSchema, BULK_LIMIT, deadLetterFilterSchema, listAudit, toDeadLetterFilter, urlFilterSchema, workbenchFilterSchema, writeAudit } from "../src";
import { createTestDatabase, type TestDatabase } from "../src/testing";

const ME = "0b7c6a56-3f43-4c55-9a4e-0d1c3f0e9a11";
const FLOW = "5d0c1c1e-7a51-4a0e-9c5e-2f1d7c3b9a20";

describe("the dead-letter filter, defined once", () => {
  it("the workbench filter refuses what Postgres or the columns would (bad ids, far dates, long text)", () => {
    expect(workbenchFilterSchema.safeParse({ flowId: FLOW, assignee: "me", search: " #1001 " }).data).toEqual({ flowId: FLOW, assignee: "me", search: "#1001" });
    for (const bad of [{ flowId: "x" }, { assignee: "bob" }, { errorCode: "x".repeat(201) }, { from: new Date("+065232-03-21T00:00:00Z") }, { nodeId: "" }]) {
      expect(workbenchFilterSchema.safeParse(bad).success).toBe(false);
    }
  });

  it("derives the URL filter (no time range), the stored filter and the bulk selection from it", () => {
    expect(Object.keys(urlFilterSchema.shape).sort()).toEqual(["assignee", "errorClass", "errorCode", "flowId", "nodeId", "search"]);
    expect(deadLetterFilterSchema.safeParse({ flowId: FLOW, businessKey: ["1001", "#1001"], assigneeId: null, ids: [ME] }).success).toBe(true);
    expect(deadLetterFilterSchema.safeParse({ flowId: "nope" }).success).toBe(false);
    expect(bulkSelectionSchema.safeParse({ ids: [] }).success).toBe(false);
    expect(bulkSelectionSchema.safeParse({ ids: Array.from({ length: BULK_LIMIT + 1 }, () => ME) }).success).toBe(false);
    expect(bulkSelectionSchema.safeParse({ filter: { assignee: "unassigned" } }).success).toBe(true);
  });

  it("resolves a workbench filter to stored terms: me, unassigned, a business key with or without #", () => {
    expect(toDeadLetterFilter({ assignee: "me", search: "1001" }, ME)).toEqual({ assigneeId: ME, businessKey: ["1001", "#1001"] });
    expect(toDeadLetterFilter({ assignee: "unassigned", search: "#1001", errorCode: "" }, ME)).toEqual({ assigneeId: null, businessKey: ["1001", "#1001"], errorCode: "" });
    expect(toDeadLetterFilter({ assignee: FLOW, search: "" }, ME)).toEqual({ assigneeId: FLOW });
  });
});

describe("writeAudit (real Postgres)", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t?.close());

  it("writes one row per entry in one call, and nothing for none", async () => {
    const actor = { id: null, email: "ops@example.com", ip: "10.0.0.1" };
    await writeAudit(t.db, actor, []);
    await writeAudit(t.db, actor, [1, 2, 3].map((n) => ({ action: "dead_letter.assign", targetType: "dead_letter", targetId: `l-${n}`, summary: { n } })));
    const { items } = await listAudit(t.db, { action: "dead_letter.assign", limit: 10 });
    expect(items.map((a) => [a.targetId, a.actorEmail, a.ip, a.summary]).sort()).toEqual([
      ["l-1", "ops@example.com", "10.0.0.1", { n: 1 }],
      ["l-2", "ops@example.com", "10.0.0.1", { n: 2 }],
      ["l-3", "ops@example.com", "10.0.0.1", { n: 3 }],
    ]);
  });
});
