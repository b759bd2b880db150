import { registry } from "@ipaas/connectors";
import { getFlow, getRunnableVersion, listFlows, publishVersion, type Db } from "@ipaas/db";
import { isTriggerType, parseFlowDefinition, validate, type FlowDefinition, type Problem } from "@ipaas/flow";
import { dispatchRun, type DispatchResult } from "@ipaas/jobs";
import type { RunsQueue } from "../context";
import { embedSavedMappings } from "./embed-mappings";

export interface FlowDeps {
  db: Db;
  queue: RunsQueue;
}

export function listFlowSummaries(db: Db) {
  return listFlows(db);
}

/** The trigger's sample payload: what a test run sends when the user gives none. */
export function triggerSample(definition: FlowDefinition): unknown {
  const trigger = definition.nodes.find((n) => isTriggerType(n.type));
  return trigger?.config.sample ?? {};
}

/**
 * A manual (test) run of the flow's published version. Throws NotFoundError for an
 * unknown flow and ConflictError for an unpublished or disabled one; the tRPC layer
 * maps both. Recording and enqueueing go through dispatchRun, the one way a run
 * starts, so a manual run gets the same guarantees as a webhook.
 */
export async function runFlowManually(deps: FlowDeps, params: { flowId: string; payload?: unknown }): Promise<DispatchResult> {
  let payload = params.payload;
  if (payload === undefined) {
    const { version } = await getRunnableVersion(deps.db, params.flowId);
    payload = triggerSample(parseFlowDefinition(version.definition));
  }
  return dispatchRun(deps, { flowId: params.flowId, triggerType: "trigger.manual", payload });
}

/** Problems of the flow's draft, for the canvas's badges and the publish dialog. */
export async function validateDraft(db: Db, flowId: string): Promise<Problem[]> {
  return validate(await embedSavedMappings(db, (await getFlow(db, flowId)).draft), registry);
}

export type PublishResult = { published: true; version: number } | { published: false; problems: Problem[] };

/**
 * Publishing is refused while the draft has problems: the caller gets the list
 * (node id, field path, message) instead of a version the runtime would fail on.
 */
export async function publishDraft(db: Db, params: { flowId: string; message: string; actor: { id: string; email: string } }): Promise<PublishResult> {
  const flow = await getFlow(db, params.flowId);
  const definition = await embedSavedMappings(db, flow.draft);
  const problems = validate(definition, registry);
  if (problems.length > 0) return { published: false, problems };
  const version = await publishVersion(db, { flowId: flow.id, definition: parseFlowDefinition(definition), message: params.message, actor: params.actor });
  return { published: true, version: version.version };
}
