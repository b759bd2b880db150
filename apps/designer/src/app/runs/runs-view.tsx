"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { QueryError } from "@/components/query-error";
import { filtersFromSearch, hasFilters, queryFromFilters, searchFromFilters, type RunFilters } from "@/components/runs/filters";
import { RunsFilters } from "@/components/runs/runs-filters";
import { StatusBadge } from "@/components/status-badge";
import { formatDateTime, formatDuration } from "@/lib/format";
import { useTRPC } from "@/trpc/client";

const PAGE_SIZE = 50;
const COLUMNS = 7;

/** Every execution of every flow, newest first, filtered through the URL's query string (a filtered view is a link). */
export function RunsView() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const filters = useMemo(() => filtersFromSearch(new URLSearchParams(search)), [search]);
  const apply = (next: RunFilters) => router.replace(`${pathname}${searchFromFilters(next)}`, { scroll: false });
  const runs = useInfiniteQuery(
    trpc.runs.list.infiniteQueryOptions(
      { ...queryFromFilters(filters), limit: PAGE_SIZE },
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
  const filtered = hasFilters(filters);

  return (
    <div className="page page-runs">
      <header className="page-header">
        <h1>Runs</h1>
        <p className="muted">Every execution of every flow, newest first. Updates live.</p>
      </header>
      <RunsFilters key={search} applied={filters} onApply={apply} />
      <QueryError error={runs.error} />
      <div className="card runs-card">
        <table className="table runs-table">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Status</th>
              <th scope="col">Flow</th>
              <th scope="col">Business key</th>
              <th scope="col">Started</th>
              <th scope="col" className="num">
                Duration
              </th>
              <th scope="col">Error</th>
            </tr>
          </thead>
          <tbody>
            {runs.isPending && (
              <tr>
                <td colSpan={COLUMNS} className="empty">
                  Loading…
                </td>
              </tr>
            )}
            {runs.isSuccess && items.length === 0 && (
              <tr>
                <td colSpan={COLUMNS} className="empty" data-testid="runs-empty">
                  {filtered ? "No runs match these filters." : "No runs yet. Start one from Flows."}
                </td>
              </tr>
            )}
            {items.map((run) => (
              <tr key={run.id} data-testid="run-row" data-run-id={run.id} data-status={run.status}>
                {/* The id link comes first: it is the row's way into the run (tests click the first link). */}
                <td>
                  <Link href={`/runs/${run.id}`} className="mono" title={run.id}>
                    {run.id.slice(0, 8)}
                  </Link>
                </td>
                <td>
                  <StatusBadge status={run.status} testId="run-status" />
                </td>
                {/* The trigger sits under the flow's name so the error column stays on screen without scrolling. */}
                <td className="runs-flow">
                  {run.flowName}
                  <span className="runs-trigger mono muted small">{run.triggerType}</span>
                </td>
                <td className="mono">{run.businessKey ?? "—"}</td>
                <td className="nowrap" title={run.startedAt ? undefined : "Not started yet: the time it was queued"}>
                  {formatDateTime(run.startedAt ?? run.createdAt)}
                </td>
                <td className="num">{formatDuration(run.durationMs)}</td>
                <td className="runs-error-cell">
                  {run.errorClass && <span className="tag tag-error" data-testid="run-error-class">{run.errorClass}</span>}
                  {run.errorMessage && (
                    <span className="runs-error-message muted small" title={run.errorMessage}>
                      {run.errorMessage}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {runs.hasNextPage && (
        <div className="load-more">
          <button type="button" className="button button-secondary" onClick={() => void runs.fetchNextPage()} disabled={runs.isFetchingNextPage} data-testid="runs-load-more">
            {runs.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        </div>
      )}
    </div>
  );
}
