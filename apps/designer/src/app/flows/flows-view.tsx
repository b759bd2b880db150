"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { QueryError } from "@/components/query-error";
import { StatusBadge } from "@/components/status-badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { formatRelative } from "@/lib/format";
import { useMe } from "@/hooks/use-me";
import { useTRPC } from "@/trpc/client";
import type { FlowSummary } from "@/trpc/types";

export function FlowsView() {
  const trpc = useTRPC();
  // A slow poll keeps "last run" current while runs finish in the background.
  const flows = useQuery(trpc.flows.list.queryOptions(undefined, { refetchInterval: 5_000 }));
  const { canEditFlows } = useMe();

  return (
    <div className="page">
      <header className="page-header page-header-row">
        <div>
          <h1>Flows</h1>
          <p className="muted">Published integration flows. Run one by hand to send its trigger&apos;s sample payload.</p>
        </div>
        {canEditFlows && (
          <span className="actions">
            <Link href="/flows/import" className="button button-secondary" data-testid="import-flow">
              Import
            </Link>{" "}
            <Link href="/flows/new" className="button" data-testid="new-flow-from-template">
              New flow
            </Link>
          </span>
        )}
      </header>
      <QueryError error={flows.error} />
      <DataTable
        columns={FLOW_COLUMNS}
        rows={flows.data}
        rowKey={(flow) => flow.id}
        rowProps={(flow) => ({ "data-testid": "flow-row", "data-flow-name": flow.name })}
        loading={flows.isPending}
        empty="No flows yet."
        wrapperClassName="card"
      />
    </div>
  );
}

const FLOW_COLUMNS: Column<FlowSummary>[] = [
  {
    header: "Name",
    cell: (flow) => (
      <Link href={`/flows/${flow.id}`} className="strong">
        {flow.name}
      </Link>
    ),
  },
  { header: "Description", className: "muted", cell: (flow) => flow.description || "—" },
  { header: "Version", cell: (flow) => (flow.publishedVersion === null ? <span className="tag">draft</span> : <span className="tag tag-published">v{flow.publishedVersion}</span>) },
  { header: "Enabled", cell: (flow) => (flow.enabled ? "Yes" : "No") },
  { header: "Last run", cell: (flow) => <LastRun flow={flow} /> },
  { header: "Actions", srOnly: true, className: "actions", cell: (flow) => <RunFlow flow={flow} /> },
];

function LastRun({ flow }: { flow: FlowSummary }) {
  if (!flow.lastRun) return <span className="muted">Never run</span>;
  return (
    <span className="last-run">
      <Link href={`/runs/${flow.lastRun.id}`}>
        <StatusBadge status={flow.lastRun.status} testId="last-run-status" />
      </Link>
      <span className="muted" title={flow.lastRun.createdAt.toLocaleString()}>
        {formatRelative(flow.lastRun.createdAt)}
      </span>
    </span>
  );
}

/** Each row's Run button has its own mutation, so its own pending/result state. */
function RunFlow({ flow }: { flow: FlowSummary }) {
  const trpc = useTRPC();
  const { canRun } = useMe();
  const queryClient = useQueryClient();
  const run = useMutation(
    trpc.flows.run.mutationOptions({
      onSuccess: () => Promise.all([queryClient.invalidateQueries(trpc.flows.list.queryFilter()), queryClient.invalidateQueries(trpc.runs.list.pathFilter())]),
    }),
  );

  return (
    <>
      {/* The label stays "Run" while pending (aria-busy says it is working) so its accessible name never changes. */}
      {canRun && (
        <button type="button" className="button" data-testid="run-flow" disabled={run.isPending} aria-busy={run.isPending} onClick={() => run.mutate({ flowId: flow.id })}>
          Run
        </button>
      )}
      {run.isSuccess && (
        <span className="notice notice-success" role="status">
          <span>Run queued</span> <Link href={`/runs/${run.data.runId}`}>View run</Link>
        </span>
      )}
      {run.isError && (
        <span className="notice notice-error" role="alert">
          {run.error.message}
        </span>
      )}
    </>
  );
}
