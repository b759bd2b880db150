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

/** Enqueue a recorded run. The job id is the run id, so enqueuing twice creates one job. */
export async function enqueueRun(queue: Queue<RunJob>, job: RunJob, options: { delayMs?: number } = {}): Promise<void> {
  const payload = runJobSchema.parse(job);
  await queue.add("run", payload, { jobId: payload.runId, ...(options.delayMs ? { delay: options.delayMs } : {}) });
}
