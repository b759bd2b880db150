import { listRunErrorClasses, listRuns, type Db, type ListRunsParams } from "@ipaas/db";

// The run page's reads need no logic beyond the queries.
export { getRelatedRuns, getRunDetail, getRunGraph } from "@ipaas/db";

/** Relative windows of the explorer's time filter, resolved on the server so a polled query keeps one key. */
export const RANGE_MS = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000 } as const;
export type RunRange = keyof typeof RANGE_MS;

export interface ListRunsPageParams extends ListRunsParams {
  /** "last hour" etc.: `from` = now - range (an explicit `from` wins). */
  range?: RunRange;
}

/** One page of the runs explorer, newest first; `nextCursor` is null on the last page. */
export function listRunsPage(db: Db, { range, ...params }: ListRunsPageParams, now: Date = new Date()) {
  const from = params.from ?? (range ? new Date(now.getTime() - RANGE_MS[range]) : undefined);
  return listRuns(db, { ...params, ...(from ? { from } : {}) });
}

/** Error classes the explorer offers as a filter. */
export function listErrorClasses(db: Db) {
  return listRunErrorClasses(db);
}
