import {
  BadRequestError,
  createAlertRule,
  getAlertRule,
  getAlertRuleRow,
  KeyRingError,
  postWebhook,
  slackMessage,
  updateAlertRule,
  writeAudit,
  type AlertRuleFields,
  type AlertRuleView,
  type AuditActor,
  type Db,
  type KeyRing,
  type SecretEnvelope,
} from "@ipaas/db";
import type { OutboundPolicy } from "@ipaas/connectors";
import { keyRequired, missingKey } from "./connections";

// Reads and deletes need no logic beyond the queries.
export { countFiringAlerts, deleteAlertRule, listAlertRules, listAlerts } from "@ipaas/db";

interface WriteParams {
  keyRing: KeyRing | null;
  actor: AuditActor;
}

/**
 * Rules that need more than per-field checks: no_success watches one flow, a
 * queue_depth rule has no flow (the queue is shared), and an edi_overdue rule watches
 * partners, not flows; a scope the kind does not use is dropped.
 */
function checkedFields<T extends Partial<AlertRuleFields>>(fields: T, merged: Pick<AlertRuleFields, "kind" | "flowId">): T {
  if (merged.kind === "no_success" && !merged.flowId) throw new BadRequestError("flowId: a no_success rule watches one flow; pick it");
  const withoutFlow = (merged.kind === "queue_depth" || merged.kind === "edi_overdue") && merged.flowId ? { ...fields, flowId: null } : fields;
  return merged.kind !== "edi_overdue" && fields.partnerId ? { ...withoutFlow, partnerId: null } : withoutFlow;
}

const NO_KEY = "webhook URLs cannot be saved or used (rules without one still show in the UI)";

export async function createRule(db: Db, params: WriteParams & AlertRuleFields & { webhookUrl: string | null }): Promise<AlertRuleView> {
  return keyRequired(() => createAlertRule(db, checkedFields(params, params)), NO_KEY);
}

/** Given fields replace; `webhookUrl`: a string replaces, null clears, absent keeps (write-only, like connection secrets). */
export async function updateRule(db: Db, params: WriteParams & Partial<AlertRuleFields> & { id: string; webhookUrl?: string | null }): Promise<AlertRuleView> {
  const current = await getAlertRule(db, params.id);
  const merged = { kind: params.kind ?? current.kind, flowId: params.flowId === undefined ? current.flowId : params.flowId };
  return keyRequired(() => updateAlertRule(db, checkedFields(params, merged)), NO_KEY);
}

/**
 * Sends a test message to the rule's saved webhook, under the outbound network
 * policy. The result message names the failure (HTTP status, timeout, refused
 * connection, the policy's rule) and never the URL or the answer's body.
 */
export async function testNotification(db: Db, params: WriteParams & { id: string; outbound: OutboundPolicy }): Promise<{ ok: boolean; message: string }> {
  const row = await getAlertRuleRow(db, params.id);
  if (!row.webhook) throw new BadRequestError("This rule has no webhook URL: its alerts show in the UI only");
  if (!params.keyRing) throw missingKey(NO_KEY);
  let result: { ok: boolean; error?: string };
  try {
    const url = params.keyRing.decrypt(row.webhook as SecretEnvelope);
    const body = slackMessage({ transition: "test", ruleName: row.name, message: "Test notification: alerts of this rule will arrive here." });
    result = await postWebhook(url, body, { fetch: (target, init) => params.outbound.fetch(target, init) });
  } catch (err) {
    // KeyRingError messages name the key id only; postWebhook itself never throws.
    result = { ok: false, error: err instanceof KeyRingError ? err.message : "the webhook URL cannot be opened" };
  }
  const message = result.ok ? "Delivered: the webhook accepted the test message." : `Delivery failed: ${result.error}`;
  await writeAudit(db, params.actor, { action: "alert_rule.test", targetType: "alert_rule", targetId: row.id, summary: { name: row.name, ok: result.ok, message } });
  return { ok: result.ok, message };
}
