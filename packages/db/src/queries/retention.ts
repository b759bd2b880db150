import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";

/**
 * Retention (issue 8). A flow's `retention_payload_days` / `retention_run_days`
 * override these defaults (null = default):
 * - after DEFAULT_PAYLOAD_DAYS a finished run keeps its record (status, timings,
 *   errors, step list) but loses its payloads: trigger payload, run output and
 *   engine state, and every step's input and output;
 * - after DEFAULT_RUN_DAYS the finished run is deleted with its steps, its
 *   resolved dead letters and its effect-ledger rows.
 * Runs still in flight (queued, running, failed = waiting to retry, dead) and runs
 * with an open dead letter are never touched: dead letters are kept until resolved,
 * with the input an operator needs to fix and resubmit them.
 */
export const DEFAULT_PAYLOAD_DAYS = 30;
export const DEFAULT_RUN_DAYS = 90;
/** Bounds of a flow's override (the settings page validates against them). */
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 3650;
/** Housekeeping of the ops console's own tables: gauge samples feed 7-day charts, so 8 days of them are enough. */
export const METRIC_SAMPLE_DAYS = 8;
export const RESOLVED_ALERT_DAYS = 90;
export const BULK_OPERATION_DAYS = 30;

/** Runs that can no longer change; everything else is left alone. */
const FINISHED = sql.raw(`('succeeded', 'discarded', 'skipped')`);
const UNFINISHED = sql.raw(`('queued', 'running', 'failed', 'dead')`);
const DAY_MS = 86_400_000;

export interface RetentionOverride {
  payloadDays: number | null;
  runDays: number | null;
}

/**
 * What applies to a flow. Payloads never outlive their run: a flow that only
 * shortens runDays below the payload default gets payloads cleared at runDays.
 */
export function effectiveRetention(o: RetentionOverride): { payloadDays: number; runDays: number } {
  const runDays = o.runDays ?? DEFAULT_RUN_DAYS;
  return { payloadDays: Math.min(o.payloadDays ?? DEFAULT_PAYLOAD_DAYS, runDays), runDays };
}

export interface PruneOptions {
  /** Reference time for the age cutoffs (tests). */
  now?: Date;
  /** Rows per statement: runs per run batch, rows per housekeeping batch. */
  batchSize?: number;
  /** Stop starting new batches once this much time is spent; the next tick continues. */
  timeBudgetMs?: number;
  /** Breather between batches that changed rows, so the hot path's writes interleave. */
  pauseMs?: number;
  /**
   * Payload-clearing progress the caller keeps between calls (the runtime task):
   * per flow, the cutoff below which a previous call cleared everything it could.
   * Without it every call re-reads the whole clearing window, cleared rows
   * included, to find the few newly due ones. With it a call reads only what
   * crossed the cutoff since. What it cannot see — a run that finished (its dead
   * letter resolved) long after it was created, or one locked during that pass —
   * waits for a call without it (the task drops it every few hours) or goes with
   * the run at runDays.
   */
  clearedBefore?: Map<string, Date>;
}

export interface PruneResult {
  /** Runs whose payloads were cleared, and their steps that still had payloads. */
  payloadsCleared: number;
  stepPayloadsCleared: number;
  runsDeleted: number;
  effectsDeleted: number;
  samplesDeleted: number;
  alertsDeleted: number;
  bulkOperationsDeleted: number;
  batches: number;
  /** False when the time budget ran out with work left (the next call continues). */
  done: boolean;
  elapsedMs: number;
}

/** One kind of work: `step` runs one batch and returns how many rows it picked (fewer than the batch size = drained). */
interface Unit {
  step(): Promise<number>;
}

type Row = Record<string, unknown>;
const rowsOf = async (db: Db, query: SQL) => ((await db.execute(query)) as unknown as { rows: Row[] }).rows;
const firstRow = async (db: Db, query: SQL) => (await rowsOf(db, query))[0] ?? {};
const num = (v: unknown) => Number(v ?? 0);
const ago = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();

/**
 * A run that pruning must not touch even when finished: it has an open dead letter,
 * or it is a subflow child whose parent is still in flight (the parent reads the
 * child's output, and a resubmitted parent finds the child again by its event id —
 * deleting it would run the child, and its side effects, a second time).
 */
const untouchable = sql`(exists (select 1 from dead_letters d where d.run_id = r.id and d.status = 'open')
  or (r.parent_run_id is not null and exists (select 1 from runs p where p.id = r.parent_run_id and p.status in ${UNFINISHED})))`;

/**
 * Keyset position within one call: (created_at, id) as text, so microsecond
 * timestamps survive the round trip, and rows a batch skipped on purpose (open
 * dead letters) are not read again by the next batch.
 */
