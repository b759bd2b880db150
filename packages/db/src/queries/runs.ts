import { and, asc, eq, gte, inArray, lt, lte, or, sql, type SQL } from "drizzle-orm";
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

/**
 * Waiting runs (queued or failed, awaiting a retry) whose next job was due before
 * `before`, oldest job sequence included: the sweeper enqueues their job again.
 */
export async function overdueRuns(db: Db, params: { before: Date; limit: number }): Promise<Array<{ runId: string; flowId: string; flowVersionId: string; seq: number }>> {
  return db
    .select({ runId: runs.id, flowId: runs.flowId, flowVersionId: runs.flowVersionId, seq: runs.jobSeq })
    .from(runs)
    .where(and(sql`${runs.status} in ('queued', 'failed')`, lt(runs.wakeAt, params.before)))
    .limit(params.limit);
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
  /** `state` already serialised (the engine measured it against its limit); used instead of serialising again. */
  stateJson?: string;
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
  /** One status or any of several (the explorer's "failed / retrying + dead"). */
  status?: RunStatus | RunStatus[];
  /** Exact business key (kept for callers that know the key as stored). */
  businessKey?: string;
  /** The explorer's search box: business key (with or without "#"), correlation id, or run id. */
  search?: string;
  /** Runs that executed a step of this connector. */
  connector?: string;
  errorClass?: string;
  /** created_at >= from and < to. */
  from?: Date;
  to?: Date;
  limit: number;
  /** Opaque cursor from the previous page: `${createdAt ISO}|${id}`. */
  cursor?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The business keys a search term may mean: people type "1001" for order "#1001"
 * and the other way round. Exact values only, so the lookup stays on
 * runs_business_key_idx (a plain btree; `like 'x%'` would not use it).
 */
export function businessKeyCandidates(term: string): string[] {
  const bare = term.startsWith("#") ? term.slice(1) : term;
  return bare === "" ? [term] : [bare, `#${bare}`];
}

/** Each alternative is an indexed equality, so Postgres answers it with a BitmapOr of three index scans. */
function searchCondition(term: string): SQL {
  const alternatives = [inArray(runs.businessKey, businessKeyCandidates(term)), eq(runs.correlationId, term)];
  // Only a well-formed uuid may be compared with the uuid column (anything else is a cast error).
  if (UUID.test(term)) alternatives.push(eq(runs.id, term));
  return or(...alternatives)!;
}

function listConditions(params: ListRunsParams): SQL[] {
  const where: SQL[] = [];
  if (params.flowId) where.push(eq(runs.flowId, params.flowId));
  const statuses = params.status === undefined ? [] : Array.isArray(params.status) ? params.status : [params.status];
  if (statuses.length === 1) where.push(eq(runs.status, statuses[0]!));
  else if (statuses.length > 1) where.push(inArray(runs.status, statuses));
  if (params.businessKey) where.push(eq(runs.businessKey, params.businessKey));
  if (params.search) where.push(searchCondition(params.search));
  if (params.errorClass) where.push(eq(runs.errorClass, params.errorClass));
  if (params.connector) {
    // The connector lives on steps, not runs. Postgres probes run_steps_run_idx per candidate run when the
    // connector is common, or starts from run_steps_connector_finished_idx when it is rare.
    where.push(sql`exists (select 1 from run_steps s where s.run_id = ${runs.id} and s.connector = ${params.connector})`);
  }
  if (params.from) where.push(gte(runs.createdAt, params.from));
  if (params.to) where.push(lt(runs.createdAt, params.to));
  if (params.cursor) {
    const [, micros, id] = RUNS_CURSOR.exec(params.cursor) ?? [];
    if (!micros || !id) throw new Error("cursor is malformed");
    const createdAt = sql`timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond'`;
    // The redundant `<=` is what an index can seek to; the OR alone would be a filter.
    where.push(lte(runs.createdAt, createdAt), or(lt(runs.createdAt, createdAt), and(eq(runs.createdAt, createdAt), lt(runs.id, id)))!);
  }
  return where;
}

/** What a runs list row (and a related-run link) shows. */
export const runSummaryColumns = {
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
  errorClass: runs.errorClass,
  // The message only: the full error (with the target's response body) is for the detail page.
  errorMessage: sql<string | null>`${runs.error}->>'message'`,
};

/**
 * The runs indexes are `created_at DESC NULLS LAST` (drizzle's `.desc()`), while a
 * plain `ORDER BY created_at DESC` means NULLS FIRST: Postgres then cannot read
 * the order from the index and sorts every matching run. Both columns are NOT
 * NULL, so spelling out NULLS LAST changes no result and lets the index serve it.
 */
export const NEWEST_FIRST = [sql`${runs.createdAt} desc nulls last`, sql`${runs.id} desc nulls last`];

/**
 * The runs explorer's cursor: `${created_at in microseconds since the epoch}|${id}`,
 * written by Postgres (CURSOR_AT). A JS Date keeps milliseconds only, and a cursor
 * cut to the millisecond skips the runs created later in the same millisecond as the
 * page's last row. Any string this matches is a valid position (16 digits reach the
 * year 2286), so the API can refuse every other one as a 400 with this one check.
 */
export const RUNS_CURSOR = /^(\d{1,16})\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const CURSOR_AT = sql<string>`(extract(epoch from ${runs.createdAt}) * 1000000)::bigint::text`;

/** The explorer's query (one row more than a page, to know whether another follows); exported so a test can EXPLAIN it. */
export function listRunsQuery(db: Db, params: ListRunsParams) {
  const where = listConditions(params);
  return db
    .select({ ...runSummaryColumns, cursorAt: CURSOR_AT })
    .from(runs)
    .innerJoin(flows, eq(flows.id, runs.flowId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(...NEWEST_FIRST)
    .limit(params.limit + 1);
}

/**
 * Newest first, keyset-paginated on (created_at, id) so deep pages stay fast with
 * millions of runs. Every filter combines with the others and with the cursor.
 */
export async function listRuns(db: Db, params: ListRunsParams) {
  const rows = await listRunsQuery(db, params);
  const page = rows.slice(0, params.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > params.limit && last ? `${last.cursorAt}|${last.id}` : null;
  return { items: page.map(({ cursorAt: _cursorAt, ...run }) => run), nextCursor };
}

/**
 * The distinct error classes of all runs, for the explorer's filter. A loose index
 * scan over runs_error_class_created_idx: one index probe per class, however many
 * runs there are (a plain `select distinct` would read every failed run).
 */
export async function listRunErrorClasses(db: Db): Promise<string[]> {
  const result = (await db.execute(sql`
    with recursive classes(c) as (
      select min(error_class) from runs where error_class is not null
      union all
      select (select min(r.error_class) from runs r where r.error_class > classes.c) from classes where classes.c is not null
    )
    select c from classes where c is not null limit 500`)) as unknown as { rows: Array<{ c: string }> };
  return result.rows.map((r) => r.c);
}

export async function getRunWithSteps(db: Db, runId: string) {
  const [run] = await db.select().from(runs).where(eq(runs.id, runId)).limit(1);
  if (!run) return null;
  const steps = await db.select().from(runSteps).where(eq(runSteps.runId, runId)).orderBy(asc(runSteps.seq));
  return { run, steps };
}
