import { getRunnableVersion, listFlows, type Db } from "@ipaas/db";
import { isTriggerType, parseFlowDefinition, type FlowDefinition } from "@ipaas/flow";
import { dispatchRun, type DispatchResult } from "@ipaas/jobs";
import type { RunsQueue } from "../context";

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
