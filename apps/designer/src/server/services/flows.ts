import {
  ConflictError,
  createFlow,
  findFlowByName,
  getEnvironment,
  getFlow,
  getFlowVersionNumber,
  listFlows,
  updateFlowDraft,
  updateFlowEnvironment,
  writeAudit,
  type AuditActor,
  type Db,
} from "@ipaas/db";
import { triggerSample, type FlowDefinition, type Problem } from "@ipaas/flow";
import { dispatchRun, loadRunnableFlow, type DispatchResult } from "@ipaas/jobs";
import type { RunsQueue } from "../context";
import { embedSavedMappings } from "./embed-mappings";
import { publishIfValid, publishProblems, type PublishResult } from "./publish-gate";

export interface FlowDeps {
  db: Db;
  queue: RunsQueue;
}

export function listFlowSummaries(db: Db) {
  return listFlows(db);
}

/**
 * A manual (test) run of the flow's published version. Throws NotFoundError for an
 * unknown flow and ConflictError for an unpublished or disabled one; the tRPC layer
 * maps both. Recording and enqueueing go through dispatchRun, the one way a run
 * starts, so a manual run gets the same guarantees as a webhook. The version is
 * loaded once, for the sample and the dispatch.
 */
export async function runFlowManually(deps: FlowDeps, params: { flowId: string; payload?: unknown }): Promise<DispatchResult> {
  const runnable = await loadRunnableFlow(deps.db, params.flowId);
  const payload = params.payload === undefined ? triggerSample(runnable.definition) : params.payload;
  return dispatchRun(deps, { flowId: params.flowId, runnable, triggerType: "trigger.manual", payload });
}

/** Problems of the flow's draft, for the canvas's badges and the publish dialog. */
export async function validateDraft(db: Db, flowId: string): Promise<Problem[]> {
  const flow = await getFlow(db, flowId);
  return publishProblems(db, await embedSavedMappings(db, flow.draft), flow.environment, flow.id);
}

/** The flow with its draft, for the flow page. */
export async function getFlowDetail(db: Db, flowId: string) {
  const flow = await getFlow(db, flowId);
  const publishedVersion = flow.publishedVersionId ? await getFlowVersionNumber(db, flow.publishedVersionId) : null;
  return {
    id: flow.id,
    name: flow.name,
    description: flow.description,
    enabled: flow.enabled,
    environment: flow.environment,
    publishedVersion,
    draft: flow.draft,
    updatedAt: flow.updatedAt,
  };
}

/**
 * Saves the draft (its shape was checked by the procedure's input schema; drafts
 * may be incomplete — `validate` runs on publish and for the problem badges).
 */
export async function saveDraft(db: Db, actor: AuditActor, params: { flowId: string; definition: FlowDefinition }) {
  const flow = await getFlow(db, params.flowId);
  await db.transaction(async (tx) => {
    await updateFlowDraft(tx, { flowId: params.flowId, definition: params.definition });
    await writeAudit(tx, actor, { action: "flow.draft.save", targetType: "flow", targetId: flow.id, summary: { name: flow.name, ...draftChanges(flow.draft, params.definition) } });
  });
}

/** Listed node ids per audit row at most: a pasted 200-node graph is summarised by its counts. */
const MAX_IDS_IN_AUDIT = 20;

/**
 * What a draft save changed, for the audit log: node and edge counts before and
 * after, and which node ids were added, removed or edited (configs are not copied:
 * they can hold customer samples).
 */
export function draftChanges(before: unknown, after: FlowDefinition) {
  const nodesOf = (d: unknown) => new Map(((d as Partial<FlowDefinition> | null)?.nodes ?? []).map((n) => [n.id, JSON.stringify(n)] as const));
  const edgeCount = (d: unknown) => ((d as Partial<FlowDefinition> | null)?.edges ?? []).length;
  const old = nodesOf(before);
  const next = nodesOf(after);
  const ids = (list: string[]) => (list.length > MAX_IDS_IN_AUDIT ? [...list.slice(0, MAX_IDS_IN_AUDIT), `… ${list.length - MAX_IDS_IN_AUDIT} more`] : list);
  return {
    before: { nodes: old.size, edges: edgeCount(before) },
    after: { nodes: next.size, edges: edgeCount(after) },
    added: ids([...next.keys()].filter((id) => !old.has(id))),
    removed: ids([...old.keys()].filter((id) => !next.has(id))),
    edited: ids([...next.keys()].filter((id) => old.has(id) && old.get(id) !== next.get(id))),
  };
}

/**
 * Moves a flow to another environment: its actions then use that environment's
 * connections of the same names (promotion without copying secrets). Takes effect
 * for new runs of the published version.
 */
export async function setFlowEnvironment(db: Db, actor: AuditActor, params: { flowId: string; environment: string }) {
  const flow = await getFlow(db, params.flowId);
  if (flow.environment === params.environment) return;
  await getEnvironment(db, params.environment);
  await db.transaction(async (tx) => {
    await updateFlowEnvironment(tx, { flowId: flow.id, environment: params.environment });
    await writeAudit(tx, actor, { action: "flow.environment", targetType: "flow", targetId: flow.id, summary: { name: flow.name, before: flow.environment, after: params.environment } });
  });
}

/** Publishes the draft (saved mappings embedded) through the publish gate. */
export async function publishDraft(db: Db, params: { flowId: string; message: string; actor: { id: string; email: string } }): Promise<PublishResult> {
  const flow = await getFlow(db, params.flowId);
  return publishIfValid(db, { flow, definition: await embedSavedMappings(db, flow.draft), message: params.message, actor: params.actor });
}

/** A blank draft (no nodes yet) in an environment, for drawing from scratch on the canvas. */
export async function createBlankFlow(db: Db, actor: AuditActor, params: { name: string; environment: string }): Promise<{ flowId: string }> {
  if (await findFlowByName(db, params.name)) throw new ConflictError(`A flow named "${params.name}" already exists: choose another name`);
  await getEnvironment(db, params.environment);
  return db.transaction(async (tx) => {
    const { flow } = await createFlow(tx, { name: params.name, definition: { schemaVersion: 1, nodes: [], edges: [], settings: {} }, environment: params.environment, userId: actor.id });
    await writeAudit(tx, actor, { action: "flow.create", targetType: "flow", targetId: flow.id, summary: { name: params.name, environment: params.environment, from: "blank" } });
    return { flowId: flow.id };
  });
}
