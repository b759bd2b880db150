import { getFlow, getFlowVersion, updateFlowEnabled, writeAudit, type AuditActor, type Db } from "@ipaas/db";

/**
 * Enables or disables a flow (issue 5's "unpublish"): a disabled flow keeps its
 * versions but accepts no new runs — getRunnableVersion refuses it, so the
 * runtime's ingress answers 409 once its flow cache (a few seconds' TTL) expires,
 * and the schedule sync drops its cron/poll triggers; no restart needed. Runs
 * already accepted finish. Setting the current value again writes nothing.
 */
export async function setFlowEnabled(db: Db, actor: AuditActor, params: { flowId: string; enabled: boolean }) {
  const flow = await getFlow(db, params.flowId);
  if (flow.enabled === params.enabled) return;
  await db.transaction(async (tx) => {
    await updateFlowEnabled(tx, { flowId: flow.id, enabled: params.enabled });
    await writeAudit(tx, actor, { action: params.enabled ? "flow.enable" : "flow.disable", targetType: "flow", targetId: flow.id, summary: { name: flow.name } });
  });
}

interface NodeLike {
  type?: unknown;
}

const startsByWebhook = (definition: unknown) => ((definition as { nodes?: NodeLike[] } | null)?.nodes ?? []).some((n) => n.type === "trigger.webhook");

/**
 * The public URL a source system posts events to, for flows started by a webhook
 * (in the draft, or in the published version the runtime actually serves); null
 * otherwise. `runtimeUrl` is the runtime's public base URL (PUBLIC_RUNTIME_URL, else RUNTIME_URL).
 */
export async function flowWebhookUrl(db: Db, params: { flowId: string; runtimeUrl: string }): Promise<string | null> {
  const flow = await getFlow(db, params.flowId);
  const published = flow.publishedVersionId ? (await getFlowVersion(db, flow.publishedVersionId)).definition : null;
  if (!startsByWebhook(flow.draft) && !startsByWebhook(published)) return null;
  return `${params.runtimeUrl.replace(/\/+$/, "")}/v1/hooks/${flow.id}`;
}
