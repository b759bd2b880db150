import { randomUUID } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { createFlow, type Db } from "../src";
import { alertRules, alerts, bulkOperations, deadLetters, effectLedger, flows, metricSamples, runs, runSteps, type RunStatus } from "../src/schema";

const DAY = 86_400_000;
const definition = { schemaVersion: 1, nodes: [], edges: [] };

interface RunSpec {
  ageDays: number;
  status: RunStatus;
  /** An open / resolved dead letter on the run. */
  letter?: "open" | "resubmitted" | "discarded";
  parentRunId?: string;
}

/** What pruning should leave of a seeded run. */
export type Expectation = "kept" | "cleared" | "deleted";

export interface SeededRun {
  id: string;
  flowId: string;
  label: string;
  expect: Expectation;
  effectKey: string;
}

/**
 * Runs of every age and status across three flows with different settings, plus
 * housekeeping rows, all relative to `now`. Each run has two steps with payloads
 * (one in a foreach lineage) and an effect-ledger row keyed like the engine's.
 */
export async function seedRetention(db: Db, now: Date) {
  const at = (days: number) => new Date(now.getTime() - days * DAY);
  const seeded: SeededRun[] = [];
  const makeFlow = async (name: string, payloadDays: number | null, runDays: number | null) => {
    const { flow, version } = await createFlow(db, { name: `${name}-${randomUUID().slice(0, 6)}`, definition, publish: { message: "v1" } });
    await db.update(flows).set({ retentionPayloadDays: payloadDays, retentionRunDays: runDays }).where(eq(flows.id, flow.id));
    return { flowId: flow.id, versionId: version!.id };
  };
  const add = async (f: { flowId: string; versionId: string }, label: string, spec: RunSpec, expect: Expectation) => {
    const id = randomUUID();
    await db.insert(runs).values({
      id,
      flowId: f.flowId,
      flowVersionId: f.versionId,
      status: spec.status,
      triggerType: "trigger.webhook",
      correlationId: `c-${label}`,
      triggerPayload: { order: label },
      output: { done: label },
      state: spec.status === "succeeded" ? null : { pending: [], outputs: { "0": { a: label } }, nextSeq: 2 },
      parentRunId: spec.parentRunId ?? null,
      createdAt: at(spec.ageDays),
    });
    const stepAt = at(spec.ageDays);
    const step = { runId: id, nodeName: "Post", nodeType: "action", status: "succeeded" as const, startedAt: stepAt, finishedAt: stepAt, durationMs: 1 };
    await db.insert(runSteps).values([
      { ...step, seq: 0, nodeId: "n1", lineage: "0", input: { in: label }, output: { out: label } },
      { ...step, seq: 1, nodeId: "n2", lineage: "0.3", input: { in: label }, output: { out: label } },
    ]);
    const effectKey = `${f.flowId}:${id}:n2:0.3`;
    await db.insert(effectLedger).values({ idempotencyKey: effectKey, runId: id, flowId: f.flowId, nodeId: "n2", result: { ok: true } });
    if (spec.letter) {
      await db.insert(deadLetters).values({
        runId: id,
        flowId: f.flowId,
        nodeId: "n1",
        status: spec.letter,
        errorClass: "non_retryable",
        errorMessage: "boom",
        error: { message: "boom" },
        input: { fixMe: label },
        attempts: 1,
        correlationId: `c-${label}`,
      });
    }
    seeded.push({ id, flowId: f.flowId, label, expect, effectKey });
    return id;
  };

  // Defaults: payloads 30 days, runs 90.
  const a = await makeFlow("defaults", null, null);
  await add(a, "a-young", { ageDays: 10, status: "succeeded" }, "kept");
  await add(a, "a-payload-due", { ageDays: 40, status: "succeeded" }, "cleared");
  await add(a, "a-skipped-due", { ageDays: 40, status: "skipped" }, "cleared");
  await add(a, "a-old", { ageDays: 100, status: "succeeded" }, "deleted");
  await add(a, "a-old-discarded", { ageDays: 100, status: "discarded", letter: "discarded" }, "deleted");
  await add(a, "a-old-resubmitted", { ageDays: 100, status: "succeeded", letter: "resubmitted" }, "deleted");
  const deadParent = await add(a, "a-dead-open", { ageDays: 100, status: "dead", letter: "open" }, "kept");
  await add(a, "a-finished-open-letter", { ageDays: 100, status: "succeeded", letter: "open" }, "kept");
  await add(a, "a-child-of-dead", { ageDays: 100, status: "succeeded", parentRunId: deadParent }, "kept");
  await add(a, "a-running", { ageDays: 100, status: "running" }, "kept");
  await add(a, "a-queued", { ageDays: 100, status: "queued" }, "kept");
  await add(a, "a-retrying", { ageDays: 40, status: "failed" }, "kept");
  // Override: payloads 2 days, runs 5.
  const b = await makeFlow("short", 2, 5);
  await add(b, "b-young", { ageDays: 1, status: "succeeded" }, "kept");
  await add(b, "b-payload-due", { ageDays: 3, status: "succeeded" }, "cleared");
  await add(b, "b-discarded-due", { ageDays: 3, status: "discarded", letter: "discarded" }, "cleared");
  await add(b, "b-old", { ageDays: 6, status: "succeeded" }, "deleted");
  // Only runDays set (10): payloads go with the run, never cleared separately.
  const c = await makeFlow("runs-only", null, 10);
  await add(c, "c-young", { ageDays: 8, status: "succeeded" }, "kept");
  await add(c, "c-old", { ageDays: 20, status: "succeeded" }, "deleted");

  // Housekeeping: gauges older than 8 days, resolved alerts older than 90, finished bulk operations older than 30.
  await db.insert(metricSamples).values([
    { name: "queue_depth", at: at(9), value: 1 },
    { name: "queue_depth", at: at(9.5), value: 2 },
    { name: "queue_depth", at: at(7), value: 3 },
  ]);
  const [rule] = await db.insert(alertRules).values({ name: "r", kind: "queue_depth" }).returning();
  await db.insert(alerts).values([
    { ruleId: rule!.id, status: "resolved", message: "old", value: 1, firedAt: at(101), resolvedAt: at(100) },
    { ruleId: rule!.id, status: "resolved", message: "recent", value: 1, firedAt: at(11), resolvedAt: at(10) },
    { ruleId: rule!.id, status: "firing", message: "firing", value: 1, firedAt: at(100) },
  ]);
  const op = { kind: "discard" as const, filter: {}, total: 1 };
  await db.insert(bulkOperations).values([
    { ...op, status: "completed", createdAt: at(41), finishedAt: at(40) },
    { ...op, status: "interrupted", createdAt: at(40) },
    { ...op, status: "completed", createdAt: at(11), finishedAt: at(10) },
    { ...op, status: "running", createdAt: at(40) },
  ]);
  return seeded;
}

