import { count, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { deadLetters, deadLetterStatus, flows, metricSamples, runs, runStatus, runSteps, type RunStatus } from "../schema";

/**
 * The operations dashboard's figures (docs/architecture.md "Alerts": the designer
 * shows the /metrics figures as charts). Everything is derived from the run
 * records over a bounded window, except queue depth, which Postgres cannot see
 * and the runtime samples into metric_samples.
 */

export type DashboardRange = "hour" | "day" | "week";
export const DASHBOARD_RANGES = ["hour", "day", "week"] as const satisfies readonly DashboardRange[];

/** Bucket width and count per range: 60 × 1 min, 96 × 15 min, 84 × 2 h. */
const RANGE_BUCKETS: Record<DashboardRange, { bucketMs: number; buckets: number }> = {
  hour: { bucketMs: 60_000, buckets: 60 },
  day: { bucketMs: 15 * 60_000, buckets: 96 },
  week: { bucketMs: 2 * 3_600_000, buckets: 84 },
};

export interface DashboardWindow {
  range: DashboardRange;
  bucketMs: number;
  /** Start of the first bucket: every query reads rows from here on. */
  from: Date;
  /** Start of the last (current, partial) bucket. */
  lastBucket: Date;
  /** The end of the window: now. */
  to: Date;
}

/**
 * Buckets aligned on the Unix epoch (date_bin's origin below), so JS and SQL agree
 * on their boundaries and a refresh keeps the same buckets until a new one starts.
 */
export function dashboardWindow(range: DashboardRange, now: Date = new Date()): DashboardWindow {
  const { bucketMs, buckets } = RANGE_BUCKETS[range];
  const last = Math.floor(now.getTime() / bucketMs) * bucketMs;
  return { range, bucketMs, from: new Date(last - (buckets - 1) * bucketMs), lastBucket: new Date(last), to: now };
}

const ts = (date: Date) => sql`${date.toISOString()}::timestamptz`;
const step = (w: DashboardWindow) => sql`${`${w.bucketMs / 1000} seconds`}::interval`;
const bucketOf = (w: DashboardWindow, column: SQL) => sql`date_bin(${step(w)}, ${column}, '1970-01-01T00:00:00Z'::timestamptz)`;
/** Every bucket start of the window, so empty buckets still get a row. */
const bucketSeries = (w: DashboardWindow) => sql`select generate_series(${ts(w.from)}, ${ts(w.lastBucket)}, ${step(w)}) as t`;
const flowFilter = (column: SQL, flowId: string | undefined) => (flowId ? sql`and ${column} = ${flowId}::uuid` : sql``);

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}
/** Percentiles and averages come back as double precision; null stays null (no data). */
const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

export type RunCounts = Record<RunStatus, number>;
export interface RunBucket extends RunCounts {
  t: Date;
  /** (failed + dead) / runs no longer queued or running; null when none finished. */
  errorRate: number | null;
}

const emptyCounts = (): RunCounts => Object.fromEntries(runStatus.enumValues.map((s) => [s, 0])) as RunCounts;
const UNFINISHED = new Set<RunStatus>(["queued", "running"]);

export function errorRateOf(counts: RunCounts): number | null {
  const finished = runStatus.enumValues.filter((s) => !UNFINISHED.has(s)).reduce((n, s) => n + counts[s], 0);
  return finished === 0 ? null : (counts.failed + counts.dead) / finished;
}

