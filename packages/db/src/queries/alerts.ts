import { and, desc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { alertRules, alerts, flows, tradingPartners, type alertRuleKind, type alertStatus } from "../schema";
import type { KeyRing } from "../secrets";
import { webhookHint } from "./alert-notifications";
import { writeAudit, type AuditActor } from "./audit";
import { EncryptionKeyMissingError } from "./connections";
import { NotFoundError } from "../errors";
import { isForeignKeyViolation } from "./pg-errors";


export type AlertRuleKind = (typeof alertRuleKind.enumValues)[number];
export type AlertStatus = (typeof alertStatus.enumValues)[number];
export type AlertRuleRow = typeof alertRules.$inferSelect;

/**
 * What every read path returns: the rule without its sealed webhook; only whether
 * one is set and its hint (the URL is a credential, like a connection secret).
 */
export interface AlertRuleView {
  id: string;
  name: string;
  kind: AlertRuleKind;
  flowId: string | null;
  flowName: string | null;
  /** edi_overdue: the partner watched (null: every partner). */
  partnerId: string | null;
  partnerName: string | null;
  threshold: number;
  windowMinutes: number;
  enabled: boolean;
  webhookSet: boolean;
  webhookHint: string | null;
  /** A firing alert of this rule exists now. */
  firing: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface AlertView {
  id: string;
  ruleId: string;
  ruleName: string;
  kind: AlertRuleKind;
  flowId: string | null;
  flowName: string | null;
  status: AlertStatus;
  message: string;
  value: number;
  firedAt: Date;
  resolvedAt: Date | null;
  notifiedAt: Date | null;
  notifyError: string | null;
  webhookSet: boolean;
}

/** The editable, non-secret fields of a rule. */
export interface AlertRuleFields {
  name: string;
  kind: AlertRuleKind;
  flowId: string | null;
  /** edi_overdue only; absent keeps (update) or means every partner (create). */
  partnerId?: string | null;
  threshold: number;
  windowMinutes: number;
  enabled: boolean;
}

const webhookIsSet = sql<boolean>`jsonb_typeof(${alertRules.webhook}) = 'object'`;

/** The one projection of a rule for responses: every column but `webhook`. */
const ruleView = {
  id: alertRules.id,
  name: alertRules.name,
  kind: alertRules.kind,
  flowId: alertRules.flowId,
  flowName: flows.name,
  partnerId: alertRules.partnerId,
  partnerName: tradingPartners.name,
  threshold: alertRules.threshold,
  windowMinutes: alertRules.windowMinutes,
  enabled: alertRules.enabled,
  webhookSet: sql<boolean>`coalesce(${webhookIsSet}, false)`,
  webhookHint: alertRules.webhookHint,
  firing: sql<boolean>`exists (select 1 from ${alerts} where ${alerts.ruleId} = ${alertRules.id} and ${alerts.status} = 'firing')`,
  createdAt: alertRules.createdAt,
  updatedAt: alertRules.updatedAt,
};

export async function listAlertRules(db: Db): Promise<AlertRuleView[]> {
  return db.select(ruleView).from(alertRules).leftJoin(flows, eq(flows.id, alertRules.flowId)).leftJoin(tradingPartners, eq(tradingPartners.id, alertRules.partnerId)).orderBy(sql`lower(${alertRules.name})`, alertRules.id);
}

export async function getAlertRule(db: Db | Tx, id: string): Promise<AlertRuleView> {
  const [row] = await db
    .select(ruleView)
    .from(alertRules)
    .leftJoin(flows, eq(flows.id, alertRules.flowId))
    .leftJoin(tradingPartners, eq(tradingPartners.id, alertRules.partnerId))
    .where(eq(alertRules.id, id));
  if (!row) throw new NotFoundError(`Alert rule ${id} does not exist`);
  return row;
}

/** The stored row with its sealed webhook: for the server only (sending a notification), never for a response. */
export async function getAlertRuleRow(db: Db | Tx, id: string, options: { forUpdate?: boolean } = {}): Promise<AlertRuleRow> {
  const query = db.select().from(alertRules).where(eq(alertRules.id, id)).limit(1);
  const [row] = options.forUpdate ? await query.for("update") : await query;
  if (!row) throw new NotFoundError(`Alert rule ${id} does not exist`);
  return row;
}

/** A webhook URL sealed with the ring's current key, and its hint; null clears. */
function sealWebhook(keyRing: KeyRing | null, url: string | null) {
  if (url === null) return { webhook: null, webhookHint: null };
  if (!keyRing) throw new EncryptionKeyMissingError();
  return { webhook: keyRing.encrypt(url), webhookHint: webhookHint(url) };
}

/** A missing flow is a foreign-key violation: reported as not found, naming the id only. */
async function withFlowCheck<T>(flowId: string | null | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isForeignKeyViolation(err, "alert_rules_flow_id_flows_id_fk")) throw new NotFoundError(`Flow ${flowId} does not exist`);
    if (isForeignKeyViolation(err, "alert_rules_partner_id_trading_partners_id_fk")) throw new NotFoundError("That trading partner does not exist");
    throw err;
  }
}

