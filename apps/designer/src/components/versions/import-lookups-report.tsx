"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";

type Report = RouterOutputs["flows"]["import"]["lookups"];

/**
 * After an import: the cross-reference tables the flow reads that the target environment
 * lacks (the table, any entries, or keys the document carries), and a button that creates
 * the tables and adds the carried keys the environment does not have (its own values win).
 */
export function ImportLookupsReport({ report: initial, json, canEdit }: { report: Report; json: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const create = useMutation(trpc.flows.importLookups.mutationOptions());
  const report = create.data?.report ?? initial;
  const missing = report.tables.filter((t) => t.missing);
  if (report.tables.length === 0 && report.dynamic === 0) return null;
  const canCreate = missing.some((t) => !t.exists || t.missingKeyCount > 0);
  return (
    <div data-testid="import-lookups" data-missing={missing.length}>
      <p>
        Cross-reference tables the flow reads in <strong>{report.environment}</strong>:
      </p>
      <ul>
        {report.tables.map((t) => (
          <li key={t.name} data-testid="import-lookup" data-table={t.name} data-missing={t.missing}>
            <span className="mono">{t.name}</span> —{" "}
            {!t.exists
              ? "missing"
              : t.missingKeyCount > 0
                ? `${t.missingKeyCount.toLocaleString()} of the exported keys are missing (${t.missingKeys.join(", ")}${t.missingKeyCount > t.missingKeys.length ? ", …" : ""})`
                : t.entryCount === 0
                  ? "no entries in this environment"
                  : `${t.entryCount.toLocaleString()} entries, nothing missing`}
          </li>
        ))}
      </ul>
      {report.dynamic > 0 && <p className="muted small">{report.dynamic} lookup(s) name their table with an expression: those tables could not be checked.</p>}
      {missing.length > 0 && (
        <p className="muted small">
          Runs fail with &quot;not found in &lt;table&gt;&quot; until these are filled: <Link href={`/lookups?environment=${encodeURIComponent(report.environment)}`}>Lookups</Link>.
        </p>
      )}
      {canEdit && canCreate && (
        <button type="button" className="button button-secondary" disabled={create.isPending} onClick={() => create.mutate({ json, environment: report.environment })} data-testid="import-create-lookups">
          Create the missing tables{report.tables.some((t) => t.exportedEntries !== null) ? " and keys" : ""}
        </button>
      )}
      {create.error && (
        <p className="notice notice-error" role="alert">
          {create.error.message}
        </p>
      )}
      {create.data && (
        <p className="notice notice-success" role="status" data-testid="import-lookups-created">
          {create.data.created.map((c) => `${c.name}: ${c.created ? "created, " : ""}${c.added.toLocaleString()} entries added`).join("; ")}
        </p>
      )}
    </div>
  );
}
