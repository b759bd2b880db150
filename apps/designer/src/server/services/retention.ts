import {
  BULK_OPERATION_DAYS,
  DEFAULT_PAYLOAD_DAYS,
  DEFAULT_RUN_DAYS,
  effectiveRetention,
  listFlowRetention,
  lockFlowRetention,
  MAX_RETENTION_DAYS,
  METRIC_SAMPLE_DAYS,
  MIN_RETENTION_DAYS,
  NotFoundError,
  pruneOnce,
  RESOLVED_ALERT_DAYS,
  setFlowRetention,
  storageUsage,
  writeAudit,
  type AuditActor,
  type Db,
} from "@ipaas/db";
import { z } from "zod";

/** A flow override: whole days within the bounds, or null for the default. */
const days = (field: string) =>
  z
    .number({ error: `${field}: enter a number of days, or leave it empty for the default` })
    .int({ error: `${field}: use whole days` })
    .min(MIN_RETENTION_DAYS, { error: `${field}: at least ${MIN_RETENTION_DAYS} day` })
    .max(MAX_RETENTION_DAYS, { error: `${field}: at most ${MAX_RETENTION_DAYS} days` })
    .nullable();

/**
 * The update's input. Payloads cannot outlive their run, so an explicit payloadDays
 * must not exceed the run days that apply (the override, or the default). The
 * reverse (runDays alone below the payload default) is fine: payloads then go
 * with the run (effectiveRetention).
 */
export const retentionUpdateInput = z
  .object({ flowId: z.uuid(), payloadDays: days("payloadDays"), runDays: days("runDays") })
  .superRefine((v, ctx) => {
    // zod still runs this when a field failed its own checks; compare valid values only.
    const valid = (d: number | null) => d === null || (Number.isInteger(d) && d >= MIN_RETENTION_DAYS && d <= MAX_RETENTION_DAYS);
    if (!valid(v.payloadDays) || !valid(v.runDays)) return;
    const runDays = v.runDays ?? DEFAULT_RUN_DAYS;
    if (v.payloadDays !== null && v.payloadDays > runDays) {
      const which = v.runDays === null ? `the default run retention (${DEFAULT_RUN_DAYS} days)` : `runDays (${runDays})`;
      ctx.addIssue({ code: "custom", path: ["payloadDays"], message: `payloadDays: must not exceed ${which}; payloads cannot outlive their runs` });
    }
  });
export type RetentionUpdate = z.infer<typeof retentionUpdateInput>;

/** Defaults, each flow's override with what applies and what it stores, and table sizes. */
export async function retentionOverview(db: Db) {
  const [rows, usage] = await Promise.all([listFlowRetention(db), storageUsage(db)]);
  const byFlow = new Map(usage.flows.map((f) => [f.flowId, f]));
  return {
    defaults: {
      payloadDays: DEFAULT_PAYLOAD_DAYS,
      runDays: DEFAULT_RUN_DAYS,
      minDays: MIN_RETENTION_DAYS,
      maxDays: MAX_RETENTION_DAYS,
      metricSampleDays: METRIC_SAMPLE_DAYS,
      resolvedAlertDays: RESOLVED_ALERT_DAYS,
      bulkOperationDays: BULK_OPERATION_DAYS,
    },
    flows: rows.map((f) => {
      const used = byFlow.get(f.id);
      return {
        flowId: f.id,
        name: f.name,
        payloadDays: f.payloadDays,
        runDays: f.runDays,
        effective: effectiveRetention(f),
        runs: used?.runs ?? 0,
        oldestRunAt: used?.oldestRunAt ?? null,
        payloadBytes: used?.payloadBytes ?? 0,
      };
    }),
    tables: usage.tables,
    databaseBytes: usage.databaseBytes,
    estimated: usage.estimated,
  };
}

/** Sets a flow's override, audited with before and after. */
export async function updateRetention(db: Db, actor: AuditActor, input: RetentionUpdate) {
  return db.transaction(async (tx) => {
    const before = await lockFlowRetention(tx, input.flowId);
    if (!before) throw new NotFoundError(`Flow ${input.flowId} does not exist`);
    const after = { payloadDays: input.payloadDays, runDays: input.runDays };
    await setFlowRetention(tx, { flowId: input.flowId, ...after });
    await writeAudit(tx, actor, {
      action: "flow.retention",
      targetType: "flow",
      targetId: input.flowId,
      summary: { name: before.name, before: { payloadDays: before.payloadDays, runDays: before.runDays }, after, effective: effectiveRetention(after) },
    });
    return { flowId: input.flowId, ...after, effective: effectiveRetention(after) };
  });
}

/**
 * "Prune now": the runtime's pass (same function), run once from the designer.
 * Its budget is shorter than a tick's so the request returns promptly; what is
 * left (done = false) the scheduled job continues.
 */
export const PRUNE_NOW_BUDGET_MS = 10_000;

export async function pruneNow(db: Db, actor: AuditActor) {
  const result = await pruneOnce(db, { timeBudgetMs: PRUNE_NOW_BUDGET_MS });
  await writeAudit(db, actor, { action: "retention.prune", targetType: "retention", summary: { ...result } });
  return result;
}
