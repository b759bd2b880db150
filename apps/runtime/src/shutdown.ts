import type { Logger } from "./logger";

/** What a runtime does on SIGTERM, in order; every phase may hang on a store that does not answer. */
export interface ShutdownPlan {
  /** The promise to the orchestrator: the process is gone this long after the signal, whatever happens. */
  timeoutMs: number;
  logger: Logger;
  /** Stop taking new work: HTTP, sweeper, schedule sync. */
  stopIntake(): Promise<unknown>;
  /** Let in-flight jobs finish (their locks would otherwise lapse and another replica re-run them). */
  drain(): Promise<unknown>;
  /** Give up on in-flight jobs: their locks lapse and another replica re-runs them (the effect ledger keeps that safe). */
  abandon(): Promise<unknown>;
  /** Close queues and store connections. */
  closeStores(): Promise<unknown>;
  /** process.exit, replaceable in tests. */
  exit?: (code: number) => void;
}

/** Resolves true when `work` settles within `ms`, false when the time runs out first. */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    // A failed close counts as done: there is nothing more to wait for.
    const settled = work.then(
      () => true,
      () => true,
    );
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The signal handler. A hard deadline is armed before anything else: closing a
 * BullMQ worker or an ioredis client while Redis is unreachable waits for a
 * reconnect that never comes, so no close is trusted to return. Draining gets
 * the deadline less a margin, so abandoning and closing still have time to run.
 */
export function createShutdown(plan: ShutdownPlan): (signal: string) => Promise<void> {
  const exit = plan.exit ?? ((code: number) => process.exit(code));
  const { logger, timeoutMs } = plan;
  let stopping = false;
  return async (signal) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    const deadline = setTimeout(() => {
      logger.error({ signal, timeoutMs }, "shutdown deadline reached: Postgres or Redis did not answer in time; exiting, in-flight jobs are left to other replicas");
      exit(1);
    }, timeoutMs);
    logger.info({ signal, timeoutMs }, "runtime stopping");
    const left = () => Math.max(0, timeoutMs - (Date.now() - started));
    const margin = Math.min(2000, Math.floor(timeoutMs / 5));
    try {
      await plan.stopIntake();
      if (!(await within(plan.drain(), left() - margin))) {
        logger.warn({ timeoutMs }, "in-flight steps did not finish in time; leaving them to other replicas");
        await plan.abandon();
      }
      await plan.closeStores();
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.message : String(err) }, "shutdown step failed; exiting anyway");
    }
    clearTimeout(deadline);
    logger.info({ ms: Date.now() - started }, "runtime stopped");
    exit(0);
  };
}
