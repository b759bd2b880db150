import { QUEUE_DEPTH_SAMPLE, recordMetricSamples, type Db } from "@ipaas/db";
import type { Queue } from "bullmq";
import type { MaintenanceTask } from "./index";

export const QUEUE_SAMPLE_EVERY_MS = 15_000;

/** Jobs that are not finished: what the dashboard charts as queue depth. */
const STATES = ["waiting", "delayed", "prioritized", "active"] as const;
type QueueState = (typeof STATES)[number];

/**
 * Samples the runs queue's depth into metric_samples: Postgres cannot derive it
 * from its own rows, and /metrics only knows the present. One row per state plus
 * a { state: "total" } row, which the dashboard charts.
 */
export async function sampleQueueDepth(deps: { db: Db; queue: Pick<Queue, "getJobCounts">; now?: Date }): Promise<Record<QueueState | "total", number>> {
  const at = deps.now ?? new Date();
  const counts = await deps.queue.getJobCounts(...STATES);
  const byState = Object.fromEntries(STATES.map((state) => [state, counts[state] ?? 0])) as Record<QueueState, number>;
  const total = STATES.reduce((n, state) => n + byState[state], 0);
  await recordMetricSamples(deps.db, [
    { name: QUEUE_DEPTH_SAMPLE, at, value: total, labels: { state: "total" } },
    ...STATES.map((state) => ({ name: QUEUE_DEPTH_SAMPLE, at, value: byState[state], labels: { state } })),
  ]);
  return { ...byState, total };
}

export function queueSamplesTask(deps: { db: Db; queue: Pick<Queue, "getJobCounts"> }): MaintenanceTask {
  return { name: "queue-depth-samples", everyMs: QUEUE_SAMPLE_EVERY_MS, run: () => sampleQueueDepth(deps) };
}
