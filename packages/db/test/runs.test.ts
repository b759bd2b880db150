import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { claimRun, claimSequence, createFlow, createRun, findEffect, getRunWithSteps, listRuns, lookupValue, lookupValues, persistProgress, seedDemo, upsertLookupTable, verifyPassword } from "../src";
import { countQueries, createTestDatabase, type TestDatabase } from "../src/testing";
import { accounts, runs, users } from "../src/schema";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

const definition = { schemaVersion: 1, nodes: [], edges: [] };

/** A flow's run ids, newest first, read two at a time through the cursor. */
async function everyPage(flowId: string): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof listRuns>> = await listRuns(t.db, { flowId, limit: 2, cursor });
    seen.push(...page.items.map((r) => r.id));
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

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

  it("stores what execution reads back whole, past the step display cap: trigger payload, effect result, dead-letter input, output", async () => {
    const { flow, version } = await createFlow(t.db, { name: "whole", definition, publish: { message: "v1" } });
    // Past the 256 KiB display cap, with the field the flow needs after the bulk.
    const order = { note: "n".repeat(600 * 1024), currency: "EUR" };
    const { runId } = await createRun(t.db, { flowId: flow.id, flowVersionId: version!.id, triggerType: "trigger.webhook", correlationId: "w1", triggerPayload: order });
    const now = new Date();
    const step = { seq: 0, nodeId: "n1", nodeName: "N1", nodeType: "action", lineage: "0", status: "failed" as const, input: order, output: null, error: null, startedAt: now, finishedAt: now, durationMs: 0 };
    const error = { message: "boom", class: "non_retryable", code: "X" };
    await persistProgress(t.db, {
      runId,
      flowId: flow.id,
      correlationId: "w1",
      businessKey: null,
      steps: [step],
      effects: [{ idempotencyKey: `whole-${runId}`, nodeId: "n0", result: { received: order } }],
      deadLetters: [{ nodeId: "n1", nodeName: "N1", lineage: "0", input: { body: order }, inputResolved: true, attempts: 1, error }],
      state: { pending: [], outputs: { "0": { N0: order } }, nextSeq: 1 },
      outcome: { kind: "finished", status: "succeeded", output: { echo: order } },
    });
    const saved = await getRunWithSteps(t.db, runId);
    expect(saved?.run.triggerPayload).toEqual(order);
    expect(saved?.run.output).toEqual({ echo: order });
    expect(saved?.run.state).toEqual({ pending: [], outputs: { "0": { N0: order } }, nextSeq: 1 });
    expect(await findEffect(t.db, `whole-${runId}`)).toEqual({ result: { received: order } });
    const [letter] = await t.db.query.deadLetters.findMany({ where: (d, { eq: is }) => is(d.runId, runId) });
    expect(letter?.input).toEqual({ body: order });
    // Only the step row — display — is cut, and says so.
    expect(saved?.steps[0]?.truncated).toBe(true);
    // Stored whole, yet not at full size: Postgres compresses large jsonb (TOAST) without a separate table.
    const stored = (await t.db.execute(sql`select pg_column_size(trigger_payload) as bytes from runs where id = ${runId}`)) as unknown as { rows: Array<{ bytes: number }> };
    expect(Number(stored.rows[0]!.bytes)).toBeLessThan(order.note.length / 10);
  });

  it("persists steps, effects, a dead letter and the final status in one write", async () => {
    const { flow, version } = await createFlow(t.db, { name: "dead", definition, publish: { message: "v1" } });
    const { runId } = await createRun(t.db, { flowId: flow.id, flowVersionId: version!.id, triggerType: "trigger.manual", correlationId: "c2", triggerPayload: {} });
    expect(await claimRun(t.db, runId, 1)).toBeNull(); // not this job's turn
    expect(await claimRun(t.db, runId, 0)).not.toBeNull();
    const now = new Date();
    const big = "x".repeat(300 * 1024);
    const step = { seq: 0, nodeId: "n1", nodeName: "N1", nodeType: "action", lineage: "0", status: "failed" as const, input: { big }, output: null, error: { message: "boom" }, startedAt: now, finishedAt: now, durationMs: 0 };
    await persistProgress(t.db, {
      runId,
      flowId: flow.id,
      correlationId: "c2",
      businessKey: "#9",
      steps: [step],
      effects: [{ idempotencyKey: `k-${runId}`, nodeId: "n0", result: { id: 1 } }],
      deadLetters: [{ nodeId: "n1", nodeName: "N1", lineage: "0", input: { big: "y" }, inputResolved: true, attempts: 1, error: { message: "boom", class: "non_retryable", code: "X" } }],
      state: { pending: [], outputs: {}, nextSeq: 1 },
      outcome: { kind: "finished", status: "succeeded", output: null },
    });
    const saved = await getRunWithSteps(t.db, runId);
    expect(saved?.run.status).toBe("dead"); // an open dead letter overrides "succeeded"
    expect(saved?.run.error).toMatchObject({ code: "X" });
    expect(saved?.run.durationMs).toBeTypeOf("number");
    expect(saved?.steps[0]?.truncated).toBe(true);
    expect((saved?.steps[0]?.input as { _truncated: boolean })._truncated).toBe(true);
    expect(await findEffect(t.db, `k-${runId}`)).toEqual({ result: { id: 1 } });
    const letters = await t.db.query.deadLetters.findMany({ where: (d, { eq: is }) => is(d.runId, runId) });
    expect(letters.map((l) => [l.runId, l.errorClass, l.input, l.businessKey, l.inputResolved])).toEqual([[runId, "non_retryable", { big: "y" }, "#9", true]]);
    // A finished run is not claimed again by a duplicate job.
    expect(await claimRun(t.db, runId, 0)).toBeNull();
  });

  it("guards entity sequences: older updates are refused, equal ones pass", async () => {
    expect(await claimSequence(t.db, "inv", "SKU-1", 3)).toBe(true);
    expect(await claimSequence(t.db, "inv", "SKU-1", 1)).toBe(false);
    expect(await claimSequence(t.db, "inv", "SKU-1", 3)).toBe(true);
    expect(await claimSequence(t.db, "inv", "SKU-2", 1)).toBe(true);
  });

  it("reads lookup tables", async () => {
    await upsertLookupTable(t.db, "sku-map", { "SHOP-1": "NS-100" });
    expect(await lookupValue(t.db, { environment: "sandbox", table: "sku-map", key: "SHOP-1" })).toBe("NS-100");
    expect(await lookupValue(t.db, { environment: "sandbox", table: "sku-map", key: "nope" })).toBeUndefined();
  });

  it("reads many keys of a lookup table in one query", async () => {
    await upsertLookupTable(t.db, "sku-batch", { "SHOP-1": "NS-100", "SHOP-2": { id: 200 }, "SHOP-3": "NS-300" });
    await upsertLookupTable(t.db, "other-table", { "SHOP-4": "elsewhere" });
    const { result, queries } = await countQueries(t, () => lookupValues(t.db, { environment: "sandbox", table: "sku-batch", keys: ["SHOP-1", "SHOP-2", "nope", "SHOP-4"] }));
    expect(queries).toBe(1);
    expect(result).toEqual(new Map<string, unknown>([["SHOP-1", "NS-100"], ["SHOP-2", { id: 200 }]]));
    expect(await lookupValues(t.db, { environment: "sandbox", table: "no-such-table", keys: ["SHOP-1"] })).toEqual(new Map());
    // The counter counts what it should: one key read alone is one query too.
    expect((await countQueries(t, () => lookupValue(t.db, { environment: "sandbox", table: "sku-batch", key: "SHOP-3" }))).queries).toBe(1);
  });

  it("pages runs newest first with a keyset cursor", async () => {
    const { flow, version } = await createFlow(t.db, { name: "paging", definition, publish: { message: "v1" } });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await createRun(t.db, { flowId: flow.id, flowVersionId: version!.id, triggerType: "trigger.manual", correlationId: `p${i}`, triggerPayload: {} })).runId);
    }
    const seen = await everyPage(flow.id);
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(new Set(ids));
  });

  it("pages runs created within one millisecond without skipping any (the cursor keeps microseconds)", async () => {
    const { flow, version } = await createFlow(t.db, { name: "paging-us", definition, publish: { message: "v1" } });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { runId } = await createRun(t.db, { flowId: flow.id, flowVersionId: version!.id, triggerType: "trigger.manual", correlationId: `us${i}`, triggerPayload: {} });
      // All in the same millisecond, a few microseconds apart: what a busy ingress writes.
      await t.db.update(runs).set({ createdAt: sql`'2026-03-01T10:00:00.123000Z'::timestamptz + ${i * 150} * interval '1 microsecond'` }).where(eq(runs.id, runId));
      ids.push(runId);
    }
    const seen = await everyPage(flow.id);
    // Newest first, each exactly once.
    expect(seen).toEqual([...ids].reverse());
    await expect(listRuns(t.db, { flowId: flow.id, limit: 2, cursor: `2026-03-01T10:00:00Z|${ids[0]}` })).rejects.toThrow("cursor is malformed");
  });

  it("seeds an admin once, storing only a hash of the printed password", async () => {
    const first = await seedDemo(t.db, definition);
    const second = await seedDemo(t.db, definition);
    expect(first.admin?.password).toMatch(/.{12,}/);
    expect(second.admin).toBeNull();
    expect(second.flowId).toBe(first.flowId);
    const [admin] = await t.db.select().from(users);
    const [account] = await t.db.select().from(accounts).where(eq(accounts.userId, admin!.id));
    expect(account?.providerId).toBe("credential");
    expect(account?.password).not.toContain(first.admin!.password);
    expect(await verifyPassword(first.admin!.password, account!.password!)).toBe(true);
    expect(await verifyPassword("wrong", account!.password!)).toBe(false);
  });
});

