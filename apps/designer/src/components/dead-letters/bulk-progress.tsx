"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { QueryError } from "@/components/query-error";
import { formatDateTime } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import { summaryText } from "./bulk-summary";
import type { BulkStatus } from "./procedure-types";

const POLL_MS = 500;
/** After the last letter is resubmitted, keep following the resumed runs this long (they usually settle in seconds). */
const FOLLOW_RUNS_MS = 10 * 60_000;

/** Poll while letters are being processed, then while retried runs are still going (bounded). */
function stillMoving(status: BulkStatus | undefined): boolean {
  if (!status) return true;
  const { operation, runs } = status;
  if (operation.status === "running") return true;
  const settledAt = operation.finishedAt?.getTime() ?? 0;
  return runs !== null && runs.inProgress > 0 && Date.now() - settledAt < FOLLOW_RUNS_MS;
}

/** The bulk operation in the URL (?bulk=): a progress bar while it runs, then what happened to the letters and their runs. */
export function BulkProgress({ id, onClose, onOpenLetter }: { id: string; onClose: () => void; onOpenLetter: (id: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.deadLetters.bulkStatus.queryOptions({ id }, { refetchInterval: (query) => (query.state.status !== "error" && stillMoving(query.state.data) ? POLL_MS : false) }));
  const operation = status.data?.operation;
  const running = operation?.status === "running";
  const finished = operation !== undefined && !running;
  // When the work ends, the groups are out of date: refresh them now rather than at the next tick.
  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: trpc.deadLetters.pathKey() });
  }, [finished, queryClient, trpc]);

  return (
    <section className="card dl-bulk" aria-live="polite" data-testid="dl-bulk">
      <div className="dl-bulk-header">
        <h2>{operation ? `Bulk ${operation.kind} of ${operation.total}` : "Bulk operation"}</h2>
        {operation && <span className={`badge badge-${operation.status === "completed" ? "succeeded" : operation.status === "running" ? "running" : "failed"}`}>{operation.status}</span>}
        <span className="spacer" />
        {!running && (
          <button type="button" className="link-button" onClick={onClose} data-testid="dl-bulk-close">
            Close
          </button>
        )}
      </div>
      <QueryError error={status.error} />
      {operation && (
        <>
          <progress className="dl-progress" max={Math.max(operation.total, 1)} value={operation.done} aria-valuenow={operation.done} aria-valuemax={operation.total} data-testid="dl-bulk-progress" />
          <p className="small muted">
            {operation.done} of {operation.total} processed
            {operation.actorEmail && ` · started by ${operation.actorEmail}`} · {formatDateTime(operation.createdAt)}
            {operation.status === "interrupted" && " · cut short by a restart: the letters not reached are still open"}
          </p>
          {!running && (
            <p className="dl-bulk-summary" data-testid="dl-bulk-summary">
              {summaryText(status.data!)}
              {stillMoving(status.data) && <span className="muted small"> (runs still going, updating)</span>}
            </p>
          )}
          {status.data!.failures.length > 0 && (
            <details className="dl-bulk-failures" open={status.data!.failures.length <= 5}>
              <summary>Failures ({operation.failed})</summary>
              <ul>
                {status.data!.failures.map((f) => (
                  <li key={f.deadLetterId}>
                    <button type="button" className="link-button mono" onClick={() => onOpenLetter(f.deadLetterId)}>
                      {f.deadLetterId.slice(0, 8)}
                    </button>{" "}
                    {f.message}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </section>
  );
}
