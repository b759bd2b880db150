"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/trpc/client";

/** A file name safe on every OS: the flow's name without path or reserved characters. */
const fileNameOf = (name: string) => `${name.replace(/[\\/:*?"<>|]+/g, "-").trim() || "flow"}.flow.json`;

/** Downloads the flow (draft, or `version`) as `<name>.flow.json`: connections by name, no secrets. */
export function ExportFlowButton({ flowId, version }: { flowId: string; version?: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [withEntries, setWithEntries] = useState(false);

  async function download() {
    setBusy(true);
    setError(null);
    try {
      // Always fresh: the draft may have changed since the last export.
      const doc = await queryClient.fetchQuery({ ...trpc.flows.export.queryOptions({ flowId, version, lookupEntries: withEntries }), staleTime: 0 });
      const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: "application/json" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = fileNameOf(doc.name);
      link.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="button button-secondary" data-testid="export-flow" disabled={busy} aria-busy={busy} onClick={() => void download()}>
        Export
      </button>
      <label className="muted small" title="The tables the flow reads are always named; this also carries their entries (the flow's environment's), so the importer can add the keys its environment lacks.">
        <input type="checkbox" checked={withEntries} onChange={(e) => setWithEntries(e.target.checked)} data-testid="export-lookup-entries" /> with lookup entries
      </label>
      {error && (
        <span className="notice notice-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
