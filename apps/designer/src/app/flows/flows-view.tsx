"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { QueryError } from "@/components/query-error";
import { StatusBadge } from "@/components/status-badge";
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
      <div className="card">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Description</th>
              <th scope="col">Version</th>
              <th scope="col">Enabled</th>
              <th scope="col">Last run</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {flows.isPending && (
              <tr>
                <td colSpan={6} className="empty">
                  Loading…
                </td>
              </tr>
            )}
            {flows.data?.length === 0 && (
              <tr>
                <td colSpan={6} className="empty">
                  No flows yet.
                </td>
              </tr>
            )}
            {flows.data?.map((flow) => (
              <FlowRow key={flow.id} flow={flow} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** One row with its own mutation, so each Run button has its own pending/result state. */
function FlowRow({ flow }: { flow: FlowSummary }) {
  const trpc = useTRPC();
  const { canRun } = useMe();
  const queryClient = useQueryClient();
  const run = useMutation(
    trpc.flows.run.mutationOptions({
      onSuccess: () => Promise.all([queryClient.invalidateQueries(trpc.flows.list.queryFilter()), queryClient.invalidateQueries(trpc.runs.list.pathFilter())]),
    }),
  );

  return (
    <tr data-testid="flow-row" data-flow-name={flow.name}>
      <td>
        <Link href={`/flows/${flow.id}`} className="strong">
          {flow.name}
        </Link>
      </td>
      <td className="muted">{flow.description || "—"}</td>
      <td>{flow.publishedVersion === null ? <span className="tag">draft</span> : <span className="tag tag-published">v{flow.publishedVersion}</span>}</td>
      <td>{flow.enabled ? "Yes" : "No"}</td>
      <td>
        {flow.lastRun ? (
          <span className="last-run">
            <Link href={`/runs/${flow.lastRun.id}`}>
              <StatusBadge status={flow.lastRun.status} testId="last-run-status" />
            </Link>
            <span className="muted" title={flow.lastRun.createdAt.toLocaleString()}>
              {formatRelative(flow.lastRun.createdAt)}
            </span>
          </span>
        ) : (
          <span className="muted">Never run</span>
        )}
      </td>
      <td className="actions">
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
      </td>
    </tr>
  );
}