/** Audit summaries hold the rule's fields and whether the webhook changed, never the URL or its envelope. */
const auditFields = (fields: Partial<AlertRuleFields>) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));

export async function createAlertRule(
  db: Db,
  params: AlertRuleFields & { webhookUrl: string | null; keyRing: KeyRing | null; actor: AuditActor | null },
): Promise<AlertRuleView> {
  const sealed = sealWebhook(params.keyRing, params.webhookUrl);
  const fields: AlertRuleFields = {
    name: params.name,
    kind: params.kind,
    flowId: params.flowId,
    partnerId: params.partnerId ?? null,
    threshold: params.threshold,
    windowMinutes: params.windowMinutes,
    enabled: params.enabled,
  };
  return withFlowCheck(params.flowId, () =>
    db.transaction(async (tx) => {
      const [row] = await tx
        .insert(alertRules)
        .values({ ...fields, ...sealed, createdBy: params.actor?.id ?? null })
        .returning({ id: alertRules.id });
      if (!row) throw new Error("insert returned no row");
      await writeAudit(tx, params.actor, {
        action: "alert_rule.create",
        targetType: "alert_rule",
        targetId: row.id,
        summary: { ...fields, webhook: sealed.webhook ? "set" : "none" },
      });
      return getAlertRule(tx, row.id);
    }),
  );
}

/** Given fields replace; `webhookUrl`: a string replaces (sealed anew), null clears, undefined keeps. */
export async function updateAlertRule(
  db: Db,
  params: Partial<AlertRuleFields> & { id: string; webhookUrl?: string | null; keyRing: KeyRing | null; actor: AuditActor | null },
): Promise<AlertRuleView> {
  const sealed = params.webhookUrl === undefined ? null : sealWebhook(params.keyRing, params.webhookUrl);
  const fields = auditFields({ name: params.name, kind: params.kind, flowId: params.flowId, partnerId: params.partnerId, threshold: params.threshold, windowMinutes: params.windowMinutes, enabled: params.enabled });
  return withFlowCheck(params.flowId, () =>
    db.transaction(async (tx) => {
      const before = await getAlertRuleRow(tx, params.id, { forUpdate: true });
      await tx
        .update(alertRules)
        .set({ ...fields, ...sealed, updatedAt: sql`now()` })
        .where(eq(alertRules.id, params.id));
      const changes = Object.fromEntries(
        Object.entries(fields)
          .filter(([key, value]) => before[key as keyof AlertRuleFields] !== value)
          .map(([key, value]) => [key, { before: before[key as keyof AlertRuleFields], after: value }]),
      );
      const webhook = sealed === null ? undefined : sealed.webhook ? "replaced" : "cleared";
      await writeAudit(tx, params.actor, {
        action: "alert_rule.update",
        targetType: "alert_rule",
        targetId: params.id,
        summary: { name: before.name, ...(Object.keys(changes).length > 0 && { changes }), ...(webhook && { webhook }) },
      });
      return getAlertRule(tx, params.id);
    }),
  );
}

/** Deletes the rule and (cascade) its alerts. */
export async function deleteAlertRule(db: Db, params: { id: string; actor: AuditActor | null }): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await getAlertRuleRow(tx, params.id, { forUpdate: true });
    await tx.delete(alertRules).where(eq(alertRules.id, row.id));
    await writeAudit(tx, params.actor, {
      action: "alert_rule.delete",
      targetType: "alert_rule",
      targetId: row.id,
      summary: { name: row.name, kind: row.kind, flowId: row.flowId },
    });
  });
}

/** Firing alerts first (all of them: at most one per rule), then the most recent resolved ones. */
export async function listAlerts(db: Db, params: { limit?: number; ruleId?: string } = {}): Promise<AlertView[]> {
  return db
    .select({
      id: alerts.id,
      ruleId: alerts.ruleId,
      ruleName: alertRules.name,
      kind: alertRules.kind,
      flowId: alertRules.flowId,
      flowName: flows.name,
      status: alerts.status,
      message: alerts.message,
      value: alerts.value,
      firedAt: alerts.firedAt,
      resolvedAt: alerts.resolvedAt,
      notifiedAt: alerts.notifiedAt,
      notifyError: alerts.notifyError,
      webhookSet: sql<boolean>`coalesce(${webhookIsSet}, false)`,
    })
    .from(alerts)
    .innerJoin(alertRules, eq(alertRules.id, alerts.ruleId))
    .leftJoin(flows, eq(flows.id, alertRules.flowId))
    .where(params.ruleId ? eq(alerts.ruleId, params.ruleId) : undefined)
    .orderBy(sql`(${alerts.status} = 'firing') desc`, desc(sql`coalesce(${alerts.resolvedAt}, ${alerts.firedAt})`), desc(alerts.id))
    .limit(params.limit ?? 50);
}

export async function countFiringAlerts(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(alerts).where(and(eq(alerts.status, "firing")));
  return Number(row?.n ?? 0);
}