/** Each seeded run as pruning left it, in the fixture's terms. */
export async function observe(db: Db, seeded: SeededRun[]) {
  const ids = seeded.map((s) => s.id);
  const runRows = await db.select().from(runs).where(inArray(runs.id, ids));
  const stepRows = await db.select().from(runSteps).where(inArray(runSteps.runId, ids));
  const ledger = new Set((await db.select({ key: effectLedger.idempotencyKey }).from(effectLedger)).map((r) => r.key));
  return Object.fromEntries(
    seeded.map((s) => {
      const run = runRows.find((r) => r.id === s.id);
      if (!run) return [s.label, ledger.has(s.effectKey) ? "deleted (ledger left)" : "deleted"];
      const steps = stepRows.filter((r) => r.runId === s.id);
      const payloads = [run.triggerPayload, run.output, ...steps.flatMap((st) => [st.input, st.output])];
      const state = payloads.every((p) => p === null) && run.state === null ? "cleared" : payloads.every((p) => p !== null) ? "kept" : "partly cleared";
      return [s.label, ledger.has(s.effectKey) && steps.length === 2 ? state : `${state} (lost steps or ledger)`];
    }),
  );
}

export const expected = (seeded: SeededRun[]) => Object.fromEntries(seeded.map((s) => [s.label, s.expect]));

/** Rows left in the housekeeping tables, by their distinguishing field. */
export async function housekeepingLeft(db: Db) {
  const samples = await db.select({ value: metricSamples.value }).from(metricSamples).orderBy(metricSamples.value);
  const alertRows = await db.select({ message: alerts.message }).from(alerts).orderBy(alerts.message);
  const ops = await db.execute(sql`select status::text || ':' || extract(day from now() - created_at)::int as k from bulk_operations order by 1`);
  return {
    samples: samples.map((s) => s.value),
    alerts: alertRows.map((r) => r.message),
    bulkOperations: (ops as unknown as { rows: Array<{ k: string }> }).rows.map((r) => r.k),
  };
}
