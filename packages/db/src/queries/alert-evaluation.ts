import { and, asc, eq, gte, isNull, max, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { alertRules, alerts, deadLetters, flows, flowVersions, runs, tradingPartners } from "../schema";
import type { SecretEnvelope } from "../secrets";
import type { AlertRuleKind } from "../enums";
import type { DeliveryResult } from "./alert-notifications";

/**
 * The queries of the runtime's alert evaluator (apps/runtime/src/maintenance/alerts.ts):
 * what a rule measures, and the alert lifecycle. Dedup lives in the database — the
 * unique index "one firing alert per rule" — so repeated ticks, or two replicas
 * evaluating at once, raise one alert.
 */

/** A rule with what evaluating it needs to know about its flow. */
export interface RuleToEvaluate {
  id: string;
  name: string;
  kind: AlertRuleKind;
  flowId: string | null;
  flowName: string | null;
  flowEnabled: boolean | null;
  /** When the flow's current version was published; null when it is not published. */
  publishedAt: Date | null;
  /** edi_overdue: the partner watched, or null for all. */
  partnerId: string | null;
  partnerName: string | null;
  threshold: number;
  windowMinutes: number;
  enabled: boolean;
  createdAt: Date;
}

export async function rulesToEvaluate(db: Db): Promise<RuleToEvaluate[]> {
  return db
    .select({
      id: alertRules.id,
      name: alertRules.name,
      kind: alertRules.kind,
      flowId: alertRules.flowId,
      flowName: flows.name,
      flowEnabled: flows.enabled,
      publishedAt: flowVersions.publishedAt,
      partnerId: alertRules.partnerId,
      partnerName: tradingPartners.name,
      threshold: alertRules.threshold,
      windowMinutes: alertRules.windowMinutes,
      enabled: alertRules.enabled,
      createdAt: alertRules.createdAt,
    })
    .from(alertRules)
    .leftJoin(flows, eq(flows.id, alertRules.flowId))
    .leftJoin(flowVersions, eq(flowVersions.id, flows.publishedVersionId))
    .leftJoin(tradingPartners, eq(tradingPartners.id, alertRules.partnerId))
    .orderBy(asc(alertRules.createdAt), asc(alertRules.id));
}

/** Dead letters created since `since` that are still open, for one flow or all (dead_letters_status_created_idx). */
export async function countOpenDeadLettersSince(db: Db, params: { flowId: string | null; since: Date }): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(deadLetters)
    .where(and(eq(deadLetters.status, "open"), gte(deadLetters.createdAt, params.since), params.flowId ? eq(deadLetters.flowId, params.flowId) : undefined));
  return Number(row?.n ?? 0);
}

/**
 * When the flow's last succeeded run finished, looking at runs created since
 * `since` only (runs_flow_created_idx keeps it bounded); null when none did.
 */
export async function lastSucceededRunAt(db: Db, params: { flowId: string; since: Date }): Promise<Date | null> {
  const [row] = await db
    .select({ at: max(runs.finishedAt) })
    .from(runs)
    .where(and(eq(runs.flowId, params.flowId), gte(runs.createdAt, params.since), eq(runs.status, "succeeded")));
  return row?.at ? new Date(row.at) : null;
}

/**
 * Raises the rule's alert: a new firing row, or, while one is firing, its latest
 * value and message. "fired" only for a new row: that is the transition to notify.
 */
export async function raiseAlert(db: Db, params: { ruleId: string; value: number; message: string; now: Date }): Promise<"fired" | "updated"> {
  const inserted = await db
    .insert(alerts)
    .values({ ruleId: params.ruleId, value: params.value, message: params.message, firedAt: params.now })
    .onConflictDoNothing()
    .returning({ id: alerts.id });
  if (inserted.length > 0) return "fired";
  await db
    .update(alerts)
    .set({ value: params.value, message: params.message })
    .where(and(eq(alerts.ruleId, params.ruleId), eq(alerts.status, "firing"), sql`(${alerts.value}, ${alerts.message}) is distinct from (${params.value}::float8, ${params.message}::text)`));
  return "updated";
}

/**
 * Resolves the rule's firing alert, if any. Its notification becomes pending again
 * (notified_at null): the resolve message replaces a fire message not yet delivered.
 */
export async function resolveAlert(db: Db, params: { ruleId: string; now: Date }): Promise<boolean> {
  const resolved = await db
    .update(alerts)
    .set({ status: "resolved", resolvedAt: params.now, notifiedAt: null, notifyError: null })
    .where(and(eq(alerts.ruleId, params.ruleId), eq(alerts.status, "firing")))
    .returning({ id: alerts.id });
  return resolved.length > 0;
}

/** How long a resolved alert's undelivered notification is retried. Firing ones are retried while they fire. */
const RESOLVED_RETRY_MS = 24 * 3_600_000;

/** Alerts whose latest transition is not delivered yet, on rules that have a webhook; oldest first. */
export async function pendingAlertNotifications(db: Db, params: { now: Date; limit: number }): Promise<string[]> {
  const rows = await db
    .select({ id: alerts.id })
    .from(alerts)
    .innerJoin(alertRules, eq(alertRules.id, alerts.ruleId))
    .where(
      and(
        isNull(alerts.notifiedAt),
        sql`jsonb_typeof(${alertRules.webhook}) = 'object'`,
        or(eq(alerts.status, "firing"), gte(alerts.resolvedAt, new Date(params.now.getTime() - RESOLVED_RETRY_MS))),
      ),
    )
    .orderBy(asc(alerts.firedAt))
    .limit(params.limit);
  return rows.map((r) => r.id);
}

export interface AlertNotification {
  alertId: string;
  ruleName: string;
  status: "firing" | "resolved";
  message: string;
  firedAt: Date;
  resolvedAt: Date | null;
  webhook: SecretEnvelope;
}

/**
 * Delivers one pending notification under a row lock held for the send: a replica
 * evaluating at the same time skips the alert (skip locked), a resolve waits for
 * the send and then makes its own notification pending, and a crash mid-send
 * rolls back, so the next tick sends again (at least once). The result is stored:
 * notified_at on success, notify_error (the notification stays pending) on failure.
 */
export async function deliverAlertNotification(
  db: Db,
  params: { alertId: string; now: Date; send: (notification: AlertNotification) => Promise<DeliveryResult> },
): Promise<"sent" | "failed" | "skipped"> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ alert: alerts, ruleName: alertRules.name, webhook: alertRules.webhook })
      .from(alerts)
      .innerJoin(alertRules, eq(alertRules.id, alerts.ruleId))
      .where(and(eq(alerts.id, params.alertId), isNull(alerts.notifiedAt)))
      .for("update", { of: alerts, skipLocked: true });
    if (!row || !row.webhook || typeof row.webhook !== "object") return "skipped";
    const { alert } = row;
    const result = await params.send({
      alertId: alert.id,
      ruleName: row.ruleName,
      status: alert.status,
      message: alert.message,
      firedAt: alert.firedAt,
      resolvedAt: alert.resolvedAt,
      webhook: row.webhook as SecretEnvelope,
    });
    await tx
      .update(alerts)
      .set(result.ok ? { notifiedAt: params.now, notifyError: null } : { notifyError: result.error.slice(0, 500) })
      .where(eq(alerts.id, alert.id));
    return result.ok ? "sent" : "failed";
  });
}
