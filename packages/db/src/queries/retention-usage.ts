import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";

type Row = Record<string, unknown>;
const rowsOf = async (db: Db, query: SQL) => ((await db.execute(query)) as unknown as { rows: Row[] }).rows;
const num = (v: unknown) => Number(v ?? 0);

/** Tables the settings page reports (audit_log is never pruned; it is listed so its growth is visible). */
export const STORAGE_TABLES = [
  "runs",
  "run_steps",
  "dead_letters",
  "dead_letter_comments",
  "effect_ledger",
  "audit_log",
  "metric_samples",
  "alerts",
  "bulk_operations",
  "bulk_operation_items",
] as const;

export interface TableUsage {
  table: string;
  /** pg_total_relation_size: heap + TOAST + indexes. */
  bytes: number;
  /** Planner statistics (pg_class.reltuples), or the collector's live-row count before the first ANALYZE; null when neither is known. */
  rowsEstimate: number | null;
}

export interface FlowUsage {
  flowId: string;
  runs: number;
  oldestRunAt: Date | null;
  /** Stored size of payloads (trigger payload, output, state, step inputs/outputs). */
  payloadBytes: number;
}

export interface StorageUsage {
  databaseBytes: number;
  tables: TableUsage[];
  flows: FlowUsage[];
  /** True when runs / payloads per flow were extrapolated from a sample rather than counted. */
  estimated: boolean;
}

/** When sampling, flows the sample puts under this many runs are counted exactly (up to this many). */
const EXACT_COUNT_CAP = 1000;
const RUN_BYTES = sql`coalesce(pg_column_size(r.trigger_payload), 0) + coalesce(pg_column_size(r.output), 0) + coalesce(pg_column_size(r.state), 0)`;
const STEP_BYTES = sql`coalesce(pg_column_size(s.input), 0) + coalesce(pg_column_size(s.output), 0)`;

/** Sample per flow: rows and payload bytes, scaled up to the whole table by `scale`. */
async function perFlow(db: Db, query: SQL) {
  const rows = await rowsOf(db, query);
  const total = rows.reduce((sum, r) => sum + num(r.n), 0);
  return { total, byFlow: new Map(rows.filter((r) => r.flow_id !== null).map((r) => [String(r.flow_id), { n: num(r.n), bytes: num(r.bytes) }])) };
}

/**
 * Storage used, fast enough for a settings page on millions of runs: table sizes
 * and row estimates come from the catalog; runs and payload bytes per flow are
 * counted exactly while the tables are small (under `sampleRows` rows), otherwise
 * extrapolated from a TABLESAMPLE SYSTEM block sample of about `sampleRows` rows.
 * pg_column_size is the stored (compressed) size. The oldest run per flow is one
 * index probe each (runs_flow_created_idx).
 */
export async function storageUsage(db: Db, options: { sampleRows?: number } = {}): Promise<StorageUsage> {
  const sampleRows = options.sampleRows ?? 20_000;
  const tableRows = await rowsOf(
    db,
    // reltuples is -1 until the table's first ANALYZE (a young install); the
    // statistics collector's live-row count stands in until then.
    sql`select t.name, pg_total_relation_size(to_regclass(t.name)) as bytes,
        case when c.reltuples >= 0 then c.reltuples else coalesce(s.n_live_tup, -1) end as reltuples
      from unnest(string_to_array(${STORAGE_TABLES.join(",")}, ',')) with ordinality as t(name, ord)
      join pg_class c on c.oid = to_regclass(t.name)
      left join pg_stat_user_tables s on s.relid = c.oid
      order by t.ord`,
  );
  const tables = tableRows.map((r) => ({ table: String(r.name), bytes: num(r.bytes), rowsEstimate: num(r.reltuples) >= 0 ? num(r.reltuples) : null }));
  const reltuples = (name: string) => tables.find((t) => t.table === name)?.rowsEstimate ?? null;
  // A sample only pays off on a big, analyzed table; the percentage aims at ~sampleRows rows.
  const percent = (rows: number | null) => (rows !== null && rows > sampleRows ? (100 * sampleRows) / rows : null);
  const runsPct = percent(reltuples("runs"));
  const stepsPct = percent(reltuples("run_steps"));
  const runsFrom = runsPct === null ? sql`runs r` : sql`runs r tablesample system (${runsPct}::real)`;
  const stepsFrom = stepsPct === null ? sql`run_steps s` : sql`run_steps s tablesample system (${stepsPct}::real)`;

  const [database, flowRows, runSample, stepSample] = await Promise.all([
    rowsOf(db, sql`select pg_database_size(current_database()) as bytes`),
    rowsOf(db, sql`select f.id, (select extract(epoch from r.created_at) * 1000 from runs r where r.flow_id = f.id order by r.created_at limit 1) as oldest_ms from flows f`),
    perFlow(db, sql`select r.flow_id, count(*) as n, sum(${RUN_BYTES}) as bytes from ${runsFrom} group by r.flow_id`),
    perFlow(db, sql`select r.flow_id, count(*) as n, sum(${STEP_BYTES}) as bytes from ${stepsFrom} left join runs r on r.id = s.run_id group by r.flow_id`),
  ]);
  // Scale a sample up to the table; a full scan has a scale of 1.
  const runsScale = runsPct === null || runSample.total === 0 ? 1 : (reltuples("runs") ?? 0) / runSample.total;
  const stepsScale = stepsPct === null || stepSample.total === 0 ? 1 : (reltuples("run_steps") ?? 0) / stepSample.total;
  const sampledRuns = (id: string) => Math.round((runSample.byFlow.get(id)?.n ?? 0) * runsScale);
  // A sample says little about a small flow (it may not appear at all): count those exactly, a short index scan each.
  const small = runsPct === null ? [] : flowRows.filter((f) => f.oldest_ms !== null && sampledRuns(String(f.id)) < EXACT_COUNT_CAP).map((f) => String(f.id));
  const exact = new Map(
    small.length === 0
      ? []
      : (
          await rowsOf(
            db,
            sql`select f.id, (select count(*) from (select 1 from runs r where r.flow_id = f.id limit ${EXACT_COUNT_CAP}) c) as n
              from unnest(string_to_array(${small.join(",")}, ',')::uuid[]) as f(id)`,
          )
        ).map((r) => [String(r.id), num(r.n)]),
  );
  const sampledBytes = (sample: typeof runSample, scale: number) => [...sample.byFlow.values()].reduce((sum, v) => sum + v.bytes, 0) * scale;
  const averageRunBytes = (sampledBytes(runSample, runsScale) + sampledBytes(stepSample, stepsScale)) / Math.max(1, runSample.total * runsScale);
  const flows = flowRows.map((f): FlowUsage => {
    const id = String(f.id);
    const counted = exact.get(id);
    const runs = counted === undefined || counted >= EXACT_COUNT_CAP ? Math.max(counted ?? 0, sampledRuns(id)) : counted;
    let payloadBytes = (runSample.byFlow.get(id)?.bytes ?? 0) * runsScale + (stepSample.byFlow.get(id)?.bytes ?? 0) * stepsScale;
    // Missing from the sample: charge the flow the average payload of a run.
    if (payloadBytes === 0 && runs > 0 && !runSample.byFlow.has(id)) payloadBytes = averageRunBytes * runs;
    return { flowId: id, runs, oldestRunAt: f.oldest_ms === null ? null : new Date(num(f.oldest_ms)), payloadBytes: Math.round(payloadBytes) };
  });
  return { databaseBytes: num(database[0]?.bytes), tables, flows, estimated: runsPct !== null || stepsPct !== null };
}
