"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { QueryError } from "@/components/query-error";
import { StatusBadge } from "@/components/status-badge";
import { formatDateTime, formatDuration } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import type { RunStatus } from "@/trpc/types";

// Kept in the client bundle by hand: importing the enum from @ipaas/db would pull
// the database driver into the browser. `satisfies` keeps it in step with the type.
const STATUSES = ["queued", "running", "succeeded", "failed", "dead", "discarded", "skipped"] as const satisfies readonly RunStatus[];
const PAGE_SIZE = 50;

function isRunStatus(value: string): value is RunStatus {
  return (STATUSES as readonly string[]).includes(value);
}

export function RunsView() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<RunStatus | null>(null);
  const runs = useInfiniteQuery(
    trpc.runs.list.infiniteQueryOptions(
      { limit: PAGE_SIZE, ...(status ? { status } : {}) },
      {
        getNextPageParam: (page) => page.nextCursor,
        // Runs move from queued to succeeded in well under a second; poll so the table follows.
        refetchInterval: 1_000,
        // Keep the old rows on screen while a new filter loads instead of flashing empty.
        placeholderData: (previous) => previous,
      },
    ),
  );
  const items = runs.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="page">
      <header className="page-header page-header-row">
        <div>
          <h1>Runs</h1>
          <p className="muted">Every execution of every flow, newest first. Updates live.</p>
        </div>
        <label className="field">
          <span>Status</span>
          <select
            value={status ?? ""}
            onChange={(e) => setStatus(isRunStatus(e.target.value) ? e.target.value : null)}
            data-testid="run-status-filter"
          >
            <option value="">All statuses</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </header>
      <QueryError error={runs.error} />
      <div className="card">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Flow</th>
              <th scope="col">Status</th>
              <th scope="col">Business key</th>
              <th scope="col">Trigger</th>
              <th scope="col">Created</th>
              <th scope="col" className="num">
                Duration
              </th>
            </tr>
          </thead>
          <tbody>
            {runs.isPending && (
              <tr>
                <td colSpan={7} className="empty">
                  Loading…
                </td>
              </tr>
            )}
            {runs.isSuccess && items.length === 0 && (
              <tr>
                <td colSpan={7} className="empty">
                  {status ? `No ${status} runs.` : "No runs yet. Start one from Flows."}
                </td>
              </tr>
            )}
            {items.map((run) => (
              <tr key={run.id} data-testid="run-row" data-run-id={run.id}>
                <td>
                  <Link href={`/runs/${run.id}`} className="mono" title={run.id}>
                    {run.id.slice(0, 8)}
                  </Link>
                </td>
                <td>{run.flowName}</td>
                <td>
                  <StatusBadge status={run.status} testId="run-status" />
                </td>
                <td className="mono">{run.businessKey ?? "—"}</td>
                <td className="mono muted">{run.triggerType}</td>
                <td>{formatDateTime(run.createdAt)}</td>
                <td className="num">{formatDuration(run.durationMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {runs.hasNextPage && (
        <div className="load-more">
          <button type="button" className="button button-secondary" onClick={() => void runs.fetchNextPage()} disabled={runs.isFetchingNextPage}>
            {runs.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        </div>
      )}
    </div>
  );
}
