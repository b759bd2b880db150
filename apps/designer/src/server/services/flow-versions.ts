import { findVersionDefinition, getFlow, listFlowVersions, NotFoundError, type AuditActor, type Db } from "@ipaas/db";
import { embedSavedMappings } from "./embed-mappings";
import { diffFlows, type FlowDiff } from "./flow-diff";
import { publishIfValid, type PublishResult } from "./publish-gate";

export interface VersionSummary {
  version: number;
  message: string;
  publishedBy: string | null;
  publishedAt: Date;
  /** The version the runtime runs now. */
  current: boolean;
}

/** Version history, newest first, with who published each. */
export async function listVersions(db: Db, flowId: string): Promise<VersionSummary[]> {
  const flow = await getFlow(db, flowId);
  const rows = await listFlowVersions(db, flowId);
  return rows.map((r) => ({ version: r.version, message: r.message, publishedBy: r.email, publishedAt: r.publishedAt, current: r.id === flow.publishedVersionId }));
}

/** A published version's definition (immutable). */
export async function getVersionDefinition(db: Db, flowId: string, version: number): Promise<unknown> {
  const row = await findVersionDefinition(db, { flowId, version });
  if (!row) {
    await getFlow(db, flowId); // an unknown flow says so, rather than "no version"
    throw new NotFoundError(`Version ${version} of this flow does not exist`);
  }
  return row.definition;
}

export type VersionRef = number | "draft";

async function definitionOf(db: Db, flowId: string, ref: VersionRef): Promise<unknown> {
  // The draft is shown with saved mappings embedded, as it would be published.
  if (ref === "draft") return embedSavedMappings(db, (await getFlow(db, flowId)).draft);
  return getVersionDefinition(db, flowId, ref);
}

export async function diffVersions(db: Db, params: { flowId: string; from: VersionRef; to: VersionRef }): Promise<FlowDiff> {
  const [from, to] = await Promise.all([definitionOf(db, params.flowId, params.from), definitionOf(db, params.flowId, params.to)]);
  return diffFlows(from, to);
}

/**
 * Roll back = publish an old version's definition as a new version (history stays
 * append-only). It is validated like any publish: a connection deleted since then
 * is reported instead of being put live. The draft is left as it is. Audited as
 * one "flow.rollback" row (not also a "flow.publish" one).
 */
export async function rollbackToVersion(db: Db, actor: AuditActor, params: { flowId: string; version: number; message: string }): Promise<PublishResult> {
  const flow = await getFlow(db, params.flowId);
  const definition = await getVersionDefinition(db, flow.id, params.version);
  return publishIfValid(db, { flow, definition, message: params.message, actor, audit: { action: "flow.rollback", summary: { fromVersion: params.version } } });
}
