"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { QueryError } from "@/components/query-error";
import { useMe } from "@/hooks/use-me";
import { useTRPC } from "@/trpc/client";
import { FlowNodesTable, type DraftNode } from "./flow-nodes-table";
import { EnabledToggle, WebhookUrl } from "./flow-status-controls";

/**
 * A flow's settings and steps: environment, which connection each step uses,
 * problems, publish. (The visual canvas builds on this page.)
 */
export function FlowDetailView({ flowId }: { flowId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canEditFlows } = useMe();
  const flow = useQuery(trpc.flows.get.queryOptions({ flowId }));
  const problems = useQuery(trpc.flows.validate.queryOptions({ flowId }));
  const environments = useQuery(trpc.connections.environments.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.flows.pathKey() });
  const setEnvironment = useMutation(trpc.flows.setEnvironment.mutationOptions({ onSettled: refresh }));
  const saveDraft = useMutation(trpc.flows.saveDraft.mutationOptions({ onSettled: refresh }));
  const publish = useMutation(trpc.flows.publish.mutationOptions({ onSettled: refresh }));
  const [published, setPublished] = useState<number | null>(null);

  if (!flow.data) return <div className="page">{flow.isPending ? <p className="muted">Loading…</p> : <QueryError error={flow.error} />}</div>;
  const draft = flow.data.draft as { nodes: DraftNode[] };

  function setNodeConnection(nodeId: string, connectionName: string | null) {
    const nodes = draft.nodes.map((n) => {
      if (n.id !== nodeId) return n;
      // A name, not an id: promotion to another environment then finds its same-named connection.
      const { connectionId: _id, connectionName: _name, ...rest } = n.config ?? {};
      return { ...n, config: connectionName ? { ...rest, connectionName } : rest };
    });
    saveDraft.mutate({ flowId, definition: { ...(flow.data!.draft as object), nodes } as never });
  }

  function submitPublish(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const message = String(new FormData(event.currentTarget).get("message") ?? "");
    publish.mutate({ flowId, message }, { onSuccess: (r) => setPublished(r.published ? r.version : null) });
  }

  const problemList = problems.data ?? [];
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href="/flows">Flows</Link> /
      </p>
      <header className="page-header page-header-row">
        <div>
          <h1>{flow.data.name}</h1>
          <p className="muted">{flow.data.description}</p>
        </div>
        <div className="last-run">
          {flow.data.publishedVersion === null ? <span className="tag">draft</span> : <span className="tag tag-published">v{flow.data.publishedVersion}</span>}
          <label className="field">
            Environment
            <select
              value={flow.data.environment}
              disabled={!canEditFlows}
              onChange={(e) => setEnvironment.mutate({ flowId, environment: e.target.value })}
              data-testid="flow-environment"
            >
              {(environments.data ?? [{ name: flow.data.environment }]).map((env) => (
                <option key={env.name} value={env.name}>
                  {env.name}
                </option>
              ))}
            </select>
          </label>
          <EnabledToggle flowId={flowId} enabled={flow.data.enabled} />
        </div>
      </header>
      <WebhookUrl flowId={flowId} />
      <QueryError error={setEnvironment.error ?? saveDraft.error ?? publish.error} />
      <FlowNodesTable
        nodes={draft.nodes}
        environment={flow.data.environment}
        problems={problemList}
        editable={canEditFlows}
        onConnectionChange={setNodeConnection}
      />
      {canEditFlows && (
        <form className="card new-mapping" style={{ marginTop: 16 }} onSubmit={submitPublish} data-testid="publish-form">
          <label className="field" style={{ flex: 1 }}>
            Publish message
            <input className="input" name="message" required placeholder="What changed?" data-testid="publish-message" />
          </label>
          <button className="button" type="submit" disabled={publish.isPending || problemList.length > 0} data-testid="publish">
            Publish
          </button>
          {problemList.length > 0 && <span className="muted small">Fix the problems above to publish.</span>}
          {publish.data?.published === false && <span className="notice notice-error">Refused: {publish.data.problems.length} problem(s)</span>}
          {published !== null && (
            <span className="notice notice-success" data-testid="published">
              Published v{published}
            </span>
          )}
        </form>
      )}
    </div>
  );
}
