import type { DefaultJobOptions, WorkerOptions } from "bullmq";

/**
 * Queue options in one place. The numbers here are the run promises of
 * docs/architecture.md "Run semantics" expressed as BullMQ settings; change them here, nowhere else.
 */

export const QUEUES = {
  /** One job per run (or per resumed step); jobId = runId so a double enqueue is a no-op. */
  runs: "runs",
  /** Fired by BullMQ job schedulers (cron triggers); each firing dispatches one run. */
  triggers: "triggers",
  /**
   * Housekeeping on a timer (alert evaluation, gauge sampling, retention prune).
   * BullMQ job schedulers fire each task once per tick across all replicas.
   */
  maintenance: "maintenance",
} as const;

export const maintenanceJobOptions: DefaultJobOptions = {
  // A tick that fails is simply superseded by the next one: no retries, which
  // would pile up behind a slow prune, and only a short history for debugging.
  attempts: 1,
  removeOnComplete: { count: 100 },
  removeOnFail: { count: 500 },
};

export const runJobOptions: DefaultJobOptions = {
  // Step retries are the engine's business: a retry is a new continuation job
  // (with the flow's backoff as its delay), so the state is in Postgres, not in
  // BullMQ's attempt counter. BullMQ only retries a job whose processor crashed
  // outside the engine (e.g. Postgres unreachable), a few times, quickly.
  attempts: 5,
  backoff: { type: "exponential", delay: 1000 },
  // Completed jobs are already recorded in Postgres; keep a short tail for debugging
  // without letting Redis grow with every order.
  removeOnComplete: { age: 3600, count: 1000 },
  // Failed jobs are dead-lettered in Postgres with their payload; Redis keeps a week.
  removeOnFail: { age: 7 * 24 * 3600 },
};

export const runWorkerOptions: Pick<WorkerOptions, "lockDuration" | "stalledInterval" | "maxStalledCount"> = {
  // A job's lock must outlive its longest step. Connector calls time out at 30 s and
  // a run's pure steps take milliseconds, so 60 s leaves room; the lock is renewed
  // every lockDuration/2 while the worker is alive.
  lockDuration: 60_000,
  // How often a worker looks for jobs whose lock expired (worker killed mid-step).
  // Those jobs are moved back to waiting and re-run: the "nothing lost" promise.
  stalledInterval: 30_000,
  // A job that stalls this many times in a row (e.g. it crashes the process every
  // time) is failed instead of crash-looping the fleet; the engine dead-letters it.
  maxStalledCount: 2,
};
