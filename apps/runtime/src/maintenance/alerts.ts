import {
  countOpenDeadLettersSince,
  deliverAlertNotification,
  KeyRingError,
  lastSucceededRunAt,
  offlineConnections,
  overdueExpectations,
  pendingAlertNotifications,
  postWebhook,
  raiseAlert,
  resolveAlert,
  rulesToEvaluate,
  slackMessage,
  type AlertNotification,
  type Db,
  type DeliveryResult,
  type ExpectationKind,
  type KeyRing,
  type RuleToEvaluate,
} from "@ipaas/db";
import type { OutboundPolicy } from "@ipaas/connectors";
import type { Queue } from "bullmq";
import type { Logger } from "../logger";
import type { MaintenanceTask } from "./index";

export const ALERTS_EVERY_MS = 30_000;
/** A no_success rule looks this far back for the last success (windows are at most a day). */
const NO_SUCCESS_LOOKBACK_MS = 7 * 24 * 3_600_000;
/** Notifications sent per tick, and at once (each holds a connection for up to the webhook timeout). */
const NOTIFY_PER_TICK = 20;
const NOTIFY_PARALLEL = 4;

export interface AlertDeps {
  db: Db;
  queue: Pick<Queue, "getJobCounts">;
  /** Opens the sealed webhook URLs; without it notifications fail (and are retried) with a readable error. */
  keyRing: KeyRing | null;
  /** Webhook URLs are user input: delivered under the outbound network policy like connector requests. */
  outbound: OutboundPolicy;
  now?: Date;
  logger?: Pick<Logger, "warn">;
  timeoutMs?: number;
}

export interface AlertTick {
  rules: number;
  fired: number;
  resolved: number;
  notified: number;
  notifyFailed: number;
  /** Rules whose measurement failed this tick (logged; the others were still evaluated). */
  errors: number;
}

interface Measurement {
  firing: boolean;
  value: number;
  message: string;
}

type Backlog = { waiting: number; delayed: number; prioritized: number };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** What an expectation waits for, as an alert message names it. */
const EXPECTATION_LABELS: Record<ExpectationKind, string> = {
  ack997_theirs: "their 997",
  ack997_ours: "our 997",
  po_ack_855: "our 855",
  asn_856: "our 856",
  invoice_810: "our 810",
};

/** What a rule measures now, and whether that fires it (the kinds are described in schema/alerts.ts). */
async function measure(db: Db, rule: RuleToEvaluate, now: Date, backlog: () => Promise<Backlog>): Promise<Measurement> {
  switch (rule.kind) {
    case "dead_letters": {
      const count = await countOpenDeadLettersSince(db, { flowId: rule.flowId, since: new Date(now.getTime() - rule.windowMinutes * 60_000) });
      const scope = rule.flowName ? `flow "${rule.flowName}"` : "all flows";
      return { firing: count > rule.threshold, value: count, message: `${plural(count, "open dead letter")} in the last ${rule.windowMinutes} min on ${scope} (alert above ${rule.threshold})` };
    }
    case "no_success": {
      // Only a flow that can run is expected to succeed; a new one (or a new rule) counts from its publish time (or the rule's creation).
      if (!rule.flowId || !rule.flowEnabled || !rule.publishedAt) return { firing: false, value: 0, message: `Flow "${rule.flowName ?? "?"}" is disabled or not published` };
      const floor = Math.max(rule.publishedAt.getTime(), rule.createdAt.getTime(), now.getTime() - NO_SUCCESS_LOOKBACK_MS);
      const last = await lastSucceededRunAt(db, { flowId: rule.flowId, since: new Date(floor) });
      const elapsedMs = now.getTime() - Math.max(floor, last?.getTime() ?? floor);
      const minutes = Math.floor(elapsedMs / 60_000);
      const since = last ? "" : " since it was published or the rule created";
      return {
        firing: elapsedMs >= rule.windowMinutes * 60_000,
        value: minutes,
        message: `No successful run of flow "${rule.flowName}" for ${minutes} min${since} (alert at ${rule.windowMinutes} min)`,
      };
    }
    case "queue_depth": {
      const { waiting, delayed, prioritized } = await backlog();
      const depth = waiting + delayed + prioritized;
      return {
        firing: depth > rule.threshold,
        value: depth,
        message: `${plural(depth, "job")} waiting in the runs queue (${waiting} waiting, ${delayed} delayed, ${prioritized} prioritized; alert above ${rule.threshold})`,
      };
    }
    case "connection_offline": {
      // Resolving this alert is the "recovered" notice (docs/architecture.md "Connection health").
      const offline = await offlineConnections(db, { flowId: rule.flowId });
      const scope = rule.flowName ? ` used by flow "${rule.flowName}"` : "";
      const names = offline.map((c) => `"${c.name}" (${c.environment})${c.lastError ? `: ${c.lastError.slice(0, 200)}` : ""}`);
      return {
        firing: offline.length > rule.threshold,
        value: offline.length,
        message: offline.length
          ? `${plural(offline.length, "connection")}${scope} offline, flows calling them paused: ${names.join("; ")}`
          : `No connection${scope} is offline`,
      };
    }
    case "edi_overdue": {
      // Resolves when the partner's documents arrive (expectations met) — docs/architecture.md "EDI compliance".
      const { count, oldest } = await overdueExpectations(db, { now, partnerId: rule.partnerId });
      const scope = rule.partnerName ? ` for partner "${rule.partnerName}"` : "";
      const items = oldest.map((e) => `${e.partnerName}: ${EXPECTATION_LABELS[e.kind]} for ${e.setId} ${e.reference ?? e.controlNumber} (due ${e.dueAt.toISOString()})`);
      return {
        firing: count > rule.threshold,
        value: count,
        message: count
          ? `${plural(count, "EDI document")} overdue${scope}: ${items.join("; ")}${count > items.length ? `; and ${count - items.length} more` : ""} (alert above ${rule.threshold})`
          : `No EDI document overdue${scope}`,
      };
    }
  }
}

