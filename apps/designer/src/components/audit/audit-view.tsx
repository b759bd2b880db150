"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { QueryError } from "@/components/query-error";
import { DataTable, type Column } from "@/components/ui/data-table";
import { useTRPC } from "@/trpc/client";
import { AuditFilters } from "./audit-filters";
import { AuditRow, type AuditEntry } from "./audit-row";
import { filtersFromSearch, queryFromFilters, searchFromFilters, type AuditFilters as Filters } from "./filters";

const PAGE_SIZE = 50;

const AUDIT_COLUMNS: Column<AuditEntry>[] = [{ header: "Time" }, { header: "Actor" }, { header: "Action" }, { header: "Target" }, { header: "IP" }, { header: "Summary" }];

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
      <DataTable
        columns={AUDIT_COLUMNS}
        rows={items}
        rowKey={(entry) => entry.id}
        renderRow={(entry) => <AuditRow entry={entry} onTarget={(targetType, targetId) => apply({ ...filters, targetType, targetId: targetId ?? "" })} />}
        loading={entries.isPending}
        empty={entries.isSuccess && (filtered ? "No entries match these filters." : "Nothing recorded yet.")}
        className="table audit-table"
        wrapperClassName="card audit-card"
        paging={entries}
        pagingTestId="audit-load-more"
      />
    </div>
  );
}
