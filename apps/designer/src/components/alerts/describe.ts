import type { RouterOutputs } from "@/trpc/types";

export type AlertRule = RouterOutputs["alerts"]["rules"][number];
export type AlertItem = RouterOutputs["alerts"]["list"][number];
export type RuleKind = AlertRule["kind"];

/** The rule kinds, with which of flow (F), partner, threshold (N) and window (M) each uses; mirrors schema/alerts.ts. */
export const KINDS: ReadonlyArray<{ id: RuleKind; label: string; help: string; flow: "optional" | "required" | null; partner?: boolean; threshold: boolean; window: boolean }> = [
  {
    id: "dead_letters",
    label: "Dead letters",
    help: "Fires when more than N dead letters created in the last M minutes are still open, for one flow or all of them.",
    flow: "optional",
    threshold: true,
    window: true,
  },
  {
    id: "no_success",
    label: "No successful run",
    help: "Fires when an enabled, published flow had no successful run for M minutes (a new flow counts from its publish time).",
    flow: "required",
    threshold: false,
    window: true,
  },
  {
    id: "queue_depth",
    label: "Queue depth",
    help: "Fires when more than N jobs wait in the runs queue (waiting + delayed), across all flows.",
    flow: null,
    threshold: true,
    window: false,
  },
  {
    id: "connection_offline",
    label: "Connection offline",
    help: "Fires when more than N connections (of one flow, or any) are offline — their flows' schedules and polls are paused and their runs wait; resolves (\"recovered\") when a connection test passes again.",
    flow: "optional",
    threshold: true,
    window: false,
  },
  {
    id: "edi_overdue",
    label: "EDI overdue",
    help: "Fires when more than N expected EDI documents (their 997 for what we sent, our 855/856/810 for their 850) are past their due time, for one trading partner or all; the message names partner, document and reference. Resolves when they arrive.",
    flow: null,
    partner: true,
    threshold: true,
    window: false,
  },
];

export const kindInfo = (kind: RuleKind) => KINDS.find((k) => k.id === kind)!;

/** The rule's condition in one line: "> 3 open dead letters in 15 min". */
export function describeCondition(rule: Pick<AlertRule, "kind" | "threshold" | "windowMinutes" | "flowName"> & Partial<Pick<AlertRule, "partnerName">>): string {
  switch (rule.kind) {
    case "dead_letters":
      return `> ${rule.threshold} open dead letters in ${rule.windowMinutes} min · ${rule.flowName ?? "all flows"}`;
    case "no_success":
      return `no successful run of ${rule.flowName ?? "?"} for ${rule.windowMinutes} min`;
    case "queue_depth":
      return `> ${rule.threshold} jobs waiting in the runs queue`;
    case "connection_offline":
      return `> ${rule.threshold} connections offline · ${rule.flowName ? `used by ${rule.flowName}` : "any connection"}`;
    case "edi_overdue":
      return `> ${rule.threshold} EDI documents overdue · ${rule.partnerName ?? "all partners"}`;
  }
}

/** Where the alert's webhook delivery stands. */
export function deliveryState(alert: AlertItem): { text: string; tone: "ok" | "pending" | "error" | "none" } {
  if (!alert.webhookSet) return { text: "UI only", tone: "none" };
  if (alert.notifyError) return { text: `delivery failed: ${alert.notifyError} (retrying)`, tone: "error" };
  if (!alert.notifiedAt) return { text: "webhook pending", tone: "pending" };
  return { text: "webhook notified", tone: "ok" };
}
