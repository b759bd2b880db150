import { registry } from "@ipaas/connectors";
import { findVersionDefinition, getFlow, listFlowVersions, NotFoundError, publishVersion, writeAudit, type AuditActor, type Db } from "@ipaas/db";
import { parseFlowDefinition, validate, type Problem } from "@ipaas/flow";
import { embedSavedMappings } from "./embed-mappings";
import { diffFlows, type FlowDiff } from "./flow-diff";
import { connectionProblems } from "./flow-connections";

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

/** What publish checks: structure and expressions, plus connections in the flow's environment. */
export async function definitionProblems(db: Db, definition: unknown, environment: string): Promise<Problem[]> {
  return [...validate(definition, registry), ...(await connectionProblems(db, definition, environment))];
}

export type RollbackResult = { published: true; version: number } | { published: false; problems: Problem[] };

/**
 * Roll back = publish an old version's definition as a new version (history stays
 * append-only). It is validated like any publish: a connection deleted since then
 * is reported instead of being put live. The draft is left as it is.
 */
export async function rollbackToVersion(db: Db, actor: AuditActor, params: { flowId: string; version: number; message: string }): Promise<RollbackResult> {
  const flow = await getFlow(db, params.flowId);
  const definition = await getVersionDefinition(db, flow.id, params.version);
  const problems = await definitionProblems(db, definition, flow.environment);
  if (problems.length > 0) return { published: false, problems };
  const created = await publishVersion(db, { flowId: flow.id, definition: parseFlowDefinition(definition), message: params.message, actor });
  await writeAudit(db, actor, {
    action: "flow.rollback",
    targetType: "flow",
    targetId: flow.id,
    summary: { name: flow.name, fromVersion: params.version, version: created.version, message: params.message },
  });
  return { published: true, version: created.version };
}
