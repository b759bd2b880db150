"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { QueryError } from "@/components/query-error";
import { useTRPC } from "@/trpc/client";
import { AuditFilters } from "./audit-filters";
import { AuditRow } from "./audit-row";
import { filtersFromSearch, queryFromFilters, searchFromFilters, type AuditFilters as Filters } from "./filters";

const PAGE_SIZE = 50;
const COLUMNS = 6;

/** Admin-only: who did what, newest first, filtered through the URL's query string. */
export function AuditView() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const search = searchParams.toString();
  const filters = useMemo(() => filtersFromSearch(new URLSearchParams(search)), [search]);
  const apply = (next: Filters) => router.replace(`${pathname}${searchFromFilters(next)}`, { scroll: false });

  const entries = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { ...queryFromFilters(filters), limit: PAGE_SIZE },
      {
        getNextPageParam: (page) => page.nextCursor,
        // Keep the old rows on screen while a new filter loads instead of flashing empty.
        placeholderData: (previous) => previous,
      },
    ),
  );
  const items = entries.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Object.keys(filters).length > 0;

  return (
    <div className="page">
      <header className="page-header">
        <h1>Audit log</h1>
        <p className="muted">Who changed what, when and from where. Append-only; secret values are never recorded.</p>
      </header>
      <AuditFilters key={search} applied={filters} onApply={apply} />
      <QueryError error={entries.error} />
      <div className="card audit-card">
        <table className="table audit-table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">IP</th>
              <th scope="col">Summary</th>
            </tr>
          </thead>
          <tbody>
            {entries.isPending && (
              <tr>
                <td colSpan={COLUMNS} className="empty">
                  Loading…
                </td>
              </tr>
            )}
            {entries.isSuccess && items.length === 0 && (
              <tr>
                <td colSpan={COLUMNS} className="empty">
                  {filtered ? "No entries match these filters." : "Nothing recorded yet."}
                </td>
              </tr>
            )}
            {items.map((entry) => (
              <AuditRow key={entry.id} entry={entry} onTarget={(targetType, targetId) => apply({ ...filters, targetType, targetId: targetId ?? "" })} />
            ))}
          </tbody>
        </table>
      </div>
      {entries.hasNextPage && (
        <div className="load-more">
          <button type="button" className="button button-secondary" onClick={() => void entries.fetchNextPage()} disabled={entries.isFetchingNextPage} data-testid="audit-load-more">
            {entries.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        </div>
      )}
    </div>
  );
}
