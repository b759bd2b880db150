import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFlow, createRun, finishRun, getRunWithSteps, listRuns, seedDemo, startRun, verifyPassword } from "../src";
import { createTestDatabase, type TestDatabase } from "../src/testing";
import { users } from "../src/schema";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

const definition = { schemaVersion: 1, nodes: [], edges: [] };

describe("runs (real Postgres)", () => {
  it("records a run once per (flow, trigger event id)", async () => {
    const { flow, version } = await createFlow(t.db, { name: "dedup", definition, publish: { message: "v1" } });
    const base = { flowId: flow.id, flowVersionId: version!.id, triggerType: "trigger.webhook", correlationId: "c1", triggerPayload: { a: 1 } };
    const first = await createRun(t.db, { ...base, triggerEventId: "evt-1" });
    const again = await createRun(t.db, { ...base, triggerEventId: "evt-1" });
    const other = await createRun(t.db, { ...base, triggerEventId: "evt-2" });
    expect(first.created).toBe(true);
    expect(again).toEqual({ runId: first.runId, created: false });
    expect(other.runId).not.toBe(first.runId);
  });

  it("persists steps, status and a dead letter in one checkpoint", async () => {
    const { flow, version } = await createFlow(t.db, { name: "dead", definition, publish: { message: "v1" } });
    const { runId } = await createRun(t.db, { flowId: flow.id, flowVersionId: version!.id, triggerType: "trigger.manual", correlationId: "c2", triggerPayload: {} });
    expect(await startRun(t.db, runId)).not.toBeNull();
    const now = new Date();
    const big = "x".repeat(300 * 1024);
    await finishRun(t.db, {
      runId,
      status: "dead",
      error: { message: "boom", class: "non_retryable", code: "X" },
      steps: [{ seq: 0, nodeId: "n1", nodeName: "N1", nodeType: "map", lineage: "0", status: "failed", input: { big }, output: null, error: { message: "boom" }, startedAt: now, finishedAt: now, durationMs: 0 }],
      deadLetter: { flowId: flow.id, nodeId: "n1", lineage: "0", input: { big: "y" }, attempts: 1, correlationId: "c2", businessKey: null },
    });
    const saved = await getRunWithSteps(t.db, runId);
    expect(saved?.run.status).toBe("dead");
    expect(saved?.run.durationMs).toBeTypeOf("number");
    expect(saved?.steps).toHaveLength(1);
    expect(saved?.steps[0]?.truncated).toBe(true);
    expect((saved?.steps[0]?.input as { _truncated: boolean })._truncated).toBe(true);
    const letters = await t.db.query.deadLetters.findMany();
    expect(letters.map((l) => [l.runId, l.errorClass, l.input])).toEqual([[runId, "non_retryable", { big: "y" }]]);
    // A finished run is not started again by a duplicate job.
    expect(await startRun(t.db, runId)).toBeNull();
  });

  it("pages runs newest first with a keyset cursor", async () => {
    const { flow, version } = await createFlow(t.db, { name: "paging", definition, publish: { message: "v1" } });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await createRun(t.db, { flowId: flow.id, flowVersionId: version!.id, triggerType: "trigger.manual", correlationId: `p${i}`, triggerPayload: {} })).runId);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listRuns>> = await listRuns(t.db, { flowId: flow.id, limit: 2, cursor });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(new Set(ids));
  });

  it("seeds an admin once, storing only a hash of the printed password", async () => {
    const first = await seedDemo(t.db, definition);
    const second = await seedDemo(t.db, definition);
    expect(first.admin?.password).toMatch(/.{12,}/);
    expect(second.admin).toBeNull();
    expect(second.flowId).toBe(first.flowId);
    const [admin] = await t.db.select().from(users);
    expect(admin?.passwordHash).not.toContain(first.admin!.password);
    expect(await verifyPassword(first.admin!.password, admin!.passwordHash!)).toBe(true);
    expect(await verifyPassword("wrong", admin!.passwordHash!)).toBe(false);
  });
});
