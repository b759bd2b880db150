import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { flows, flowVersions, runs, users } from "../schema";
import { writeAudit, type AuditActor } from "./audit";

import { ConflictError, NotFoundError } from "../errors";

export interface FlowSummary {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  publishedVersion: number | null;
  updatedAt: Date;
  lastRun: { id: string; status: string; createdAt: Date } | null;
}

export async function listFlows(db: Db): Promise<FlowSummary[]> {
  const rows = await db
    .select({
      id: flows.id,
      name: flows.name,
      description: flows.description,
      enabled: flows.enabled,
      updatedAt: flows.updatedAt,
      publishedVersion: flowVersions.version,
    })
    .from(flows)
    .leftJoin(flowVersions, eq(flowVersions.id, flows.publishedVersionId))
    .orderBy(flows.name);
  if (rows.length === 0) return [];
  // Latest run per flow: DISTINCT ON walks runs_flow_created_idx once per flow.
  const last = await db
    .selectDistinctOn([runs.flowId], { flowId: runs.flowId, id: runs.id, status: runs.status, createdAt: runs.createdAt })
    .from(runs)
    .where(inArray(runs.flowId, rows.map((r) => r.id)))
    .orderBy(runs.flowId, desc(runs.createdAt));
  const lastByFlow = new Map(last.map((r) => [r.flowId, { id: r.id, status: r.status, createdAt: r.createdAt }]));
  return rows.map((r) => ({ ...r, lastRun: lastByFlow.get(r.id) ?? null }));
}

/**
 * Creates a flow (in `environment`, else the column's default); with `publish`, also
 * its version 1 (immutable) and points the flow at it.
 */
export async function createFlow(
  db: Db,
  params: { name: string; description?: string; definition: unknown; environment?: string; publish?: { message: string }; userId?: string | null },
) {
  return db.transaction(async (tx) => {
    const [flow] = await tx
      .insert(flows)
      .values({
        name: params.name,
        description: params.description ?? "",
        draft: params.definition,
        createdBy: params.userId ?? null,
        ...(params.environment === undefined ? {} : { environment: params.environment }),
      })
      .returning();
    if (!flow) throw new Error("insert returned no row");
    if (!params.publish) return { flow, version: null };
    const [version] = await tx
      .insert(flowVersions)
      .values({ flowId: flow.id, version: 1, definition: params.definition, message: params.publish.message, publishedBy: params.userId ?? null })
      .returning();
    if (!version) throw new Error("insert returned no row");
    await tx.update(flows).set({ publishedVersionId: version.id }).where(eq(flows.id, flow.id));
    return { flow: { ...flow, publishedVersionId: version.id }, version };
  });
}

export async function findFlowByName(db: Db, name: string) {
  const [flow] = await db
    .select()
    .from(flows)
    .where(sql`lower(${flows.name}) = lower(${name})`)
    .limit(1);
  return flow ?? null;
}

/** The version the runtime runs: refused when the flow is unpublished or disabled. */
export async function getRunnableVersion(db: Db, flowId: string) {
  const [row] = await db
    .select({ flow: flows, version: flowVersions })
    .from(flows)
    .leftJoin(flowVersions, and(eq(flowVersions.id, flows.publishedVersionId), eq(flowVersions.flowId, flows.id)))
    .where(eq(flows.id, flowId))
    .limit(1);
  if (!row) throw new NotFoundError(`Flow ${flowId} does not exist`);
  if (!row.version) throw new ConflictError(`Flow "${row.flow.name}" has no published version`);
  if (!row.flow.enabled) throw new ConflictError(`Flow "${row.flow.name}" is disabled`);
  return { flow: row.flow, version: row.version };
}

/** A flow's environment (which decides the connections its by-name references use); null for an unknown flow. */
export async function getFlowEnvironment(db: Db, flowId: string): Promise<string | null> {
  const [row] = await db.select({ environment: flows.environment }).from(flows).where(eq(flows.id, flowId)).limit(1);
  return row?.environment ?? null;
}

export async function getFlowVersion(db: Db, versionId: string) {
  const [version] = await db.select().from(flowVersions).where(eq(flowVersions.id, versionId)).limit(1);
  if (!version) throw new NotFoundError(`Flow version ${versionId} does not exist`);
  return version;
}

export async function getFlow(db: Db, flowId: string) {
  const [flow] = await db.select().from(flows).where(eq(flows.id, flowId)).limit(1);
  if (!flow) throw new NotFoundError(`Flow ${flowId} does not exist`);
  return flow;
}

/** Enables or disables the flow (a disabled flow accepts no new runs: getRunnableVersion refuses it). */
export async function updateFlowEnabled(db: Db, params: { flowId: string; enabled: boolean }): Promise<void> {
  await db.update(flows).set({ enabled: params.enabled, updatedAt: sql`now()` }).where(eq(flows.id, params.flowId));
}

