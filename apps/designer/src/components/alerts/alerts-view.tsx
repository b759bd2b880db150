"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { QueryError } from "@/components/query-error";
import { StatusBadge } from "@/components/status-badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { useMe } from "@/hooks/use-me";
import { formatDateTime, formatRelative } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import { deliveryState, type AlertItem } from "./describe";
import { RuleForm } from "./rule-form";
import { RULE_COLUMNS, RuleRow } from "./rule-row";

const REFRESH_MS = 10_000;

const HISTORY_COLUMNS: Column<AlertItem>[] = [
  { header: "Status", cell: (alert) => <StatusBadge status={alert.status} /> },
  { header: "Rule", className: "strong", cell: (alert) => alert.ruleName },
  { header: "Message", cell: (alert) => alert.message },
  { header: "Fired", className: "nowrap", cell: (alert) => formatDateTime(alert.firedAt) },
  { header: "Resolved", className: "nowrap", cell: (alert) => formatDateTime(alert.resolvedAt) },
  { header: "Notification", cell: (alert) => <Delivery alert={alert} /> },
];

/**
 * Alerts: what fires now, the rules (operators and admins edit them; everyone
 * sees them, never a webhook URL) and the recent history. The runtime evaluates
 * the rules every 30 seconds; alerts resolve by themselves when the condition clears.
 */
export function AlertsView() {
  const trpc = useTRPC();
  const { canOperate } = useMe();
  const [creating, setCreating] = useState(false);
  const alerts = useQuery(trpc.alerts.list.queryOptions({ limit: 100 }, { refetchInterval: REFRESH_MS }));
  const rules = useQuery(trpc.alerts.rules.queryOptions(undefined, { refetchInterval: REFRESH_MS }));
  const firing = (alerts.data ?? []).filter((a) => a.status === "firing");
  const history = (alerts.data ?? []).filter((a) => a.status !== "firing");

  return (
    <div className="page">
      <header className="page-header page-header-row">
        <div>
          <h1>Alerts</h1>
          <p className="muted">Rules the runtime checks every 30 seconds. An alert fires once, notifies the rule&apos;s webhook (Slack-compatible), and resolves by itself when the condition clears.</p>
        </div>
        {canOperate && !creating && (
          <button type="button" className="button" onClick={() => setCreating(true)} data-testid="new-rule">
            New rule
          </button>
        )}
      </header>
      <QueryError error={alerts.error ?? rules.error} />

      {alerts.data && firing.length === 0 && (
        <p className="notice notice-success" data-testid="alerts-none-firing">
          Nothing is firing.
        </p>
      )}
      {firing.length > 0 && (
        <section className="alert-firing-list" aria-label="Firing alerts">
          {firing.map((alert) => (
            <FiringAlert key={alert.id} alert={alert} />
          ))}
        </section>
      )}

      {creating && <RuleForm onDone={() => setCreating(false)} />}
      <h2>Rules</h2>
      <DataTable
        columns={RULE_COLUMNS}
        rows={rules.data}
        rowKey={(rule) => rule.id}
        renderRow={(rule) => <RuleRow rule={rule} canEdit={canOperate} />}
        loading={rules.isPending}
        empty={`No rules yet. ${canOperate ? "Create one to be told when dead letters pile up, a flow stops succeeding, or the queue backs up." : "Operators and admins create them."}`}
        testId="rules-table"
        wrapperClassName="card"
      />

      <h2>History</h2>
      <DataTable
        columns={HISTORY_COLUMNS}
        rows={alerts.data ? history : undefined}
        rowKey={(alert) => alert.id}
        rowProps={() => ({ "data-testid": "alert-history-row" })}
        empty="No resolved alerts yet. Alerts that fired and cleared are listed here."
        testId="alerts-history"
        wrapperClassName="card"
      />
    </div>
  );
}

function FiringAlert({ alert }: { alert: AlertItem }) {
  return (
    <article className="alert-firing" data-testid="alert-firing" data-rule-name={alert.ruleName}>
      <div className="alert-firing-head">
        <StatusBadge status="firing" />
        <strong>{alert.ruleName}</strong>
        <span className="muted small" title={alert.firedAt.toLocaleString()}>
          since {formatRelative(alert.firedAt)}
        </span>
        <span className="spacer" />
        <Delivery alert={alert} />
      </div>
      <p className="alert-firing-message">{alert.message}</p>
    </article>
  );
}

function Delivery({ alert }: { alert: AlertItem }) {
  const state = deliveryState(alert);
  return (
    <span className={`alert-delivery alert-delivery-${state.tone}`} data-testid="alert-delivery">
      {state.text}
    </span>
  );
}
