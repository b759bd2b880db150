"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/client";
import { KINDS, kindInfo, type AlertRule, type RuleKind } from "./describe";

const ALL_FLOWS = "";
const ALL_PARTNERS = "";

/**
 * Create or edit an alert rule. The webhook URL is write-only, like a connection
 * secret: on edit a set URL shows only its hint, "Replace" reveals an empty input
 * and "Remove" clears it; an untouched URL is not sent and stays as it is.
 */
export function RuleForm({ rule, onDone }: { rule?: AlertRule; onDone(): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const flows = useQuery(trpc.flows.list.queryOptions(undefined, { staleTime: 60_000 }));
  const [name, setName] = useState(rule?.name ?? "");
  const [kind, setKind] = useState<RuleKind>(rule?.kind ?? "dead_letters");
  const [flowId, setFlowId] = useState(rule?.flowId ?? ALL_FLOWS);
  const [partnerId, setPartnerId] = useState(rule?.partnerId ?? ALL_PARTNERS);
  const [threshold, setThreshold] = useState(String(rule?.threshold ?? 0));
  const [windowMinutes, setWindowMinutes] = useState(String(rule?.windowMinutes ?? 15));
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [url, setUrl] = useState("");
  /** "keep" the saved URL (edit only), "replace" it with the input, or "clear" it. */
  const [webhook, setWebhook] = useState<"keep" | "replace" | "clear">(rule?.webhookSet ? "keep" : "replace");
  const info = kindInfo(kind);
  const partners = useQuery(trpc.partners.list.queryOptions(undefined, { staleTime: 60_000, enabled: info.partner === true }));

  const onSuccess = async () => {
    await queryClient.invalidateQueries(trpc.alerts.pathFilter());
    onDone();
  };
  const create = useMutation(trpc.alerts.createRule.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.alerts.updateRule.mutationOptions({ onSuccess }));
  const mutation = rule ? update : create;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const fields = {
      name,
      kind,
      flowId: info.flow && flowId !== ALL_FLOWS ? flowId : null,
      partnerId: info.partner && partnerId !== ALL_PARTNERS ? partnerId : null,
      threshold: Number(threshold),
      windowMinutes: Number(windowMinutes),
      enabled,
    };
    const typed = url.trim();
    if (!rule) {
      create.mutate({ ...fields, webhookUrl: typed === "" ? null : typed });
      return;
    }
    const webhookUrl = webhook === "clear" ? null : webhook === "replace" && typed !== "" ? typed : undefined;
    update.mutate({ id: rule.id, ...fields, ...(webhookUrl !== undefined && { webhookUrl }) });
  };

  return (
    <form className="card alert-form" onSubmit={submit} data-testid="rule-form" autoComplete="off">
      <h3>{rule ? `Edit ${rule.name}` : "New alert rule"}</h3>
      <div className="alert-form-row">
        <label className="field field-grow">
          Name
          <input className="input" value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} placeholder="Orders to NetSuite failing" data-testid="rule-name" />
        </label>
        <label className="field">
          When
          <select value={kind} onChange={(e) => setKind(e.target.value as RuleKind)} data-testid="rule-kind">
            {KINDS.map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        {info.flow && (
          <label className="field">
            Flow
            <select value={flowId} onChange={(e) => setFlowId(e.target.value)} required={info.flow === "required"} data-testid="rule-flow">
              <option value={ALL_FLOWS} disabled={info.flow === "required"}>
                {info.flow === "required" ? "Pick a flow…" : "All flows"}
              </option>
              {(flows.data ?? []).map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {info.partner && (
          <label className="field">
            Partner
            <select value={partnerId} onChange={(e) => setPartnerId(e.target.value)} data-testid="rule-partner">
              <option value={ALL_PARTNERS}>All partners</option>
              {(partners.data ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.environment})
                </option>
              ))}
            </select>
          </label>
        )}
        {info.threshold && (
          <label className="field alert-number">
            More than (N)
            <input className="input" type="number" min={0} max={1_000_000} step={1} required value={threshold} onChange={(e) => setThreshold(e.target.value)} data-testid="rule-threshold" />
          </label>
        )}
        {info.window && (
          <label className="field alert-number">
            {kind === "no_success" ? "For (M minutes)" : "In (M minutes)"}
            <input className="input" type="number" min={1} max={1440} step={1} required value={windowMinutes} onChange={(e) => setWindowMinutes(e.target.value)} data-testid="rule-window" />
          </label>
        )}
      </div>
      <p className="muted small alert-kind-help">{info.help}</p>
      <div className="field alert-webhook" data-testid="rule-webhook-field">
        <span>
          Slack-compatible webhook URL <span className="muted">(optional: without one, alerts show here only)</span>
        </span>
        {rule?.webhookSet && (
          <span className="conn-secret-state">
            <span className={webhook === "clear" ? "tag" : "tag tag-published"} data-testid="webhook-state">
              {webhook === "clear" ? "will be removed" : `set · ${rule.webhookHint ?? ""}`}
            </span>
            {webhook === "keep" && (
              <>
                <button type="button" className="link-button" onClick={() => setWebhook("replace")} data-testid="replace-webhook">
                  Replace
                </button>
                <button type="button" className="link-button" onClick={() => setWebhook("clear")} data-testid="clear-webhook">
                  Remove
                </button>
              </>
            )}
            {webhook !== "keep" && (
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setWebhook("keep");
                  setUrl("");
                }}
              >
                {webhook === "clear" ? "Undo" : "Keep current"}
              </button>
            )}
          </span>
        )}
        {webhook === "replace" && (
          <input
            className="input"
            type="url"
            spellCheck={false}
            autoComplete="off"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://hooks.slack.com/services/…"
            data-testid="rule-webhook"
          />
        )}
      </div>
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} data-testid="rule-enabled" />
        Enabled
      </label>
      <div className="alert-form-actions">
        <button type="submit" className="button" disabled={mutation.isPending || name.trim() === ""} data-testid="save-rule">
          {rule ? "Save" : "Create rule"}
        </button>
        <button type="button" className="button button-secondary" onClick={onDone} data-testid="cancel-rule">
          Cancel
        </button>
      </div>
      {mutation.error && (
        <p className="notice notice-error" role="alert" data-testid="rule-form-error">
          {mutation.error.message}
        </p>
      )}
    </form>
  );
}
