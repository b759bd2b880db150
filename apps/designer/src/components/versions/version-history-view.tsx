"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { QueryError } from "@/components/query-error";
import { DataTable, type Column } from "@/components/ui/data-table";
import { useMe } from "@/hooks/use-me";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";
import { ExportFlowButton } from "./export-flow-button";
import { FlowDiffView } from "./flow-diff-view";

type Ref = number | "draft";
const labelOf = (ref: Ref) => (ref === "draft" ? "Draft" : `v${ref}`);

type VersionItem = RouterOutputs["flows"]["versions"][number];

/** Version history of a flow: who/when/message, compare two versions (or the draft), roll back. */
export function VersionHistoryView({ flowId }: { flowId: string }) {
  const trpc = useTRPC();
  const flow = useQuery(trpc.flows.get.queryOptions({ flowId }));
  const versions = useQuery(trpc.flows.versions.queryOptions({ flowId }));
  const [compare, setCompare] = useState<Ref[]>([]);
  // Older first, so the diff reads "what changed since".
  const pair = compare.length === 2 ? ([...compare].sort((a, b) => (a === "draft" ? 1 : b === "draft" ? -1 : a - b)) as [Ref, Ref]) : null;
  const diff = useQuery({ ...trpc.flows.diff.queryOptions({ flowId, from: pair?.[0] ?? 1, to: pair?.[1] ?? "draft" }), enabled: pair !== null });

  const toggle = (ref: Ref) => setCompare((c) => (c.includes(ref) ? c.filter((r) => r !== ref) : [...c.slice(-1), ref]));
  const columns: Column<VersionItem>[] = [
    {
      header: "Compare",
      cell: (v) => <input type="checkbox" aria-label={`Compare v${v.version}`} data-testid="compare-select" checked={compare.includes(v.version)} onChange={() => toggle(v.version)} />,
    },
    {
      header: "Version",
      cell: (v) => (
        <>
          v{v.version}{" "}
          {v.current && (
            <span className="tag tag-published" data-testid="version-current">
              current
            </span>
          )}
        </>
      ),
    },
    { header: "Message", cell: (v) => v.message },
    { header: "Published by", cell: (v) => v.publishedBy ?? <span className="muted">deleted user</span> },
    { header: "When", cellProps: (v) => ({ title: v.publishedAt.toLocaleString() }), cell: (v) => v.publishedAt.toLocaleString() },
    { header: "Actions", srOnly: true, className: "actions", cell: (v) => !v.current && <RollbackButton flowId={flowId} version={v.version} /> },
  ];

  return (
    <div className="page">
      <header className="page-header page-header-row">
        <div>
          <p className="breadcrumb">
            <Link href="/flows">Flows</Link> / <Link href={`/flows/${flowId}`}>{flow.data?.name ?? "…"}</Link>
          </p>
          <h1>Version history</h1>
          <p className="muted">Tick two rows to compare them. Rolling back publishes the old version again as a new version.</p>
        </div>
        <ExportFlowButton flowId={flowId} />
      </header>
      <QueryError error={versions.error ?? flow.error} />
      <DataTable
        columns={columns}
        rows={versions.data}
        rowKey={(v) => v.version}
        rowProps={(v) => ({ "data-testid": "version-row", "data-version": v.version })}
        loading={versions.isPending}
        before={
          <tr data-testid="version-row" data-version="draft">
            <td>
              <input type="checkbox" aria-label="Compare the draft" data-testid="compare-select" checked={compare.includes("draft")} onChange={() => toggle("draft")} />
            </td>
            <td>
              <span className="tag">draft</span>
            </td>
            <td className="muted" colSpan={4}>
              Unpublished changes
            </td>
          </tr>
        }
        testId="version-history"
        wrapperClassName="card"
      />
      <QueryError error={diff.error} />
      {pair && diff.data && <FlowDiffView diff={diff.data} fromLabel={labelOf(pair[0])} toLabel={labelOf(pair[1])} />}
    </div>
  );
}

/** Analysts only (the server checks too): asks for a message, shows problems if the old version no longer validates. */
function RollbackButton({ flowId, version }: { flowId: string; version: number }) {
  const trpc = useTRPC();
  const { canEditFlows } = useMe();
  const queryClient = useQueryClient();
  const rollback = useMutation(
    trpc.flows.rollback.mutationOptions({
      onSuccess: () => Promise.all([queryClient.invalidateQueries(trpc.flows.versions.queryFilter({ flowId })), queryClient.invalidateQueries(trpc.flows.get.queryFilter({ flowId }))]),
    }),
  );
  if (!canEditFlows) return null;
  const ask = () => {
    const message = window.prompt(`Roll back to v${version}? It is published again as a new version. Message:`, `Roll back to v${version}`);
    if (message?.trim()) rollback.mutate({ flowId, version, message });
  };
  return (
    <>
      <button type="button" className="button button-small button-secondary" data-testid="rollback" disabled={rollback.isPending} onClick={ask}>
        Roll back
      </button>
      {rollback.data?.published === false && (
        <span className="notice notice-error" role="alert" data-testid="rollback-problems">
          Not rolled back: {rollback.data.problems.map((p) => p.message).join("; ")}
        </span>
      )}
      {rollback.isError && (
        <span className="notice notice-error" role="alert">
          {rollback.error.message}
        </span>
      )}
    </>
  );
}
