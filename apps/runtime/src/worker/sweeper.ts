import { overdueRuns, type Db } from "@ipaas/db";
import { enqueueRun, type RunJob } from "@ipaas/jobs";
import type { Queue } from "bullmq";
import type { Logger } from "../logger";

/** A waiting run whose job should have started this long ago is presumed to have lost it. */
export const OVERDUE_MS = 60_000;

/**
 * Finds waiting runs whose next job is overdue — recorded but never enqueued (a
 * crash or a Redis outage between the two) — and enqueues that job again. Job
 * ids are deterministic, so a job that does exist is not duplicated.
 */
export async function sweepOverdueRuns(deps: { db: Db; queue: Queue<RunJob>; logger: Logger }, overdueMs = OVERDUE_MS): Promise<number> {
  const overdue = await overdueRuns(deps.db, { before: new Date(Date.now() - overdueMs), limit: 500 });
  for (const run of overdue) await enqueueRun(deps.queue, run);
  if (overdue.length > 0) deps.logger.warn({ count: overdue.length }, "re-enqueued overdue runs");
  return overdue.length;
}

export function startSweeper(deps: { db: Db; queue: Queue<RunJob>; logger: Logger }, everyMs = 30_000): () => void {
  const timer = setInterval(() => {
    sweepOverdueRuns(deps).catch((err: unknown) => deps.logger.error({ err: String(err) }, "sweeper failed"));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