/** Runs created per bucket by their current status (runs_created_idx / runs_flow_created_idx). */
export async function runsPerBucket(db: Db, w: DashboardWindow, flowId?: string): Promise<RunBucket[]> {
  const found = await rows<{ t: string | Date; status: RunStatus | null; n: number | null }>(
    db,
    sql`with b as (${bucketSeries(w)}),
      r as (
        select ${bucketOf(w, sql`created_at`)} as t, status, count(*)::int as n
        from ${runs}
        where created_at >= ${ts(w.from)} and created_at <= ${ts(w.to)} ${flowFilter(sql`flow_id`, flowId)}
        group by 1, 2
      )
      select b.t, r.status, r.n from b left join r on r.t = b.t order by b.t`,
  );
  const byBucket = new Map<number, RunCounts>();
  for (const row of found) {
    const key = new Date(row.t).getTime();
    const counts = byBucket.get(key) ?? emptyCounts();
    if (row.status) counts[row.status] += Number(row.n);
    byBucket.set(key, counts);
  }
  return [...byBucket].map(([t, counts]) => ({ t: new Date(t), ...counts, errorRate: errorRateOf(counts) }));
}

export interface LatencyStat {
  connector: string;
  steps: number;
  p50Ms: number;
  p95Ms: number;
}
export interface LatencyPoint {
  t: Date;
  connector: string;
  p95Ms: number;
}

/**
 * The connectors that have steps, by a loose index scan of
 * run_steps_connector_finished_idx (one probe per connector), so each connector's
 * window is then an index range scan even on Postgres versions without skip scan.
 */
const stepConnectors = sql`c as (
  (select connector from ${runSteps} where connector is not null order by connector limit 1)
  union all
  select (select s.connector from ${runSteps} s where s.connector is not null and s.connector > c.connector order by s.connector limit 1)
  from c where c.connector is not null
)`;
const stepsInWindow = (w: DashboardWindow, flowId?: string) =>
  sql`from ${runSteps} s ${flowId ? sql`join ${runs} r on r.id = s.run_id and r.flow_id = ${flowId}::uuid` : sql``}
    where s.connector = c.connector and s.finished_at >= ${ts(w.from)} and s.finished_at <= ${ts(w.to)}`;

/** Step latency p50/p95 per connector over the window (steps of the flow, when given). */
export async function stepLatency(db: Db, w: DashboardWindow, flowId?: string): Promise<{ byConnector: LatencyStat[]; overTime: LatencyPoint[] }> {
  const [stats, points] = await Promise.all([
    rows<{ connector: string; steps: number; p50: number; p95: number }>(
      db,
      sql`with recursive ${stepConnectors}
        select c.connector, x.steps, x.p50, x.p95 from c cross join lateral (
          select count(*)::int as steps,
            percentile_cont(0.5) within group (order by s.duration_ms) as p50,
            percentile_cont(0.95) within group (order by s.duration_ms) as p95
          ${stepsInWindow(w, flowId)}
        ) x
        where c.connector is not null and x.steps > 0
        order by x.steps desc, c.connector`,
    ),
    rows<{ connector: string; t: string | Date; p95: number }>(
      db,
      sql`with recursive ${stepConnectors}
        select c.connector, x.t, x.p95 from c cross join lateral (
          select ${bucketOf(w, sql`s.finished_at`)} as t, percentile_cont(0.95) within group (order by s.duration_ms) as p95
          ${stepsInWindow(w, flowId)}
          group by 1
        ) x
        where c.connector is not null
        order by x.t, c.connector`,
    ),
  ]);
  return {
    byConnector: stats.map((r) => ({ connector: r.connector, steps: Number(r.steps), p50Ms: Number(r.p50), p95Ms: Number(r.p95) })),
    overTime: points.map((r) => ({ t: new Date(r.t), connector: r.connector, p95Ms: Number(r.p95) })),
  };
}

export interface GaugePoint {
  t: Date;
  /** Highest and mean sample in the bucket; null when nothing was sampled (no runtime was up). */
  max: number | null;
  avg: number | null;
}

/** Name of the queue-depth gauge in metric_samples; rows labelled { state: "total" } hold the sum. */
export const QUEUE_DEPTH_SAMPLE = "queue_depth";

