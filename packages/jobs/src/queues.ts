import { Queue, type ConnectionOptions } from "bullmq";
import { Redis } from "ioredis";
import { QUEUES, runJobOptions } from "./config";
import { runJobSchema, type RunJob } from "./payloads";

export interface QueueSettings {
  redisUrl: string;
  /** Key prefix: separates environments (and tests) sharing one Redis. */
  prefix: string;
}

/**
 * BullMQ needs `maxRetriesPerRequest: null` on connections used by workers, and it
 * is harmless for queues; one helper keeps that rule in one place.
 */
export function createRedisConnection(redisUrl: string): Redis {
  return new Redis(redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: true });
}

export function createRunsQueue(settings: QueueSettings, connection?: ConnectionOptions): Queue<RunJob> {
  return new Queue<RunJob>(QUEUES.runs, {
    connection: connection ?? createRedisConnection(settings.redisUrl),
    prefix: settings.prefix,
    defaultJobOptions: runJobOptions,
  });
}

/**
 * Job id of a run's n-th job: the run id for the first, `<runId>-<n>` for each
 * continuation. Enqueuing the same (run, n) twice therefore creates one job.
 */
export const runJobId = (runId: string, seq: number) => (seq === 0 ? runId : `${runId}-${seq}`);

/** Enqueue a recorded run (or its next continuation). */
export async function enqueueRun(queue: Queue<RunJob>, job: RunJob, options: { delayMs?: number } = {}): Promise<void> {
  const payload = runJobSchema.parse(job);
  const delay = Math.max(0, Math.round(options.delayMs ?? 0));
  await queue.add("run", payload, { jobId: runJobId(payload.runId, payload.seq), ...(delay > 0 ? { delay } : {}) });
}
