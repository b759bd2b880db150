import { and, asc, desc, eq, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { flows, runs, runSteps, type RunStatus, type StepStatus } from "../schema";
import { insertRuns, type RecordedRun } from "./run-recorder";

export interface NewRun {
  flowId: string;
  flowVersionId: string;
  triggerType: string;
  triggerEventId?: string | null;
  correlationId: string;
  businessKey?: string | null;
  triggerPayload: unknown;
  resubmittedFrom?: string | null;
  parentRunId?: string | null;
}

/** Records one run (see insertRuns): a repeated (flow, trigger event id) returns the first run. */
export async function createRun(db: Db, input: NewRun): Promise<RecordedRun> {
  const [result] = await insertRuns(db, [input]);
  return result!;
}

/**
 * The run, when the job numbered `jobSeq` may advance it; null when another job
 * owns it now (a duplicate or superseded job) or it is already finished. A read,
 * not a write: most runs finish within milliseconds, and an UPDATE here (WAL, index
 * entries) cost as much as the rest of the run. Slow runs are marked `running` by
 * `markRunning` instead.
 */
export async function claimRun(db: Db, runId: string, jobSeq: number) {
  const [row] = await db
    .select()
    .from(runs)
    .where(and(eq(runs.id, runId), eq(runs.jobSeq, jobSeq), sql`${runs.status} in ('queued', 'running', 'failed')`))
    .limit(1);
  return row ?? null;
}

/** Shows a run that is taking a while as running (a no-op once it moved on). */
export async function markRunning(db: Db, runId: string, jobSeq: number, startedAt: Date): Promise<void> {
  await db
    .update(runs)
    .set({ status: "running", startedAt: sql`coalesce(${runs.startedAt}, ${startedAt.toISOString()}::timestamptz)` })
    .where(and(eq(runs.id, runId), eq(runs.jobSeq, jobSeq), sql`${runs.status} in ('queued', 'failed')`));
}

export interface StepInput {
  seq: number;
  nodeId: string;
  nodeName: string;
  nodeType: string;
  connector?: string | null;
  lineage: string;
  status: StepStatus;
  attempt?: number;
  input: unknown;
  output: unknown;
  error: unknown;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
}

export interface DeadLetterInput {
  nodeId: string;
  nodeName: string;
  lineage: string;
  input: unknown;
  inputResolved: boolean;
  attempts: number;
  error: { message: string; class: string; code: string } & Record<string, unknown>;
}

export interface Progress {
  runId: string;
  /** When this job started on the run: the run's start time unless an earlier job set one. */
  startedAt?: Date;
  flowId: string;
  correlationId: string;
  businessKey: string | null;
  steps: StepInput[];
  effects: Array<{ idempotencyKey: string; nodeId: string; result: unknown }>;
  deadLetters: DeadLetterInput[];
  state: unknown;
  /**
   * Finished: the run's final status (turned into `dead` when it has open dead
   * letters) and output. Waiting: the new status, when the next job is due, and
   * that job's number.
   */
  outcome:
    | { kind: "checkpoint" }
    | { kind: "finished"; status: "succeeded" | "skipped"; output: unknown }
    | { kind: "waiting"; status: "queued" | "failed"; wakeAt: Date; jobSeq: number; error: unknown };
}

export interface ListRunsParams {
  flowId?: string;
  status?: RunStatus;
  businessKey?: string;
  limit: number;
  /** Opaque cursor from the previous page: `${createdAt ISO}|${id}`. */
  cursor?: string | null;
}

/** Newest first, keyset-paginated on (created_at, id) so deep pages stay fast with millions of runs. */
export async function listRuns(db: Db, params: ListRunsParams) {
  const where: SQL[] = [];
  if (params.flowId) where.push(eq(runs.flowId, params.flowId));
  if (params.status) where.push(eq(runs.status, params.status));
  if (params.businessKey) where.push(eq(runs.businessKey, params.businessKey));
  if (params.cursor) {
    const [at, id] = params.cursor.split("|");
    const createdAt = new Date(at ?? "");
    if (!id || Number.isNaN(createdAt.getTime())) throw new Error("cursor is malformed");
    where.push(or(lt(runs.createdAt, createdAt), and(eq(runs.createdAt, createdAt), lt(runs.id, id)))!);
  }
  const rows = await db
    .select({
      id: runs.id,
      flowId: runs.flowId,
      flowName: flows.name,
      status: runs.status,
      triggerType: runs.triggerType,
      businessKey: runs.businessKey,
      correlationId: runs.correlationId,
      createdAt: runs.createdAt,
      startedAt: runs.startedAt,
      finishedAt: runs.finishedAt,
      durationMs: runs.durationMs,
      error: runs.error,
    })
    .from(runs)
    .innerJoin(flows, eq(flows.id, runs.flowId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(runs.createdAt), desc(runs.id))
    .limit(params.limit + 1);
  const page = rows.slice(0, params.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > params.limit && last ? `${last.createdAt.toISOString()}|${last.id}` : null;
  return { items: page, nextCursor };
}

export async function getRunWithSteps(db: Db, runId: string) {
  const [run] = await db.select().from(runs).where(eq(runs.id, runId)).limit(1);
  if (!run) return null;
  const steps = await db.select().from(runSteps).where(eq(runSteps.runId, runId)).orderBy(asc(runSteps.seq));
  return { run, steps };
}