/** Stores gauge samples (the runtime's queue-depth sampler). */
export async function recordMetricSamples(db: Db, samples: Array<{ name: string; at: Date; value: number; labels: Record<string, string> }>): Promise<void> {
  if (samples.length > 0) await db.insert(metricSamples).values(samples);
}

/** A sampled gauge per bucket (metric_samples_name_at_idx). */
export async function gaugePerBucket(db: Db, w: DashboardWindow, name: string, labels: Record<string, string>): Promise<GaugePoint[]> {
  const found = await rows<{ t: string | Date; max: number | null; avg: number | null }>(
    db,
    sql`with b as (${bucketSeries(w)}),
      m as (
        select ${bucketOf(w, sql`at`)} as t, max(value) as max, avg(value) as avg
        from ${metricSamples}
        where name = ${name} and at >= ${ts(w.from)} and at <= ${ts(w.to)} and labels @> ${JSON.stringify(labels)}::jsonb
        group by 1
      )
      select b.t, m.max, m.avg from b left join m on m.t = b.t order by b.t`,
  );
  return found.map((r) => ({ t: new Date(r.t), max: num(r.max), avg: num(r.avg) }));
}

const RESOLVED_STATUSES = deadLetterStatus.enumValues.filter((s) => s !== "open");
/** How far before the window resolved letters are looked for (see openDeadLettersPerBucket). */
const RESOLVED_LOOKBACK = "30 days";

/**
 * Open dead letters at the end of each bucket: those created by then and not yet
 * resolved. A baseline (open at the window's start) plus a running sum of letters
 * created (+1) and resolved (−1) per bucket, so the cost grows with the rows, not
 * rows × buckets. Candidates are the open letters (status index) and those
 * resolved within the window and created at most 30 days before it
 * (dead_letters_status_created_idx); an older letter resolved inside the window
 * is left out of the buckets before its resolution.
 */
export async function openDeadLettersPerBucket(db: Db, w: DashboardWindow, flowId?: string): Promise<Array<{ t: Date; open: number }>> {
  const byFlow = flowFilter(sql`flow_id`, flowId);
  const found = await rows<{ t: string | Date; open: number }>(
    db,
    sql`with b as (${bucketSeries(w)}),
      l as (
        select created_at, resolved_at from ${deadLetters} where status = 'open' ${byFlow}
        union all
        select created_at, resolved_at from ${deadLetters}
        where status in (${sql.join(RESOLVED_STATUSES.map((s) => sql`${s}`), sql`, `)})
          and created_at >= ${ts(w.from)} - ${RESOLVED_LOOKBACK}::interval and created_at <= ${ts(w.to)}
          and resolved_at > ${ts(w.from)} ${byFlow}
      ),
      base as (select count(*)::int as n from l where created_at <= ${ts(w.from)} and (resolved_at is null or resolved_at > ${ts(w.from)})),
      d as (
        select ${bucketOf(w, sql`created_at`)} as t, 1 as delta from l where created_at > ${ts(w.from)}
        union all
        select ${bucketOf(w, sql`resolved_at`)}, -1 from l where resolved_at > ${ts(w.from)} and resolved_at <= ${ts(w.to)}
      ),
      per as (select t, sum(delta)::int as delta from d group by t)
      select b.t, ((select n from base) + sum(coalesce(per.delta, 0)) over (order by b.t))::int as open
      from b left join per on per.t = b.t order by b.t`,
  );
  return found.map((r) => ({ t: new Date(r.t), open: Number(r.open) }));
}

export interface FlowCount {
  flowId: string;
  flowName: string;
  count: number;
}

/** Open dead letters now: the total and the flows with the most. */
export async function openDeadLetters(db: Db, flowId?: string, limit = 8): Promise<{ total: number; byFlow: FlowCount[] }> {
  const found = await rows<{ flow_id: string; name: string; n: number }>(
    db,
    sql`select d.flow_id, f.name, count(*)::int as n
      from ${deadLetters} d join ${flows} f on f.id = d.flow_id
      where d.status = 'open' ${flowFilter(sql`d.flow_id`, flowId)}
      group by 1, 2 order by n desc, f.name`,
  );
  const byFlow = found.map((r) => ({ flowId: r.flow_id, flowName: r.name, count: Number(r.n) }));
  return { total: byFlow.reduce((n, f) => n + f.count, 0), byFlow: byFlow.slice(0, limit) };
}

