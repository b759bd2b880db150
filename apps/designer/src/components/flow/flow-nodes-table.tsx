"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";

export interface DraftNode {
  id: string;
  type: string;
  name: string;
  config?: Record<string, unknown>;
}

interface Problem {
  nodeId: string | null;
  message: string;
}

/** The flow's steps, with a connection picker for the steps that call a connector. */
export function FlowNodesTable(props: {
  nodes: DraftNode[];
  environment: string;
  problems: Problem[];
  editable: boolean;
  onConnectionChange: (nodeId: string, connectionName: string | null) => void;
}) {
  const flowProblems = props.problems.filter((p) => p.nodeId === null);
  return (
    <>
      {flowProblems.map((p) => (
        <p key={p.message} className="notice notice-error">
          {p.message}
        </p>
      ))}
      <div className="card">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Type</th>
              <th scope="col">Connection</th>
              <th scope="col">Problems</th>
            </tr>
          </thead>
          <tbody>
            {props.nodes.map((node) => {
              const connectorId = typeof node.config?.connectorId === "string" ? node.config.connectorId : null;
              const problems = props.problems.filter((p) => p.nodeId === node.id);
              return (
                <tr key={node.id} data-testid="flow-node" data-id={node.id}>
                  <td className="strong">{node.name}</td>
                  <td>
                    <span className="tag">{node.type}</span>
                    {connectorId && <span className="muted small"> {`${connectorId}.${String(node.config?.operation ?? "")}`}</span>}
                  </td>
                  <td>
                    {connectorId ? (
                      <ConnectionPicker
                        connectorId={connectorId}
                        environment={props.environment}
                        value={typeof node.config?.connectionName === "string" ? node.config.connectionName : null}
                        legacyId={typeof node.config?.connectionId === "string" ? node.config.connectionId : null}
                        disabled={!props.editable}
                        onChange={(name) => props.onConnectionChange(node.id, name)}
                      />
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>
                    {problems.length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      problems.map((p) => (
                        <div key={p.message} className="notice notice-error" style={{ marginLeft: 0 }} data-testid="node-problem">
                          {p.message}
                        </div>
                      ))
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function ConnectionPicker(props: {
  connectorId: string;
  environment: string;
  value: string | null;
  legacyId: string | null;
  disabled: boolean;
  onChange: (name: string | null) => void;
}) {
  const trpc = useTRPC();
  const connections = useQuery(trpc.connections.list.queryOptions({ environment: props.environment, connectorId: props.connectorId }));
  return (
    <select
      className="input"
      aria-label="Connection"
      value={props.value ?? ""}
      disabled={props.disabled}
      onChange={(e) => props.onChange(e.target.value || null)}
      data-testid="node-connection"
    >
      <option value="">{props.legacyId ? `(by id ${props.legacyId.slice(0, 8)}…)` : "— choose a connection —"}</option>
      {connections.data?.map((c) => (
        <option key={c.id} value={c.name}>
          {c.name}
        </option>
      ))}
      {props.value && !connections.data?.some((c) => c.name === props.value) && <option value={props.value}>{props.value} (missing)</option>}
    </select>
  );
}
