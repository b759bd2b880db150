"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { QueryError } from "@/components/query-error";
import { useTRPC } from "@/trpc/client";
import { AssigneeSelect } from "./assignee-select";
import type { BulkAction, BulkInput, Selection } from "./procedure-types";
import { ReplayDialog } from "./replay-dialog";
import { useStartBulk } from "./use-start-bulk";

const VERBS: Record<BulkAction, string> = { retry: "Retry", discard: "Discard", assign: "Assign", replay: "Replay on latest version" };

/**
 * Retry / discard / assign what is selected. The confirmation states the exact
 * number (counted by the server when it opens) and sends it along: if the
 * selection matches a different number by then, the server refuses and nothing
 * happens to letters nobody confirmed.
 */
export function BulkBar({ selection, onClear, onStarted }: { selection: Selection; onClear: () => void; onStarted: (operationId: string) => void }) {
  const trpc = useTRPC();
  const byFilter = selection.kind === "filter" ? selection.filter : {};
  const count = useQuery(trpc.deadLetters.countMatching.queryOptions({ filter: byFilter }, { enabled: selection.kind === "filter" }));
  const selected = selection.kind === "ids" ? selection.ids.size : count.data?.count;
  const [confirming, setConfirming] = useState<{ action: BulkAction; count: number } | null>(null);

  const open = async (action: BulkAction) => {
    const n = selection.kind === "ids" ? selection.ids.size : (await count.refetch()).data?.count;
    if (n !== undefined) setConfirming({ action, count: n });
  };
  const tooMany = count.data !== undefined && count.data.count > count.data.limit;

  return (
    <div className="dl-bulk-bar" data-testid="dl-bulk-bar">
      <span className="strong" data-testid="dl-selected-count">
        {selected ?? "…"} selected
      </span>
      {selection.kind === "filter" && <span className="muted small">{selection.label}</span>}
      {(["retry", "replay", "discard", "assign"] as const).map((action) => (
        <button key={action} type="button" className={action === "discard" ? "button button-small button-secondary button-danger" : "button button-small"} disabled={!selected || tooMany} onClick={() => void open(action)} data-testid={`dl-bulk-${action}`}>
          {VERBS[action]} {selected ?? ""}
        </button>
      ))}
      <button type="button" className="link-button" onClick={onClear} data-testid="dl-bulk-clear">
        Clear selection
      </button>
      {tooMany && <span className="notice notice-warning">A bulk action takes at most {count.data?.limit}; narrow the filter.</span>}
      {confirming?.action === "replay" && (
        <ReplayDialog
          selection={selection}
          count={confirming.count}
          onCancel={() => setConfirming(null)}
          onStarted={(id) => {
            setConfirming(null);
            onStarted(id);
          }}
        />
      )}
      {confirming && confirming.action !== "replay" && (
        <BulkConfirm
          selection={selection}
          action={confirming.action}
          count={confirming.count}
          onCancel={() => setConfirming(null)}
          onStarted={(id) => {
            setConfirming(null);
            onStarted(id);
          }}
        />
      )}
    </div>
  );
}

function BulkConfirm(props: { selection: Selection; action: Exclude<BulkAction, "replay">; count: number; onCancel: () => void; onStarted: (id: string) => void }) {
  const { action, count } = props;
  const [reason, setReason] = useState("");
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const start = useStartBulk(props.onStarted);
  const selection = props.selection.kind === "ids" ? { ids: [...props.selection.ids] } : { filter: props.selection.filter };
  const input: BulkInput =
    action === "discard" ? { action, selection, expectedCount: count, reason } : action === "assign" ? { action, selection, expectedCount: count, assigneeId } : { action, selection, expectedCount: count };
  const noun = count === 1 ? "dead letter" : "dead letters";
  const ready = action !== "discard" || reason.trim() !== "";

  return (
    <div className="dl-modal-backdrop">
      <div className="card dl-modal" role="dialog" aria-modal="true" aria-labelledby="dl-bulk-confirm-title" data-testid="dl-bulk-confirm">
        <h2 id="dl-bulk-confirm-title">
          {VERBS[action]} {count} {noun}?
        </h2>
        <p className="muted">
          {action === "retry" && "Each run resumes at its failed step with the kept input; steps it completed are not repeated."}
          {action === "discard" && "They are closed without running; the reason is recorded with each."}
          {action === "assign" && "They are given to one person (or to nobody)."}
        </p>
        {action === "discard" && (
          <label className="field">
            Reason (required)
            <input className="input" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Cancelled in the shop" autoFocus data-testid="dl-bulk-reason" />
          </label>
        )}
        {action === "assign" && <AssigneeSelect value={assigneeId} onChange={setAssigneeId} label="Assign to" testId="dl-bulk-assignee" />}
        <QueryError error={start.error} />
        <div className="dl-modal-actions">
          <button type="button" className="button" disabled={!ready || start.isPending} onClick={() => start.mutate(input)} data-testid="dl-bulk-confirm-submit">
            {start.isPending ? "Starting…" : `${VERBS[action]} ${count}`}
          </button>
          <button type="button" className="button button-secondary" onClick={props.onCancel} data-testid="dl-bulk-cancel">
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
