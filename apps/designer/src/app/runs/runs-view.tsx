"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { QueryError } from "@/components/query-error";
import { filtersFromSearch, hasFilters, queryFromFilters, searchFromFilters, type RunFilters } from "@/components/runs/filters";
import { RunsFilters } from "@/components/runs/runs-filters";
import { StatusBadge } from "@/components/status-badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { formatDateTime, formatDuration } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";

const PAGE_SIZE = 50;

type RunItem = RouterOutputs["runs"]["list"]["items"][number];

const RUN_COLUMNS: Column<RunItem>[] = [
  // The id link comes first: it is the row's way into the run (tests click the first link).
  {
    header: "Run",
    cell: (run) => (
      <Link href={`/runs/${run.id}`} className="mono" title={run.id}>
        {run.id.slice(0, 8)}
      </Link>
    ),
  },
  { header: "Status", cell: (run) => <StatusBadge status={run.status} testId="run-status" /> },
  // The trigger sits under the flow's name so the error column stays on screen without scrolling.
  {
    header: "Flow",
    className: "runs-flow",
    cell: (run) => (
      <>
        {run.flowName}
        <span className="runs-trigger mono muted small">{run.triggerType}</span>
      </>
    ),
  },
  { header: "Business key", className: "mono", cell: (run) => run.businessKey ?? "—" },
  {
    header: "Started",
    className: "nowrap",
    cellProps: (run) => ({ title: run.startedAt ? undefined : "Not started yet: the time it was queued" }),
    cell: (run) => formatDateTime(run.startedAt ?? run.createdAt),
  },
  { header: "Duration", headerClassName: "num", className: "num", cell: (run) => formatDuration(run.durationMs) },
  {
    header: "Error",
    className: "runs-error-cell",
    cell: (run) => (
      <>
        {run.errorClass && (
          <span className="tag tag-error" data-testid="run-error-class">
            {run.errorClass}
          </span>
        )}
        {run.errorMessage && (
          <span className="runs-error-message muted small" title={run.errorMessage}>
            {run.errorMessage}
          </span>
        )}
      </>
    ),
  },
];

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
      <DataTable
        columns={RUN_COLUMNS}
        rows={items}
        rowKey={(run) => run.id}
        rowProps={(run) => ({ "data-testid": "run-row", "data-run-id": run.id, "data-status": run.status })}
        loading={runs.isPending}
        empty={runs.isSuccess && (filtered ? "No runs match these filters." : "No runs yet. Start one from Flows.")}
        emptyTestId="runs-empty"
        className="table runs-table"
        wrapperClassName="card runs-card"
        paging={runs}
        pagingTestId="runs-load-more"
      />
    </div>
  );
}
