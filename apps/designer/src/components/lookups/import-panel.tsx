"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { QueryError } from "@/components/query-error";
import { DataTable, type Column } from "@/components/ui/data-table";
import { LOOKUP_LIMITS } from "@/lib/lookup-fields";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";

type LineError = RouterOutputs["lookups"]["previewImport"]["errors"][number];

const ERROR_COLUMNS: Column<LineError>[] = [
  { header: "Line", headerClassName: "num", className: "num", cell: (e) => e.line },
  { header: "Problem", cell: (e) => e.message },
];

/**
 * CSV import in two steps: Preview parses the file on the server and lists each
 * line's problems; Import sends the same text again (the server re-parses it) with
 * the chosen mode. Editing or replacing the file drops the preview.
 */
export function ImportPanel({ tableId, environment, tableName, onDone }: { tableId: string; environment: string; tableName: string; onDone(): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [csv, setCsv] = useState("");
  const [fileError, setFileError] = useState<string | null>(null);
  const [mode, setMode] = useState<"merge" | "replace">("merge");
  const preview = useMutation(trpc.lookups.previewImport.mutationOptions());
  const commit = useMutation(
    trpc.lookups.importCsv.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.lookups.pathFilter()),
    }),
  );
  const setText = (text: string) => {
    setCsv(text);
    preview.reset();
    commit.reset();
  };
  const readFile = async (file: File | undefined) => {
    setFileError(null);
    if (!file) return;
    if (file.size > LOOKUP_LIMITS.csv) {
      setFileError(`The file is larger than ${(LOOKUP_LIMITS.csv / 1_000_000).toFixed(0)} MB: split it into several imports (merge mode).`);
      return;
    }
    setText(await file.text());
  };
  const result = preview.data;

  return (
    <section className="card lookup-import" data-testid="lookup-import" aria-label={`Import CSV into ${tableName}`}>
      <h2>Import CSV into {environment}</h2>
      <p className="muted small">
        A header row with <code>key</code> and <code>value</code> and/or <code>json</code>, optionally <code>description</code>. A <code>json</code> cell holds any JSON value (object, number, …).
      </p>
      <input type="file" accept=".csv,text/csv" onChange={(e) => void readFile(e.target.files?.[0])} data-testid="lookup-import-file" />
      <QueryError error={fileError === null ? null : { message: fileError }} />
      <textarea className="input mono" rows={6} value={csv} onChange={(e) => setText(e.target.value)} placeholder={"key,value,description\nSKU-1001,4711,Blue mug"} data-testid="lookup-import-text" />
      <div className="new-mapping-actions">
        <button type="button" className="button" disabled={!csv.trim() || preview.isPending} onClick={() => preview.mutate({ tableId, csv })} data-testid="lookup-import-preview">
          Preview
        </button>
        <button type="button" className="button button-secondary" onClick={onDone}>
          Close
        </button>
      </div>
      <QueryError error={preview.error} />
      {result && (
        <div data-testid="lookup-import-result">
          <p data-testid="lookup-import-summary">
            {result.rows.toLocaleString()} lines: {result.valid.toLocaleString()} valid, {result.errorCount.toLocaleString()} with errors.
          </p>
          {result.errorCount > 0 ? (
            <>
              <DataTable columns={ERROR_COLUMNS} rows={result.errors} rowKey={(e) => e.line} rowProps={() => ({ "data-testid": "lookup-import-error" })} wrapperClassName="card" />
              {result.errorCount > result.errors.length && <p className="muted small">The first {result.errors.length} problems are shown.</p>}
              <p className="muted">Fix these lines and preview again: a file with errors is not imported.</p>
            </>
          ) : (
            <fieldset className="lookup-import-mode">
              <legend>How to import</legend>
              <label>
                <input type="radio" name="mode" checked={mode === "merge"} onChange={() => setMode("merge")} data-testid="lookup-import-merge" /> Merge: add new keys, overwrite existing ones, keep the rest
              </label>
              <label>
                <input type="radio" name="mode" checked={mode === "replace"} onChange={() => setMode("replace")} data-testid="lookup-import-replace" /> Replace: the table holds exactly this file afterwards
              </label>
              <button type="button" className="button" disabled={commit.isPending || commit.isSuccess} onClick={() => commit.mutate({ tableId, environment, csv, mode })} data-testid="lookup-import-commit">
                Import {result.valid.toLocaleString()} entries
              </button>
            </fieldset>
          )}
        </div>
      )}
      <QueryError error={commit.error} />
      {commit.data && (
        <p className="notice notice-success" role="status" data-testid="lookup-import-done">
          Imported: {commit.data.inserted.toLocaleString()} added, {commit.data.updated.toLocaleString()} updated
          {commit.data.deleted ? `, ${commit.data.deleted.toLocaleString()} removed first` : ""}.
        </p>
      )}
    </section>
  );
}
