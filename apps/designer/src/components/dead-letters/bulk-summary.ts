import type { BulkStatus } from "./procedure-types";

/** "100 resubmitted · 0 failed to resubmit · 97 succeeded · 3 failed again · 0 in progress", or the discard/assign equivalent. */
export function summaryText({ operation, runs }: { operation: Pick<BulkStatus["operation"], "kind" | "succeeded" | "failed">; runs: BulkStatus["runs"] }): string {
  const done = { retry: "resubmitted", discard: "discarded", assign: "assigned" }[operation.kind];
  const parts = [`${operation.succeeded} ${done}`, `${operation.failed} failed to ${operation.kind === "retry" ? "resubmit" : operation.kind}`];
  if (runs) parts.push(`${runs.succeeded} succeeded`, `${runs.failedAgain} failed again`, `${runs.inProgress} in progress`);
  return parts.join(" · ");
}
