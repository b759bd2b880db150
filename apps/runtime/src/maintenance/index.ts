import { createRedisConnection, maintenanceJobOptions, QUEUES } from "@ipaas/jobs";
import { Queue, Worker, type Job } from "bullmq";
import type { Logger } from "../logger";

/**
 * A periodic housekeeping task. `run` must be safe to repeat and to run late:
 * a tick can be skipped (runtime down) or, after a crash, run twice.
 */
export interface MaintenanceTask {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

/**
 * Runs maintenance tasks on BullMQ job schedulers: every replica upserts the same
 * schedulers (idempotent) and runs a worker, but each tick is one job, so a task
 * runs once per interval however many replicas there are. Concurrency 1: tasks of
 * one replica never overlap each other (a long prune delays the next alert check
 * on this replica only; another replica picks it up).
 */
export async function startMaintenance(deps: { redisUrl: string; prefix: string; logger: Logger; tasks: MaintenanceTask[] }) {
  const queue = new Queue(QUEUES.maintenance, { connection: createRedisConnection(deps.redisUrl), prefix: deps.prefix, defaultJobOptions: maintenanceJobOptions });
  const byName = new Map(deps.tasks.map((t) => [t.name, t]));
  for (const task of deps.tasks) await queue.upsertJobScheduler(task.name, { every: task.everyMs }, { name: task.name, data: {} });
  // Schedulers of tasks that no longer exist would fire into "unknown task" forever.
  for (const s of await queue.getJobSchedulers(0, -1)) if (!byName.has(s.key)) await queue.removeJobScheduler(s.key);
  const worker = new Worker(
    QUEUES.maintenance,
    async (job: Job) => {
      const task = byName.get(job.name);
      if (!task) throw new Error(`unknown maintenance task "${job.name}"`);
      return task.run();
    },
    { connection: createRedisConnection(deps.redisUrl), prefix: deps.prefix, concurrency: 1 },
  );
  worker.on("error", (err) => deps.logger.error({ err: err.message }, "maintenance worker error"));
  worker.on("failed", (job, err) => deps.logger.warn({ task: job?.name, err: err.message }, "maintenance task failed"));
  return {
    queue,
    async close(force = false) {
      await worker.close(force);
      await queue.close();
    },
  };
}
