import { pruneOnce, type Db, type PruneResult } from "@ipaas/db";
import type { Logger } from "../logger";
import type { MaintenanceTask } from "./index";

export const RETENTION_EVERY_MS = 10 * 60_000;
/**
 * Per tick: well under the interval and under the maintenance job's lock, so a big
 * backlog (first deployment, a shortened retention) drains over several ticks
 * instead of one long job that would hold up this replica's other tasks.
 */
export const RETENTION_TIME_BUDGET_MS = 20_000;
export const RETENTION_BATCH_SIZE = 1000;
/**
 * How long this replica trusts its payload-clearing watermarks (pruneOnce's
 * `clearedBefore`). Between full passes a tick reads only runs that became due
 * since the last one; a full pass also catches runs that finished long after they
 * were created (a dead letter resolved weeks later) and rows that were locked.
 */
export const RETENTION_FULL_PASS_EVERY_MS = 6 * 3_600_000;

/** "retention.prune": clears and deletes what the flows' retention settings say is due (see @ipaas/db retention.ts). */
export function retentionTask(deps: { db: Db; logger: Logger; now?: () => number }): MaintenanceTask {
  const now = deps.now ?? Date.now;
  let clearedBefore = new Map<string, Date>();
  let since = now();
  return {
    name: "retention.prune",
    everyMs: RETENTION_EVERY_MS,
    async run(): Promise<PruneResult> {
      if (now() - since >= RETENTION_FULL_PASS_EVERY_MS) {
        clearedBefore = new Map();
        since = now();
      }
      const result = await pruneOnce(deps.db, { timeBudgetMs: RETENTION_TIME_BUDGET_MS, batchSize: RETENTION_BATCH_SIZE, clearedBefore });
      deps.logger.info({ task: "retention.prune", ...result }, result.done ? "retention prune done" : "retention prune paused (time budget spent; the next tick continues)");
      return result;
    },
  };
}
