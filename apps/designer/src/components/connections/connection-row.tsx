"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { InlineConfirm } from "@/components/inline-confirm";
import type { Column } from "@/components/ui/data-table";
import { formatRelative } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import { labelOf } from "./auth-fields";
import { ConnectionForm, type ConnectionItem, type ConnectorItem } from "./connection-form";
import { HealthBadge, type ConnectionHealth } from "./health";
import { LimitsForm } from "./limits-form";

export const CONNECTION_COLUMNS: Column<ConnectionItem>[] = [
  { header: "Name" },
  { header: "Connector" },
  { header: "Secrets" },
  { header: "Health" },
  { header: "Last test" },
  { header: "Actions", srOnly: true },
];

/** One connection: its facts, and for admins Edit / Test / Delete with their own results. */
export function ConnectionRow({
  item,
  connector,
  connectors,
  canEdit,
  health,
}: {
  item: ConnectionItem;
  connector?: ConnectorItem;
  connectors: ConnectorItem[];
  canEdit: boolean;
  /** The runtime monitor's verdict (docs/architecture.md "Connection health"); absent while it loads. */
  health?: ConnectionHealth;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries(trpc.connections.pathFilter());
  const test = useMutation(trpc.connections.test.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.connections.delete.mutationOptions({ onSuccess: refresh }));
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  // Asked only after a refused delete: which flows hold on to the connection.
  const usage = useQuery(trpc.connections.usage.queryOptions({ id: item.id }, { enabled: remove.error?.data?.code === "CONFLICT" }));
  const secretNames = Object.keys(item.secrets);

  return (
    <>
      <tr data-testid="connection-row" data-connection-name={item.name} data-environment={item.environment}>
        <td>
          <div className="strong">{item.name}</div>
          {typeof item.config.baseUrl === "string" && <div className="muted small mono">{item.config.baseUrl}</div>}
        </td>
        <td>
          {connector?.name ?? item.connectorId} {connector && <span className="muted small">v{connector.version}</span>}
        </td>
        <td>
          {secretNames.length === 0 ? (
            <span className="muted">none</span>
          ) : (
            <span className="tag-list">
              {secretNames.map((name) => {
                const at = item.secrets[name]?.updatedAt;
                return (
                  <span key={name} className="tag" title={at ? `set, updated ${at.toLocaleString()}` : "set"}>
                    {labelOf(name)} ✓
                  </span>
                );
              })}
            </span>
          )}
        </td>
        <td>{health && <HealthBadge health={health} />}</td>
        <td data-testid="connection-last-test">
          {item.lastTestedAt ? (
            <span className="conn-test" title={item.lastTestMessage ?? undefined}>
              <span className={`badge ${item.lastTestStatus === "ok" ? "badge-succeeded" : "badge-dead"}`}>{item.lastTestStatus}</span>
              <span className="muted small">{formatRelative(item.lastTestedAt)}</span>
            </span>
          ) : (
            <span className="muted">never tested</span>
          )}
        </td>
        <td className="actions">
          {canEdit && !confirming && (
            <>
              <button type="button" className="button button-secondary button-small" onClick={() => setEditing(!editing)} data-testid="edit-connection">
                Edit
              </button>{" "}
              {connector?.hasTest && (
                <>
                  <button type="button" className="button button-secondary button-small" disabled={test.isPending} aria-busy={test.isPending} onClick={() => test.mutate({ id: item.id })} data-testid="test-connection">
                    Test
                  </button>{" "}
                </>
              )}
              <button
                type="button"
                className="button button-secondary button-small button-danger"
                onClick={() => {
                  remove.reset();
                  setConfirming(true);
                }}
                data-testid="delete-connection"
              >
                Delete
              </button>
            </>
          )}
          {confirming && (
            <InlineConfirm
              question={`Delete ${item.name}?`}
              confirmLabel="Delete"
              pending={remove.isPending}
              onConfirm={() => remove.mutate({ id: item.id }, { onSettled: () => setConfirming(false) })}
              onCancel={() => setConfirming(false)}
              testId="confirm-delete-connection"
              label={`Delete ${item.name}`}
            />
          )}
        </td>
      </tr>
      {(test.data || test.error || remove.error) && (
        <tr className="conn-feedback">
          <td colSpan={CONNECTION_COLUMNS.length}>
            {test.data && (
              <p className={`notice ${test.data.ok ? "notice-success" : "notice-error"}`} role="status" data-testid="connection-test-result">
                {test.data.ok ? "Test passed: " : "Test failed: "}
                {test.data.message}
              </p>
            )}
            {test.error && (
              <p className="notice notice-error" role="alert">
                {test.error.message}
              </p>
            )}
            {remove.error && (
              <div className="notice notice-error conn-refusal" role="alert" data-testid="connection-delete-error">
                <p>{remove.error.message}</p>
                {usage.data && usage.data.length > 0 && (
                  <ul data-testid="connection-usage">
                    {usage.data.map((u) => (
                      <li key={u.flowId}>
                        <strong>{u.flowName}</strong> <span className="small">({[u.inPublished && "published version", u.inDraft && "draft"].filter(Boolean).join(" and ")}, {u.environment})</span>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            )}
          </td>
        </tr>
      )}
      {editing && (
        <tr className="conn-editor">
          <td colSpan={CONNECTION_COLUMNS.length}>
            <ConnectionForm mode="edit" connection={item} connectors={connectors} environments={[item.environment]} onDone={() => setEditing(false)} />
            <LimitsForm connection={item} health={health} />
          </td>
        </tr>
      )}
    </>
  );
}
