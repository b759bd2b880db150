"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { InlineConfirm } from "@/components/inline-confirm";
import { QueryError } from "@/components/query-error";
import type { Column } from "@/components/ui/data-table";
import { formatRelative } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";
import { FlowScopePicker, type FlowScope } from "./flow-scope-picker";
import { RateLimitField } from "./new-api-key-form";

export type ApiKeyItem = RouterOutputs["apiKeys"]["list"][number];

export const API_KEY_COLUMNS: Column<ApiKeyItem>[] = [
  { header: "Name" },
  { header: "Flows" },
  { header: "Rate limit", headerClassName: "num" },
  { header: "Created" },
  { header: "Last used" },
  { header: "Status" },
  { header: "Actions", srOnly: true, headerClassName: "actions" },
];

function When({ date, empty }: { date: Date | null; empty: string }) {
  return date ? <span title={date.toLocaleString()}>{formatRelative(date)}</span> : <span className="muted">{empty}</span>;
}

/** One key with its own revoke confirmation and scope/rate editor. */
export function ApiKeyRow({ item, canEdit }: { item: ApiKeyItem; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries(trpc.apiKeys.list.queryFilter());
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSettled: refresh }));
  const [confirming, setConfirming] = useState(false);
  const [editing, setEditing] = useState(false);
  const revoked = item.revokedAt !== null;

  return (
    <>
      <tr data-testid="api-key-row" data-key-name={item.name} data-key-prefix={item.prefix} className={revoked ? "row-muted" : undefined}>
        <td>
          <div className="strong">{item.name}</div>
          <div className="mono muted small">{item.prefix}…</div>
        </td>
        <td data-testid="api-key-flows">
          {item.flows === null ? (
            <span className="tag">all flows</span>
          ) : (
            <span className="tag-list">
              {item.flows.map((f) => (
                <span key={f.id} className="tag" title={f.id}>
                  {f.name ?? "(deleted flow)"}
                </span>
              ))}
            </span>
          )}
        </td>
        <td className="num">{item.rateLimitPerMinute}/min</td>
        <td>
          <When date={item.createdAt} empty="—" />
          <div className="muted small">{item.createdByEmail ?? "system"}</div>
        </td>
        <td data-testid="api-key-last-used">
          <When date={item.lastUsedAt} empty="never" />
        </td>
        <td>
          {revoked ? (
            <span className="badge badge-dead" title={item.revokedAt?.toLocaleString()} data-testid="api-key-status">
              revoked
            </span>
          ) : (
            <span className="badge badge-succeeded" data-testid="api-key-status">
              active
            </span>
          )}
        </td>
        <td className="actions">
          {canEdit && !revoked && !confirming && (
            <>
              <button type="button" className="button button-secondary button-small" onClick={() => setEditing(!editing)} data-testid="edit-api-key">
                Edit
              </button>{" "}
              <button type="button" className="button button-secondary button-small button-danger" onClick={() => setConfirming(true)} data-testid="revoke-api-key">
                Revoke
              </button>
            </>
          )}
          {confirming && (
            <InlineConfirm
              question="Revoke? Callers get 401 at once."
              confirmLabel="Revoke"
              pending={revoke.isPending}
              onConfirm={() => revoke.mutate({ id: item.id }, { onSuccess: () => setConfirming(false) })}
              onCancel={() => setConfirming(false)}
              testId="confirm-revoke-api-key"
              label={`Revoke ${item.name}`}
            />
          )}
          <QueryError error={revoke.error} />
        </td>
      </tr>
      {editing && !revoked && (
        <tr className="row-editor">
          <td colSpan={API_KEY_COLUMNS.length}>
            <EditApiKey item={item} onDone={() => setEditing(false)} />
          </td>
        </tr>
      )}
    </>
  );
}

function EditApiKey({ item, onDone }: { item: ApiKeyItem; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.apiKeys.update.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.apiKeys.list.queryFilter()) }));
  // Deleted flows drop out of the scope here: saving them back would be refused.
  const [scope, setScope] = useState<FlowScope>(item.flows && item.flows.filter((f) => f.name !== null).map((f) => f.id));
  const [rate, setRate] = useState(String(item.rateLimitPerMinute));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ id: item.id, flowIds: scope, rateLimitPerMinute: Number(rate) }, { onSuccess: onDone });
  };

  return (
    <form className="key-form" onSubmit={submit} data-testid="edit-api-key-form">
      <FlowScopePicker value={scope} onChange={setScope} />
      <div className="key-form-row">
        <RateLimitField value={rate} onChange={setRate} />
        <button type="submit" className="button" disabled={update.isPending || scope?.length === 0} data-testid="save-api-key">
          Save
        </button>
        <button type="button" className="button button-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
      <QueryError error={update.error} />
    </form>
  );
}
