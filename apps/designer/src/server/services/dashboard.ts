import { countFiringAlerts, dashboardData, type DashboardRange, type Db } from "@ipaas/db";
import type { RunsQueue } from "../context";

/** Redis unreachable must not hang the whole dashboard: the queue card then shows "unknown". */
const QUEUE_COUNT_TIMEOUT_MS = 2_000;

export interface QueueNow {
  waiting: number;
  delayed: number;
  prioritized: number;
  active: number;
  /** waiting + delayed + prioritized + active, as the runtime samples it. */
  total: number;
}

async function queueNow(queue: RunsQueue): Promise<QueueNow | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), QUEUE_COUNT_TIMEOUT_MS)));
  try {
    const counts = await Promise.race([queue.getJobCounts("waiting", "delayed", "prioritized", "active"), timeout]);
    if (!counts) return null;
    const [waiting, delayed, prioritized, active] = [counts.waiting ?? 0, counts.delayed ?? 0, counts.prioritized ?? 0, counts.active ?? 0];
    return { waiting, delayed, prioritized, active, total: waiting + delayed + prioritized + active };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Everything the dashboard page shows for a range (and flow): the series from
 * the run records, the queue's depth now from BullMQ, and the headline figures.
 */
export async function dashboardOverview(db: Db, queue: RunsQueue, params: { range: DashboardRange; flowId?: string; now?: Date }) {
  const [data, queueDepthNow, firingAlerts] = await Promise.all([dashboardData(db, params), queueNow(queue), countFiringAlerts(db)]);
  return {
    range: params.range,
    bucketMs: data.window.bucketMs,
    from: data.window.from,
    to: data.window.to,
    headline: {
      runs: data.totals.all,
      succeeded: data.totals.succeeded,
      errorRate: data.totals.errorRate,
      openDeadLetters: data.deadLetters.open,
      firingAlerts,
      queue: queueDepthNow,
    },
    runs: data.runs,
    latency: data.latency,
    queueDepth: data.queueDepth,
    deadLetters: data.deadLetters,
    syncLag: data.syncLag,
  };
}