/** Open dead letters per flow (flows without any are absent): the runtime's ipaas_dead_letters_open gauge. */
export async function openDeadLettersPerFlow(db: Db): Promise<Array<{ flowId: string; n: number }>> {
  return db.select({ flowId: deadLetters.flowId, n: count() }).from(deadLetters).where(eq(deadLetters.status, "open")).groupBy(deadLetters.flowId);
}

export interface SyncLag {
  flowId: string;
  flowName: string;
  runs: number;
  p50Ms: number;
  p95Ms: number;
}

/**
 * Sync lag per flow: for succeeded runs created in the window, finished_at −
 * created_at, where created_at is when the source event reached ingress
 * (runs_status_created_idx). The flows with the most runs first.
 */
export async function syncLagPerFlow(db: Db, w: DashboardWindow, flowId?: string, limit = 10): Promise<SyncLag[]> {
  const lag = sql`extract(epoch from r.finished_at - r.created_at) * 1000`;
  const found = await rows<{ flow_id: string; name: string; n: number; p50: number; p95: number }>(
    db,
    sql`select r.flow_id, f.name, count(*)::int as n,
        percentile_cont(0.5) within group (order by ${lag}) as p50,
        percentile_cont(0.95) within group (order by ${lag}) as p95
      from ${runs} r join ${flows} f on f.id = r.flow_id
      where r.status = 'succeeded' and r.created_at >= ${ts(w.from)} and r.created_at <= ${ts(w.to)} and r.finished_at is not null
        ${flowFilter(sql`r.flow_id`, flowId)}
      group by 1, 2 order by n desc, f.name limit ${limit}`,
  );
  return found.map((r) => ({ flowId: r.flow_id, flowName: r.name, runs: Number(r.n), p50Ms: Number(r.p50), p95Ms: Number(r.p95) }));
}

export interface DashboardData {
  window: DashboardWindow;
  runs: RunBucket[];
  totals: RunCounts & { all: number; errorRate: number | null };
  latency: { byConnector: LatencyStat[]; overTime: LatencyPoint[] };
  queueDepth: GaugePoint[];
  deadLetters: { open: number; byFlow: FlowCount[]; overTime: Array<{ t: Date; open: number }> };
  syncLag: SyncLag[];
}

/** Every series of the dashboard for one range (and flow), read in parallel. */
export async function dashboardData(db: Db, params: { range: DashboardRange; flowId?: string; now?: Date }): Promise<DashboardData> {
  const w = dashboardWindow(params.range, params.now);
  const { flowId } = params;
  const [runBuckets, latency, queueDepth, openNow, openOverTime, syncLag] = await Promise.all([
    runsPerBucket(db, w, flowId),
    stepLatency(db, w, flowId),
    gaugePerBucket(db, w, QUEUE_DEPTH_SAMPLE, { state: "total" }),
    openDeadLetters(db, flowId),
    openDeadLettersPerBucket(db, w, flowId),
    syncLagPerFlow(db, w, flowId),
  ]);
  const counts = emptyCounts();
  for (const bucket of runBuckets) for (const s of runStatus.enumValues) counts[s] += bucket[s];
  return {
    window: w,
    runs: runBuckets,
    totals: { ...counts, all: Object.values(counts).reduce((a, b) => a + b, 0), errorRate: errorRateOf(counts) },
    latency,
    queueDepth,
    deadLetters: { open: openNow.total, byFlow: openNow.byFlow, overTime: openOverTime },
    syncLag,
  };
}