interface Cursor {
  at: string;
  id: string;
}
const cursorOf = (row: Row): Cursor | null => (row.last_at ? { at: String(row.last_at), id: String(row.last_id) } : null);

/** Deletes a flow's finished runs older than runDays, oldest first, with their effect-ledger rows. */
function deleteRunsUnit(db: Db, result: PruneResult, flowId: string, cutoff: string, batch: number): Unit {
  let cursor: Cursor | null = null;
  return {
    async step() {
      const after = cursor ? sql`and r.created_at >= ${cursor.at}::timestamptz and (r.created_at, r.id) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)` : sql``;
      // effect_ledger has no foreign key (and no run_id index): its keys are
      // "flow:run:node:lineage" (@ipaas/flow idempotencyKey), and every effect has a
      // step with that node and lineage, so the keys come from the steps, by primary key.
      const row = await firstRow(
        db,
        sql`with picked as (
          select r.id, r.flow_id, r.created_at from runs r
          where r.flow_id = ${flowId} and r.created_at < ${cutoff}::timestamptz ${after}
            and r.status in ${FINISHED} and not ${untouchable}
          order by r.created_at, r.id limit ${batch}
          for update of r skip locked
        ), ledger as (
          delete from effect_ledger e where e.idempotency_key in (
            select p.flow_id::text || ':' || p.id::text || ':' || s.node_id || ':' || s.lineage from picked p join run_steps s on s.run_id = p.id)
          returning 1
        ), gone as (
          delete from runs r using picked p where r.id = p.id returning 1
        ), last as (select created_at::text as at, id from picked order by created_at desc, id desc limit 1)
        select (select count(*) from picked) as picked, (select count(*) from gone) as runs, (select count(*) from ledger) as effects,
          (select at from last) as last_at, (select id from last) as last_id`,
      );
      result.runsDeleted += num(row.runs);
      result.effectsDeleted += num(row.effects);
      cursor = cursorOf(row) ?? cursor;
      return num(row.picked);
    },
  };
}

/** A watermark is trusted only up to this much clock difference between Node and Postgres (cutoffs come from Node, created_at from Postgres). */
const WATERMARK_SLACK_MS = 3_600_000;

/**
 * Clears payloads of a flow's finished runs created in [from, payloadCutoff) —
 * `from` is runCutoff (older runs are deleted whole) or the caller's watermark —
 * newest first, so freshly due runs go first when the budget is short. Only runs
 * that still hold a payload are picked and only non-null columns rewritten, so
 * cleared rows are not written again. `drained` fires when nothing is left.
 */
function clearPayloadsUnit(db: Db, result: PruneResult, flowId: string, payloadCutoff: string, from: string, batch: number, drained: () => void): Unit {
  let cursor: Cursor | null = null;
  return {
    async step() {
      const before = cursor ? sql`and r.created_at <= ${cursor.at}::timestamptz and (r.created_at, r.id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)` : sql``;
      const row = await firstRow(
        db,
        sql`with picked as (
          select r.id, r.created_at from runs r
          where r.flow_id = ${flowId} and r.created_at < ${payloadCutoff}::timestamptz and r.created_at >= ${from}::timestamptz ${before}
            and r.status in ${FINISHED}
            and (r.trigger_payload is not null or r.output is not null or r.state is not null)
            and not ${untouchable}
          order by r.created_at desc, r.id desc limit ${batch}
          for update of r skip locked
        ), steps as (
          update run_steps s set input = null, output = null from picked p
          where s.run_id = p.id and (s.input is not null or s.output is not null) returning 1
        ), cleared as (
          update runs r set trigger_payload = null, output = null, state = null from picked p where r.id = p.id returning 1
        ), last as (select created_at::text as at, id from picked order by created_at, id limit 1)
        select (select count(*) from picked) as picked, (select count(*) from cleared) as runs, (select count(*) from steps) as steps,
          (select at from last) as last_at, (select id from last) as last_id`,
      );
      result.payloadsCleared += num(row.runs);
      result.stepPayloadsCleared += num(row.steps);
      cursor = cursorOf(row) ?? cursor;
      if (num(row.picked) < batch) drained();
      return num(row.picked);
    },
  };
}

/** A housekeeping delete: `select` picks the batch's keys (locked, skipping locked ones). */
function deleteUnit(db: Db, count: (n: number) => void, query: SQL): Unit {
  return {
    async step() {
      const row = await firstRow(db, query);
      count(num(row.n));
      return num(row.n);
    },
  };
}