/**
 * Publishes a definition as the flow's next immutable version and makes it the one
 * the runtime runs, with an audit entry. Callers validate first (@ipaas/flow).
 */
/**
 * A webhook trigger marked `verification: "public"` (packages/flow node-config): no
 * signature is checked, so putting one live is recorded on its own audit row. Read by
 * shape, since this package does not depend on @ipaas/flow.
 */
function publicWebhookTrigger(definition: unknown): { name: string } | null {
  const nodes = (definition as { nodes?: Array<{ type?: unknown; name?: unknown; config?: { verification?: unknown } }> } | null)?.nodes;
  const hook = Array.isArray(nodes) ? nodes.find((n) => n?.type === "trigger.webhook" && n.config?.verification === "public") : undefined;
  return hook ? { name: String(hook.name ?? "") } : null;
}

/**
 * `audit` names the row that records this publish when it is not a plain
 * "flow.publish" (a rollback is "flow.rollback" with the version it restores):
 * one row per publish, written in the same transaction as the version.
 */
export async function publishVersion(db: Db, params: { flowId: string; definition: unknown; message: string; actor: AuditActor; audit?: { action: string; summary?: Record<string, unknown> } }) {
  return db.transaction(async (tx) => {
    // Lock the flow row: two publishes at once get consecutive version numbers.
    const [flow] = await tx.select().from(flows).where(eq(flows.id, params.flowId)).for("update");
    if (!flow) throw new NotFoundError(`Flow ${params.flowId} does not exist`);
    const [last] = await tx.select({ version: flowVersions.version }).from(flowVersions).where(eq(flowVersions.flowId, flow.id)).orderBy(desc(flowVersions.version)).limit(1);
    const [version] = await tx
      .insert(flowVersions)
      .values({ flowId: flow.id, version: (last?.version ?? 0) + 1, definition: params.definition, message: params.message, publishedBy: params.actor.id })
      .returning();
    if (!version) throw new Error("insert returned no row");
    await tx.update(flows).set({ publishedVersionId: version.id, updatedAt: sql`now()` }).where(eq(flows.id, flow.id));
    await writeAudit(tx, params.actor, {
      action: params.audit?.action ?? "flow.publish",
      targetType: "flow",
      targetId: flow.id,
      summary: { name: flow.name, version: version.version, message: params.message, ...params.audit?.summary },
    });
    const publicHook = publicWebhookTrigger(params.definition);
    if (publicHook) {
      await writeAudit(tx, params.actor, {
        action: "flow.publish_public_webhook",
        targetType: "flow",
        targetId: flow.id,
        summary: { name: flow.name, version: version.version, trigger: publicHook.name, warning: "This webhook accepts unauthenticated deliveries: anyone who knows its URL can start runs" },
      });
    }
    return version;
  });
}

/** Replaces the flow's draft (drafts may be incomplete: validation runs on publish). */
export async function updateFlowDraft(db: Db, params: { flowId: string; definition: unknown }): Promise<void> {
  await db.update(flows).set({ draft: params.definition, updatedAt: sql`now()` }).where(eq(flows.id, params.flowId));
}

/** Moves the flow to another environment (its actions then use that environment's connections). */
export async function updateFlowEnvironment(db: Db, params: { flowId: string; environment: string }): Promise<void> {
  await db.update(flows).set({ environment: params.environment, updatedAt: sql`now()` }).where(eq(flows.id, params.flowId));
}

/** A version's number, or null when the id names none. */
export async function getFlowVersionNumber(db: Db, versionId: string): Promise<number | null> {
  const [row] = await db.select({ version: flowVersions.version }).from(flowVersions).where(eq(flowVersions.id, versionId));
  return row?.version ?? null;
}

/** A flow's versions, newest first, with the publisher's email (null for the system or a deleted user). */
export async function listFlowVersions(db: Db, flowId: string) {
  return db
    .select({ id: flowVersions.id, version: flowVersions.version, message: flowVersions.message, publishedAt: flowVersions.publishedAt, email: users.email })
    .from(flowVersions)
    .leftJoin(users, eq(users.id, flowVersions.publishedBy))
    .where(eq(flowVersions.flowId, flowId))
    .orderBy(desc(flowVersions.version));
}

/** The definition of a flow's version by number; undefined when the flow has no such version. */
export async function findVersionDefinition(db: Db, params: { flowId: string; version: number }): Promise<{ definition: unknown } | undefined> {
  const [row] = await db
    .select({ definition: flowVersions.definition })
    .from(flowVersions)
    .where(and(eq(flowVersions.flowId, params.flowId), eq(flowVersions.version, params.version)))
    .limit(1);
  return row;
}