/** Opens the webhook URL and posts the Slack-compatible message. Error texts never contain the URL. */
async function send(deps: AlertDeps, notification: AlertNotification): Promise<DeliveryResult> {
  if (!deps.keyRing) return { ok: false, error: "IPAAS_ENCRYPTION_KEY is not set: the webhook URL cannot be opened" };
  let url: string;
  try {
    url = deps.keyRing.decrypt(notification.webhook);
  } catch (err) {
    // KeyRingError messages name the key id only.
    return { ok: false, error: err instanceof KeyRingError ? err.message : "the webhook URL cannot be opened" };
  }
  const body = slackMessage({
    transition: notification.status,
    ruleName: notification.ruleName,
    message: notification.message,
    firedAt: notification.firedAt,
    resolvedAt: notification.resolvedAt,
  });
  return postWebhook(url, body, { fetch: (target, init) => deps.outbound.fetch(target, init), ...(deps.timeoutMs && { timeoutMs: deps.timeoutMs }) });
}

/**
 * One tick: evaluate every rule (a firing alert per rule at most — the database
 * dedups — resolved when its condition clears or the rule is disabled), then
 * deliver pending notifications, fire and resolve alike. Safe to repeat and to
 * run on several replicas: a failed rule or delivery is logged and retried on the
 * next tick, never thrown.
 */
export async function evaluateAlerts(deps: AlertDeps): Promise<AlertTick> {
  const now = deps.now ?? new Date();
  const tick: AlertTick = { rules: 0, fired: 0, resolved: 0, notified: 0, notifyFailed: 0, errors: 0 };
  let counts: Promise<Backlog> | null = null;
  const backlog = () =>
    (counts ??= deps.queue.getJobCounts("waiting", "delayed", "prioritized").then((c) => ({ waiting: c.waiting ?? 0, delayed: c.delayed ?? 0, prioritized: c.prioritized ?? 0 })));

  for (const rule of await rulesToEvaluate(deps.db)) {
    tick.rules++;
    try {
      const measured = rule.enabled ? await measure(deps.db, rule, now, backlog) : null;
      if (measured?.firing) {
        if ((await raiseAlert(deps.db, { ruleId: rule.id, value: measured.value, message: measured.message, now })) === "fired") tick.fired++;
      } else if (await resolveAlert(deps.db, { ruleId: rule.id, now })) {
        tick.resolved++;
      }
    } catch (err) {
      tick.errors++;
      deps.logger?.warn({ ruleId: rule.id, err: err instanceof Error ? err.message : String(err) }, "alert rule evaluation failed");
    }
  }

  const pending = await pendingAlertNotifications(deps.db, { now, limit: NOTIFY_PER_TICK });
  for (let i = 0; i < pending.length; i += NOTIFY_PARALLEL) {
    await Promise.all(
      pending.slice(i, i + NOTIFY_PARALLEL).map(async (alertId) => {
        let failure: string | null = null;
        try {
          const outcome = await deliverAlertNotification(deps.db, {
            alertId,
            now,
            send: async (notification) => {
              const result = await send(deps, notification);
              if (!result.ok) failure = result.error;
              return result;
            },
          });
          if (outcome === "sent") tick.notified++;
          if (outcome === "failed") tick.notifyFailed++;
        } catch (err) {
          tick.notifyFailed++;
          failure = err instanceof Error ? err.message : String(err); // a database error: it has no URL to give away
        }
        if (failure) deps.logger?.warn({ alertId, error: failure }, "alert notification failed; retrying on the next tick");
      }),
    );
  }
  return tick;
}

export function alertsTask(deps: Omit<AlertDeps, "now">): MaintenanceTask {
  return { name: "alerts", everyMs: ALERTS_EVERY_MS, run: () => evaluateAlerts(deps) };
}
