"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { QueryError } from "@/components/query-error";
import { DataTable } from "@/components/ui/data-table";
import { useDebounced } from "@/hooks/use-debounced";
import { useMe } from "@/hooks/use-me";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";
import { ENTRY_COLUMNS, EntryEditor, EntryRow } from "./entry-row";
import { ImportPanel } from "./import-panel";
import { CopyEntriesPanel, EnvironmentSelect, useLookupEnvironment } from "./lookup-environment";
import "./lookups.css";

type LookupTable = RouterOutputs["lookups"]["table"];

const PAGE_SIZE = 100;

/** One cross-reference table: its entries in key order, searchable and paged, edited inline; CSV import and export. */
export function LookupTableView({ id }: { id: string }) {
  const trpc = useTRPC();
  const { canEditFlows } = useMe();
  const { environment, setEnvironment, names } = useLookupEnvironment();
  const table = useQuery(trpc.lookups.table.queryOptions({ id, environment }));
  const [typed, setTyped] = useState("");
  const search = useDebounced(typed.trim(), 250);
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const [copying, setCopying] = useState(false);
  const entries = useInfiniteQuery(
    trpc.lookups.entries.infiniteQueryOptions(
      { tableId: id, environment, search: search || undefined, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextKey ?? undefined, placeholderData: (previous) => previous },
    ),
  );
  const rows = entries.data?.pages.flatMap((page) => page.entries);

  return (
    <div className="page">
      <p className="muted small">
        <Link href="/lookups">Lookups</Link> /
      </p>
      <QueryError error={table.error} />
      {table.data && <TableHeader table={table.data} environment={environment} canEdit={canEditFlows} />}
      <div className="page-header-row lookup-toolbar">
        <EnvironmentSelect environment={environment} names={names} onChange={setEnvironment} />
        <input className="input" type="search" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="Search keys and values" aria-label="Search keys and values" data-testid="lookup-search" />
        <div className="new-mapping-actions">
          {canEditFlows && (
            <>
              <button type="button" className="button button-secondary" onClick={() => setAdding(true)} disabled={adding} data-testid="add-lookup-entry">
                Add entry
              </button>
              <button type="button" className="button button-secondary" onClick={() => setImporting(!importing)} data-testid="open-lookup-import">
                Import CSV
              </button>
              {names.length > 1 && (
                <button type="button" className="button button-secondary" onClick={() => setCopying(!copying)} data-testid="open-lookup-copy">
                  Copy from environment
                </button>
              )}
            </>
          )}
          {table.data && <ExportButton table={table.data} environment={environment} />}
        </div>
      </div>
      {importing && table.data && <ImportPanel tableId={id} environment={environment} tableName={table.data.name} onDone={() => setImporting(false)} />}
      {copying && <CopyEntriesPanel tableId={id} environment={environment} names={names} onDone={() => setCopying(false)} />}
      <QueryError error={entries.error} />
      <DataTable
        columns={ENTRY_COLUMNS}
        rows={rows}
        rowKey={(entry) => entry.key}
        renderRow={(entry) => <EntryRow tableId={id} environment={environment} entry={entry} canEdit={canEditFlows} />}
        before={adding && <EntryEditor tableId={id} environment={environment} onDone={() => setAdding(false)} />}
        loading={entries.isPending}
        empty={search ? "No entries match this search." : `No entries in ${environment} yet.`}
        testId="lookup-entries"
        className="table lookup-entries"
        wrapperClassName="card"
        paging={entries}
        pagingTestId="lookup-load-more"
      />
    </div>
  );
}

function TableHeader({ table, environment, canEdit }: { table: LookupTable; environment: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(table.name);
  const [description, setDescription] = useState(table.description);
  const update = useMutation(
    trpc.lookups.updateTable.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.lookups.pathFilter());
        setEditing(false);
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ id: table.id, name, description });
  };

  if (editing) {
    return (
      <form className="card new-mapping" onSubmit={submit} data-testid="rename-lookup-table-form">
        <label className="field field-grow">
          Name (flows that use the old name stop finding the table)
          <input className="input mono" value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} data-testid="rename-lookup-table-name" />
        </label>
        <label className="field field-grow">
          Description
          <input className="input" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} />
        </label>
        <div className="new-mapping-actions">
          <button type="submit" className="button" disabled={update.isPending || name.trim() === ""} data-testid="save-lookup-table">
            Save
          </button>
          <button type="button" className="button button-secondary" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </div>
        <QueryError error={update.error} />
      </form>
    );
  }
  return (
    <header className="page-header page-header-row">
      <div>
        <h1 className="mono" data-testid="lookup-table-name">
          {table.name}
        </h1>
        <p className="muted">
          {table.description || "No description."} {table.entryCount.toLocaleString()} entries in {environment}. Read in flows with <code>$lookup(&quot;{table.name}&quot;, key)</code>.
        </p>
      </div>
      {canEdit && (
        <button type="button" className="button button-secondary" onClick={() => setEditing(true)} data-testid="rename-lookup-table">
          Rename
        </button>
      )}
    </header>
  );
}

/** Downloads the whole table as CSV, fetched chunk by chunk so a 100k-entry table never travels in one response. */
function ExportButton({ table, environment }: { table: LookupTable; environment: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const download = async () => {
    setState({ busy: true, error: null });
    try {
      const parts: string[] = [];
      let afterKey: string | undefined;
      do {
        const chunk = await queryClient.fetchQuery({ ...trpc.lookups.exportCsv.queryOptions({ tableId: table.id, environment, afterKey }), staleTime: 0 });
        parts.push(chunk.csv);
        afterKey = chunk.nextKey ?? undefined;
      } while (afterKey !== undefined);
      const url = URL.createObjectURL(new Blob(parts, { type: "text/csv" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = `${table.name}.${environment}.csv`;
      link.click();
      URL.revokeObjectURL(url);
      setState({ busy: false, error: null });
    } catch (err) {
      setState({ busy: false, error: (err as Error).message });
    }
  };
  return (
    <>
      <button type="button" className="button button-secondary" disabled={state.busy} onClick={() => void download()} data-testid="lookup-export">
        {state.busy ? "Exporting…" : "Export CSV"}
      </button>
      <QueryError error={state.error === null ? null : { message: state.error }} />
    </>
  );
}
