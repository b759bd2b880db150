import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { capJson } from "./payload";
import type { Progress } from "./runs";

const q = (value: unknown) => JSON.stringify(value ?? null);

/** Rows as one JSON array text, each payload serialised (and capped) exactly once. */
function stepRows(p: Progress): string {
  return `[${p.steps
    .map((s) => {
      const input = capJson(s.input);
      const output = capJson(s.output);
      return `{"seq":${s.seq},"node_id":${q(s.nodeId)},"node_name":${q(s.nodeName)},"node_type":${q(s.nodeType)},"lineage":${q(s.lineage)},"status":${q(s.status)},"attempt":${s.attempt ?? 1},"input":${input.json},"output":${output.json},"error":${q(s.error)},"truncated":${input.truncated || output.truncated},"started_at":${q(s.startedAt)},"finished_at":${q(s.finishedAt)},"duration_ms":${Math.round(s.durationMs)}}`;
    })
    .join(",")}]`;
}

function effectRows(p: Progress): string {
  return `[${p.effects.map((e) => `{"key":${q(e.idempotencyKey)},"node_id":${q(e.nodeId)},"result":${capJson(e.result).json}}`).join(",")}]`;
}

function deadRows(p: Progress): string {
  return `[${p.deadLetters
    .map(
      (d) =>
        `{"node_id":${q(d.nodeId)},"node_name":${q(d.nodeName)},"lineage":${q(d.lineage)},"input":${capJson(d.input).json},"input_resolved":${d.inputResolved},"attempts":${d.attempts},"error_class":${q(d.error.class)},"error_message":${q(d.error.message)},"error":${q(d.error)}}`,
    )
    .join(",")}]`;
}

/**
 * Persists a run's progress — steps, completed effects, dead letters, engine state
 * and status — in ONE statement (data-modifying CTEs): one round trip and no
 * transaction held open across several, which is most of the hot path's cost.
 */
export async function persistProgress(db: Pick<Db, "execute">, p: Progress): Promise<void> {
  const parts: SQL[] = [];
  if (p.steps.length > 0) {
    parts.push(sql`s as (
      insert into run_steps (run_id, seq, node_id, node_name, node_type, lineage, status, attempt, input, output, error, truncated, started_at, finished_at, duration_ms)
      select ${p.runId}::uuid, x.seq, x.node_id, x.node_name, x.node_type, x.lineage, x.status::step_status, x.attempt, x.input, x.output, x.error, x.truncated, x.started_at, x.finished_at, x.duration_ms
      from jsonb_to_recordset(${stepRows(p)}::jsonb) as x(seq int, node_id text, node_name text, node_type text, lineage text, status text, attempt int, input jsonb, output jsonb, error jsonb, truncated boolean, started_at timestamptz, finished_at timestamptz, duration_ms int))`);
  }
  if (p.effects.length > 0) {
    parts.push(sql`e as (
      insert into effect_ledger (idempotency_key, run_id, flow_id, node_id, result)
      select x.key, ${p.runId}::uuid, ${p.flowId}::uuid, x.node_id, x.result from jsonb_to_recordset(${effectRows(p)}::jsonb) as x(key text, node_id text, result jsonb)
      on conflict do nothing)`);
  }
  if (p.deadLetters.length > 0) {
    parts.push(sql`d as (
      insert into dead_letters (run_id, flow_id, node_id, node_name, lineage, input, input_resolved, attempts, error_class, error_message, error, correlation_id, business_key)
      select ${p.runId}::uuid, ${p.flowId}::uuid, x.node_id, x.node_name, x.lineage, x.input, x.input_resolved, x.attempts, x.error_class, x.error_message, x.error, ${p.correlationId}, ${p.businessKey}
      from jsonb_to_recordset(${deadRows(p)}::jsonb) as x(node_id text, node_name text, lineage text, input jsonb, input_resolved boolean, attempts int, error_class text, error_message text, error jsonb))`);
  }
  const state = q(p.state);
  const o = p.outcome;
  let set: SQL;
  if (o.kind === "checkpoint") {
    set = sql`state = ${state}::jsonb`;
  } else if (o.kind === "waiting") {
    set = sql`state = ${state}::jsonb, status = ${o.status}::run_status, wake_at = ${o.wakeAt.toISOString()}::timestamptz, job_seq = ${o.jobSeq}, error = ${q(o.error)}::jsonb`;
  } else {
    // CTE inserts are invisible to this statement's snapshot, so new dead letters
    // are counted from the input; older open ones are looked up.
    const first = p.deadLetters[0];
    const older = sql`(select dl.error from dead_letters dl where dl.run_id = ${p.runId}::uuid and dl.status = 'open' order by dl.created_at limit 1)`;
    const dead = first ? sql`true` : sql`exists (select 1 from dead_letters dl where dl.run_id = ${p.runId}::uuid and dl.status = 'open')`;
    set = sql`status = case when ${dead} then 'dead'::run_status else ${o.status}::run_status end,
      output = ${capJson(o.output).json}::jsonb,
      error = ${first ? sql`${q(first.error)}::jsonb` : older},
      -- only a dead run can be resumed (resubmission), so only it keeps its state
      state = case when ${dead} then ${state}::jsonb else null end,
      finished_at = now(),
      duration_ms = (extract(epoch from (now() - coalesce(started_at, ${p.startedAt?.toISOString() ?? null}::timestamptz, created_at))) * 1000)::int`;
  }
  const started = p.startedAt ? sql`, started_at = coalesce(started_at, ${p.startedAt.toISOString()}::timestamptz)` : sql``;
  const update = sql`update runs set ${set}${started} where id = ${p.runId}::uuid`;
  await db.execute(parts.length > 0 ? sql`with ${sql.join(parts, sql`, `)} ${update}` : update);
}