describe("jsonb round trip", () => {
  it("keeps JSON-looking strings as strings", async () => {
    const { flow, version } = await createFlow(t.db, { name: "json strings", definition, publish: { message: "v1" } });
    for (const payload of ["3", "true", "null", '{"a":1}', "plain", 3, { nested: "7" }]) {
      const { runId } = await createRun(t.db, { flowId: flow.id, flowVersionId: version!.id, triggerType: "trigger.manual", correlationId: "j", triggerPayload: payload });
      expect((await getRunWithSteps(t.db, runId))?.run.triggerPayload).toEqual(payload);
    }
  });
});

describe("RunRecorder (batched ingress inserts)", () => {
  it("records concurrent runs, one per event id, also for repeats inside one batch", async () => {
    const { RunRecorder } = await import("../src");
    const { flow, version } = await createFlow(t.db, { name: "recorder", definition, publish: { message: "v1" } });
    const recorder = new RunRecorder(t.db, { maxBatch: 50 });
    const base = { flowId: flow.id, flowVersionId: version!.id, triggerType: "trigger.webhook", correlationId: "c", triggerPayload: { a: "1" } };
    const results = await Promise.all(
      Array.from({ length: 120 }, (_, i) => recorder.record({ ...base, triggerEventId: i % 3 === 0 ? "same" : `e-${i}` })),
    );
    const same = results.filter((_, i) => i % 3 === 0);
    expect(new Set(same.map((r) => r.runId)).size).toBe(1);
    expect(same.filter((r) => r.created)).toHaveLength(1);
    expect(results.filter((r) => r.created)).toHaveLength(81);
    const runs = await t.db.query.runs.findMany({ where: (r, { eq }) => eq(r.flowId, flow.id) });
    expect(runs).toHaveLength(81);
    expect(runs[0]?.triggerPayload).toEqual({ a: "1" });
    // Without an event id there is no dedup: every call is a run.
    const [x, y] = await Promise.all([recorder.record({ ...base }), recorder.record({ ...base })]);
    expect(x!.runId).not.toBe(y!.runId);
  });
});