function housekeeping(db: Db, result: PruneResult, now: Date, batch: number): Unit[] {
  const samples = ago(now, METRIC_SAMPLE_DAYS);
  const alerts = ago(now, RESOLVED_ALERT_DAYS);
  const bulk = ago(now, BULK_OPERATION_DAYS);
  return [
    // No key column: ctids of one statement's own snapshot are stable, and `= any(array)` makes a TID scan.
    deleteUnit(
      db,
      (n) => (result.samplesDeleted += n),
      sql`with gone as (delete from metric_samples where ctid = any(array(
          select ctid from metric_samples where at < ${samples}::timestamptz limit ${batch} for update skip locked)) returning 1)
        select count(*) as n from gone`,
    ),
    // fired_at <= resolved_at, so the fired_at bound (indexed) loses nothing.
    deleteUnit(
      db,
      (n) => (result.alertsDeleted += n),
      sql`with gone as (delete from alerts where id in (
          select id from alerts where status = 'resolved' and fired_at < ${alerts}::timestamptz and resolved_at < ${alerts}::timestamptz
          order by fired_at limit ${batch} for update skip locked) returning 1)
        select count(*) as n from gone`,
    ),
    // An interrupted operation may have no finished_at; its age is then its start.
    deleteUnit(
      db,
      (n) => (result.bulkOperationsDeleted += n),
      sql`with gone as (delete from bulk_operations where id in (
          select id from bulk_operations where status <> 'running' and created_at < ${bulk}::timestamptz and coalesce(finished_at, created_at) < ${bulk}::timestamptz
          order by created_at limit ${batch} for update skip locked) returning 1)
        select count(*) as n from gone`,
    ),
  ];
}

/**
 * One pruning pass (the runtime's "retention.prune" tick, and "Prune now").
 * Every batch is one short statement that locks only the rows it picked, skipping
 * rows someone else holds, so the hot path keeps writing. The kinds of work (per
 * flow: delete old runs, clear old payloads; housekeeping) take turns a batch at a
 * time, so one flow's backlog does not starve the others. The call stops starting
 * batches when the time budget is spent — but only after at least one batch that
 * found work, so every call makes progress — and the next call continues.
 * Safe to run concurrently with itself (skip locked) and to repeat.
 */
export async function pruneOnce(db: Db, options: PruneOptions = {}): Promise<PruneResult> {
  const { now = new Date(), batchSize = 1000, timeBudgetMs = 20_000, pauseMs = 50 } = options;
  const started = performance.now();
  const result: PruneResult = {
    payloadsCleared: 0,
    stepPayloadsCleared: 0,
    runsDeleted: 0,
    effectsDeleted: 0,
    samplesDeleted: 0,
    alertsDeleted: 0,
    bulkOperationsDeleted: 0,
    batches: 0,
    done: false,
    elapsedMs: 0,
  };
  const flowRows = await rowsOf(db, sql`select id, retention_payload_days, retention_run_days from flows order by created_at, id`);
  let units: Unit[] = housekeeping(db, result, now, batchSize);
  for (const f of flowRows) {
    const days = effectiveRetention({ payloadDays: f.retention_payload_days as number | null, runDays: f.retention_run_days as number | null });
    const flowId = String(f.id);
    const runCutoff = ago(now, days.runDays);
    units.push(deleteRunsUnit(db, result, flowId, runCutoff, batchSize));
    // Payloads due no earlier than the run itself go with it.
    if (days.payloadDays >= days.runDays) continue;
    const payloadCutoff = ago(now, days.payloadDays);
    const mark = options.clearedBefore?.get(flowId);
    const from = mark && mark.getTime() - WATERMARK_SLACK_MS > Date.parse(runCutoff) ? new Date(mark.getTime() - WATERMARK_SLACK_MS).toISOString() : runCutoff;
    units.push(clearPayloadsUnit(db, result, flowId, payloadCutoff, from, batchSize, () => options.clearedBefore?.set(flowId, new Date(payloadCutoff))));
  }

  let progressed = false;
  while (units.length > 0) {
    const more: Unit[] = [];
    for (const [i, unit] of units.entries()) {
      if (progressed && performance.now() - started >= timeBudgetMs) {
        result.elapsedMs = Math.round(performance.now() - started);
        return result;
      }
      const picked = await unit.step();
      result.batches += 1;
      if (picked >= batchSize) more.push(unit);
      if (picked > 0) {
        progressed = true;
        if (pauseMs > 0 && (i < units.length - 1 || more.length > 0)) await sleep(pauseMs);
      }
    }
    units = more;
  }
  result.done = true;
  result.elapsedMs = Math.round(performance.now() - started);
  return result;
}
