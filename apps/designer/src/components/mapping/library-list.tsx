"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { QueryError } from "@/components/query-error";
import { DataTable, type Column } from "@/components/ui/data-table";
import { targetLabel } from "@/lib/target-fields";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";
import "./library.css";

type LibraryItem = RouterOutputs["mappings"]["library"]["list"][number];

const COLUMNS: Column<LibraryItem>[] = [
  {
    header: "Name",
    cell: (m) => (
      <>
        <Link href={`/mappings/library/${m.id}`} className="strong" data-testid="library-open">
          {m.name}
        </Link>
        <div className="muted small">{m.description}</div>
      </>
    ),
  },
  { header: "Source", cell: (m) => <span className="tag">{m.source}</span> },
  { header: "Target", cell: (m) => <span className="tag">{targetLabel(m.target)}</span> },
  { header: "Examples", headerClassName: "num", className: "num", cell: (m) => m.testCount },
  { header: "Version", cell: (m) => <span className="tag tag-published">v{m.version}</span> },
];

const distinct = (values: string[]) => [...new Set(values)].sort((a, b) => a.localeCompare(b));

/**
 * The standard mappings shipped with the product (services/mapping-library.ts):
 * searchable by name and description, filtered by what they read and produce.
 */
export function LibraryList() {
  const trpc = useTRPC();
  const library = useQuery(trpc.mappings.library.list.queryOptions(undefined, { staleTime: Infinity }));
  const [query, setQuery] = useState("");
  const [source, setSource] = useState("");
  const [target, setTarget] = useState("");
  const rows = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return library.data?.filter(
      (m) =>
        (source === "" || m.source === source) &&
        (target === "" || m.target === target) &&
        words.every((w) => `${m.name} ${m.description} ${m.source} ${m.target}`.toLowerCase().includes(w)),
    );
  }, [library.data, query, source, target]);

  return (
    <>
      <div className="card library-filters" data-testid="library-filters">
        <label className="field field-grow">
          Search
          <input className="input" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Shopify, X12 856, inventory…" data-testid="library-search" />
        </label>
        <FilterSelect label="Source" value={source} onChange={setSource} values={distinct(library.data?.map((m) => m.source) ?? [])} testId="library-source" />
        <FilterSelect label="Target" value={target} onChange={setTarget} values={distinct(library.data?.map((m) => m.target) ?? [])} testId="library-target" />
      </div>
      <QueryError error={library.error} />
      <DataTable
        columns={COLUMNS}
        rows={rows}
        rowKey={(m) => m.id}
        rowProps={(m) => ({ "data-testid": "library-row", "data-mapping-name": m.name })}
        loading={library.isPending}
        empty="No standard mapping matches."
        wrapperClassName="card"
      />
    </>
  );
}

function FilterSelect(props: { label: string; value: string; onChange(value: string): void; values: string[]; testId: string }) {
  return (
    <label className="field">
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId}>
        <option value="">Any</option>
        {props.values.map((v) => (
          <option key={v} value={v}>
            {targetLabel(v)}
          </option>
        ))}
      </select>
    </label>
  );
}