describe("ProgressWriter (group commit)", () => {
  it("writes concurrent runs with different outcomes in shared statements, each correctly", async () => {
    const { ProgressWriter } = await import("../src");
    const { flow, version } = await createFlow(t.db, { name: "writer", definition, publish: { message: "v1" } });
    const ids = await Promise.all(
      [0, 1, 2, 3].map(async (i) => (await createRun(t.db, { flowId: flow.id, flowVersionId: version!.id, triggerType: "trigger.manual", correlationId: `w${i}`, triggerPayload: {} })).runId),
    );
    const writer = new ProgressWriter(t.db, { maxInFlight: 1 });
    const now = new Date();
    const step = (n: string) => ({ seq: 0, nodeId: n, nodeName: n, nodeType: "map", lineage: "0", status: "succeeded" as const, input: { n }, output: "3", error: null, startedAt: now, finishedAt: now, durationMs: 1 });
    const base = (runId: string) => ({ runId, flowId: flow.id, correlationId: "w", businessKey: null, effects: [], deadLetters: [], state: { pending: [], outputs: {}, nextSeq: 1 }, startedAt: now });
    const error = { message: "bad", class: "non_retryable", code: "X" };
    await Promise.all([
      writer.write({ ...base(ids[0]!), steps: [step("a")], outcome: { kind: "finished", status: "succeeded", output: "3" } }),
      writer.write({ ...base(ids[1]!), steps: [step("b")], outcome: { kind: "waiting", status: "failed", wakeAt: new Date(now.getTime() + 5000), jobSeq: 1, error } }),
      writer.write({ ...base(ids[2]!), steps: [step("c")], outcome: { kind: "checkpoint" } }),
      writer.write({ ...base(ids[3]!), steps: [step("d")], deadLetters: [{ nodeId: "d", nodeName: "d", lineage: "0", input: {}, inputResolved: false, attempts: 1, error }], outcome: { kind: "finished", status: "succeeded", output: null } }),
    ]);
    const rows = await Promise.all(ids.map((id) => getRunWithSteps(t.db, id)));
    expect(rows.map((r) => r?.run.status)).toEqual(["succeeded", "failed", "queued", "dead"]);
    expect(rows[0]?.run).toMatchObject({ output: "3", state: null, error: null });
    expect(rows[0]?.steps[0]?.output).toBe("3");
    expect(rows[1]?.run).toMatchObject({ jobSeq: 1, error: { code: "X" } });
    expect(rows[2]?.run.state).toEqual({ pending: [], outputs: {}, nextSeq: 1 });
    expect(rows[3]?.run).toMatchObject({ error: { code: "X" }, state: { nextSeq: 1 } });
    expect(rows.every((r) => r?.steps.length === 1)).toBe(true);
  });
});
