"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { QueryError } from "@/components/query-error";
import { FlowRetentionRow } from "@/components/settings/flow-retention-row";
import { useMe } from "@/hooks/use-me";
import { useTRPC } from "@/trpc/client";

/**
 * Retention of this flow's runs and payloads. Its home is the flow's row (the Retention
 * page edits the same values, admins only: it deletes history), so this is that page's
 * row for this flow, not a copy kept in the definition.
 */
export function FlowRetention({ flowId }: { flowId: string }) {
  const trpc = useTRPC();
  const { isAdmin } = useMe();
  const overview = useQuery({ ...trpc.retention.overview.queryOptions(), enabled: isAdmin });
  const flow = overview.data?.flows.find((f) => f.flowId === flowId);
  return (
    <fieldset className="np-group" data-testid="settings-retention">
      <legend className="np-label">Retention</legend>
      {!isAdmin ? (
        <span className="muted small">Payloads and runs are kept for the installation&apos;s defaults unless an admin sets this flow&apos;s own on the Retention page.</span>
      ) : overview.error ? (
        <QueryError error={overview.error} />
      ) : !overview.data || !flow ? (
        <span className="muted small">Loading…</span>
      ) : (
        <div className="np-table-wrap">
          <table className="table np-table">
            <thead>
              <tr>
                <th>Flow</th>
                <th>Payload days</th>
                <th>Run days</th>
                <th>Runs</th>
                <th>Oldest</th>
                <th>Payloads</th>
                <th />
              </tr>
            </thead>
            <tbody>
              <FlowRetentionRow flow={flow} defaults={overview.data.defaults} estimated={overview.data.estimated} />
            </tbody>
          </table>
        </div>
      )}
    </fieldset>
  );
}

/** The two alerts most flows want, one click each; the rules live on the Alerts page (webhook, thresholds). */
const SHORTCUTS = [
  { kind: "dead_letters", label: "Alert on any dead letter (15 min)", threshold: 0, windowMinutes: 15, suffix: "dead letters" },
  { kind: "no_success", label: "Alert when no run succeeds for 60 min", threshold: 0, windowMinutes: 60, suffix: "no success" },
] as const;

/** This flow's alert rules, and shortcuts that create the usual ones (operators and admins manage rules). */
export function FlowAlerts({ flowId, flowName }: { flowId: string; flowName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canOperate } = useMe();
  const rules = useQuery(trpc.alerts.rules.queryOptions());
  const create = useMutation(trpc.alerts.createRule.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.alerts.rules.queryKey() }) }));
  const mine = (rules.data ?? []).filter((r) => r.flowId === flowId);
  return (
    <fieldset className="np-group" data-testid="settings-alerts">
      <legend className="np-label">Alerts</legend>
      {mine.length === 0 ? (
        <span className="muted small">No alert rule watches this flow.</span>
      ) : (
        <ul className="small" style={{ margin: 0, paddingLeft: 16 }}>
          {mine.map((r) => (
            <li key={r.id} data-testid="settings-alert-rule">
              {r.name} {r.firing && <span className="tag tag-error">firing</span>} {!r.webhookSet && <span className="muted">(no webhook yet)</span>}
            </li>
          ))}
        </ul>
      )}
      {canOperate &&
        SHORTCUTS.filter((s) => !mine.some((r) => r.kind === s.kind)).map((s) => (
          <button
            key={s.kind}
            type="button"
            className="button button-small button-secondary"
            disabled={create.isPending}
            onClick={() => create.mutate({ name: `${flowName}: ${s.suffix}`, kind: s.kind, flowId, threshold: s.threshold, windowMinutes: s.windowMinutes })}
            data-testid={`alert-shortcut-${s.kind}`}
          >
            {s.label}
          </button>
        ))}
      <QueryError error={create.error} />
      <Link href="/alerts" className="small">
        Webhooks and thresholds on the Alerts page
      </Link>
    </fieldset>
  );
}
