import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { capJson, fullJson } from "./payload";
import type { Progress } from "./runs";

const q = (value: unknown) => JSON.stringify(value ?? null);
const iso = (d: Date | undefined) => (d ? q(d.toISOString()) : "null");

/**
 * All rows of a batch as JSON array texts, each payload serialised exactly once.
 * Step rows are for display and capped (capJson); effect results, dead-letter
 * inputs, run output and state are read back by the engine (replayed effects,
 * resubmission, subflow parents) and stored whole (fullJson).
 */
function rowsOf(batch: Progress[]) {
  const steps: string[] = [];
  const effects: string[] = [];
  const dead: string[] = [];
  const runs: string[] = [];
  for (const p of batch) {
    const run = q(p.runId);
    for (const s of p.steps) {
      const input = capJson(s.input);
      const output = capJson(s.output);
      steps.push(
        `{"run_id":${run},"seq":${s.seq},"node_id":${q(s.nodeId)},"node_name":${q(s.nodeName)},"node_type":${q(s.nodeType)},"connector":${q(s.connector)},"lineage":${q(s.lineage)},"status":${q(s.status)},"attempt":${s.attempt ?? 1},"input":${input.json},"output":${output.json},"error":${q(s.error)},"truncated":${input.truncated || output.truncated},"started_at":${iso(s.startedAt)},"finished_at":${iso(s.finishedAt)},"duration_ms":${Math.round(s.durationMs)}}`,
      );
    }
    for (const e of p.effects) effects.push(`{"key":${q(e.idempotencyKey)},"run_id":${run},"flow_id":${q(p.flowId)},"node_id":${q(e.nodeId)},"result":${fullJson(e.result)}}`);
    for (const d of p.deadLetters) {
      dead.push(
        `{"run_id":${run},"flow_id":${q(p.flowId)},"node_id":${q(d.nodeId)},"node_name":${q(d.nodeName)},"lineage":${q(d.lineage)},"input":${fullJson(d.input)},"input_resolved":${d.inputResolved},"attempts":${d.attempts},"error_class":${q(d.error.class)},"error_message":${q(d.error.message)},"error":${q(d.error)},"correlation_id":${q(p.correlationId)},"business_key":${q(p.businessKey)}}`,
      );
    }
    const o = p.outcome;
    const status = o.kind === "checkpoint" ? null : o.status;
    const output = o.kind === "finished" ? fullJson(o.output) : "null";
    const error = o.kind === "waiting" ? q(o.error) : q(p.deadLetters[0]?.error);
    runs.push(
      `{"id":${run},"kind":${q(o.kind)},"status":${q(status)},"output":${output},"error":${error},"state":${p.stateJson ?? q(p.state)},"wake_at":${o.kind === "waiting" ? iso(o.wakeAt) : "null"},"job_seq":${o.kind === "waiting" ? o.jobSeq : "null"},"started_at":${iso(p.startedAt)},"new_dead":${p.deadLetters.length}}`,
    );
  }
  const arr = (rows: string[]) => `[${rows.join(",")}]`;
  return { steps: arr(steps), effects: arr(effects), dead: arr(dead), runs: arr(runs), counts: { steps: steps.length, effects: effects.length, dead: dead.length } };
}

/**
 * Persists the progress of many runs — steps, completed effects, dead letters,
 * engine state and status — in ONE statement (data-modifying CTEs): one round trip,
 * one commit, and no transaction held open between statements while Node is busy.
 * The ProgressWriter batches concurrent runs into one call (group commit).
 */
export async function persistProgressBatch(db: Pick<Db, "execute">, batch: Progress[]): Promise<void> {
  if (batch.length === 0) return;
  const rows = rowsOf(batch);
  const ctes: SQL[] = [];
  if (rows.counts.steps > 0) {
    ctes.push(sql`s as (
      insert into run_steps (run_id, seq, node_id, node_name, node_type, connector, lineage, status, attempt, input, output, error, truncated, started_at, finished_at, duration_ms)
      select x.run_id, x.seq, x.node_id, x.node_name, x.node_type, x.connector, x.lineage, x.status::step_status, x.attempt, x.input, x.output, x.error, x.truncated, x.started_at, x.finished_at, x.duration_ms
      from jsonb_to_recordset(${rows.steps}::jsonb) as x(run_id uuid, seq int, node_id text, node_name text, node_type text, connector text, lineage text, status text, attempt int, input jsonb, output jsonb, error jsonb, truncated boolean, started_at timestamptz, finished_at timestamptz, duration_ms int))`);
  }
  if (rows.counts.effects > 0) {
    ctes.push(sql`e as (
      insert into effect_ledger (idempotency_key, run_id, flow_id, node_id, result)
      select x.key, x.run_id, x.flow_id, x.node_id, x.result from jsonb_to_recordset(${rows.effects}::jsonb) as x(key text, run_id uuid, flow_id uuid, node_id text, result jsonb)
      on conflict do nothing)`);
  }
  if (rows.counts.dead > 0) {
    ctes.push(sql`d as (
      insert into dead_letters (run_id, flow_id, node_id, node_name, lineage, input, input_resolved, attempts, error_class, error_message, error, correlation_id, business_key)
      select x.run_id, x.flow_id, x.node_id, x.node_name, x.lineage, x.input, x.input_resolved, x.attempts, x.error_class, x.error_message, x.error, x.correlation_id, x.business_key
      from jsonb_to_recordset(${rows.dead}::jsonb) as x(run_id uuid, flow_id uuid, node_id text, node_name text, lineage text, input jsonb, input_resolved boolean, attempts int, error_class text, error_message text, error jsonb, correlation_id text, business_key text))`);
  }
  ctes.push(sql`u as (
    select u.*, (u.new_dead > 0 or exists (select 1 from dead_letters dl where dl.run_id = u.id and dl.status = 'open')) as dead
    from jsonb_to_recordset(${rows.runs}::jsonb) as u(id uuid, kind text, status text, output jsonb, error jsonb, state jsonb, wake_at timestamptz, job_seq int, started_at timestamptz, new_dead int))`);
  // CTE inserts are invisible to this statement's snapshot, so new dead letters
  // count from the input (new_dead) and older open ones are looked up.
  await db.execute(sql`with ${sql.join(ctes, sql`, `)}
    update runs r set
      status = case u.kind when 'checkpoint' then r.status when 'waiting' then u.status::run_status
               else (case when u.dead then 'dead' else u.status end)::run_status end,
      state = case when u.kind = 'finished' and not u.dead then null else u.state end,
      output = case when u.kind = 'finished' then u.output else r.output end,
      error = case u.kind when 'checkpoint' then r.error when 'waiting' then u.error
              else coalesce(u.error, (select dl.error from dead_letters dl where dl.run_id = r.id and dl.status = 'open' order by dl.created_at limit 1)) end,
      wake_at = case when u.kind = 'waiting' then u.wake_at else r.wake_at end,
      job_seq = case when u.kind = 'waiting' then u.job_seq else r.job_seq end,
      started_at = coalesce(r.started_at, u.started_at),
      finished_at = case when u.kind = 'finished' then now() else r.finished_at end,
      duration_ms = case when u.kind = 'finished' then (extract(epoch from (now() - coalesce(r.started_at, u.started_at, r.created_at))) * 1000)::int else r.duration_ms end
    from u where r.id = u.id`);
}

export function persistProgress(db: Pick<Db, "execute">, progress: Progress): Promise<void> {
  return persistProgressBatch(db, [progress]);
}
