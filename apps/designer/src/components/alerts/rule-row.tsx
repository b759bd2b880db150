"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { InlineConfirm } from "@/components/inline-confirm";
import type { Column } from "@/components/ui/data-table";
import { useTRPC } from "@/trpc/client";
import { describeCondition, kindInfo, type AlertRule } from "./describe";
import { RuleForm } from "./rule-form";

export const RULE_COLUMNS: Column<AlertRule>[] = [{ header: "Rule" }, { header: "Condition" }, { header: "Notifies" }, { header: "State" }, { header: "Actions", srOnly: true }];

/** One rule: its condition and where it notifies; for operators Edit / Send test notification / Delete. */
export function RuleRow({ rule, canEdit }: { rule: AlertRule; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries(trpc.alerts.pathFilter());
  const test = useMutation(trpc.alerts.testNotification.mutationOptions());
  const remove = useMutation(trpc.alerts.deleteRule.mutationOptions({ onSuccess: refresh }));
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);

  return (
    <>
      <tr data-testid="rule-row" data-rule-name={rule.name} className={rule.enabled ? undefined : "row-muted"}>
        <td>
          <div className="strong">{rule.name}</div>
          <div className="muted small">{kindInfo(rule.kind).label}</div>
        </td>
        <td data-testid="rule-condition">{describeCondition(rule)}</td>
        <td>
          {rule.webhookSet ? (
            <span className="tag" title="Slack-compatible webhook (the URL is write-only)" data-testid="rule-webhook-hint">
              {rule.webhookHint}
            </span>
          ) : (
            <span className="muted">UI only</span>
          )}
        </td>
        <td data-testid="rule-state">
          {!rule.enabled ? <span className="badge">disabled</span> : rule.firing ? <span className="badge badge-firing">firing</span> : <span className="badge badge-ok">ok</span>}
        </td>
        <td className="actions">
          {canEdit && !confirming && (
            <>
              <button type="button" className="button button-secondary button-small" onClick={() => setEditing(!editing)} data-testid="edit-rule">
                Edit
              </button>{" "}
              {rule.webhookSet && (
                <>
                  <button type="button" className="button button-secondary button-small" disabled={test.isPending} aria-busy={test.isPending} onClick={() => test.mutate({ id: rule.id })} data-testid="test-notification">
                    Send test notification
                  </button>{" "}
                </>
              )}
              <button type="button" className="button button-secondary button-small button-danger" onClick={() => setConfirming(true)} data-testid="delete-rule">
                Delete
              </button>
            </>
          )}
          {confirming && (
            <InlineConfirm
              question={`Delete ${rule.name} and its alert history?`}
              confirmLabel="Delete"
              pending={remove.isPending}
              onConfirm={() => remove.mutate({ id: rule.id }, { onSettled: () => setConfirming(false) })}
              onCancel={() => setConfirming(false)}
              testId="confirm-delete-rule"
              label={`Delete ${rule.name}`}
            />
          )}
        </td>
      </tr>
      {(test.data || test.error || remove.error) && (
        <tr className="conn-feedback">
          <td colSpan={RULE_COLUMNS.length}>
            {test.data && (
              <p className={`notice ${test.data.ok ? "notice-success" : "notice-error"}`} role="status" data-testid="test-notification-result">
                {test.data.message}
              </p>
            )}
            {(test.error ?? remove.error) && (
              <p className="notice notice-error" role="alert">
                {(test.error ?? remove.error)?.message}
              </p>
            )}
          </td>
        </tr>
      )}
      {editing && (
        <tr className="conn-editor">
          <td colSpan={RULE_COLUMNS.length}>
            <RuleForm rule={rule} onDone={() => setEditing(false)} />
          </td>
        </tr>
      )}
    </>
  );
}
