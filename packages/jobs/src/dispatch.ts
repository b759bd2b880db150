import { randomUUID } from "node:crypto";
import type { Queue } from "bullmq";
import { createRun, getRunnableVersion, type Db } from "@ipaas/db";
import { computeBusinessKey, parseFlowDefinition } from "@ipaas/flow";
import type { RunJob } from "./payloads";
import { enqueueRun } from "./queues";

export interface DispatchParams {
  flowId: string;
  triggerType: string;
  payload: unknown;
  /** Source event id; a repeat of one already recorded returns the first run. */
  triggerEventId?: string | null;
  /** Taken from the inbound request when present (DESIGN.md "Traceable"). */
  correlationId?: string | null;
}

export interface DispatchResult {
  runId: string;
  correlationId: string;
  businessKey: string | null;
  duplicate: boolean;
}

/**
 * The one way a run starts, for every trigger: record it in Postgres, then enqueue.
 * Callers acknowledge only after this resolves, so an acknowledged event is never
 * lost. If enqueueing fails after the insert, the run stays `queued` and is found
 * again by its id (the job id), so retrying the dispatch does not duplicate it.
 */
export async function dispatchRun(deps: { db: Db; queue: Queue<RunJob> }, params: DispatchParams): Promise<DispatchResult> {
  const { flow, version } = await getRunnableVersion(deps.db, params.flowId);
  const definition = parseFlowDefinition(version.definition);
  const correlationId = params.correlationId ?? randomUUID();
  const businessKey = await computeBusinessKey(definition, params.payload);
  const { runId, created } = await createRun(deps.db, {
    flowId: flow.id,
    flowVersionId: version.id,
    triggerType: params.triggerType,
    triggerEventId: params.triggerEventId ?? null,
    correlationId,
    businessKey,
    triggerPayload: params.payload,
  });
  // Enqueue also for a duplicate: the job id is the run id, so this is a no-op when
  // the first delivery got as far as the queue, and a repair when it did not.
  await enqueueRun(deps.queue, { runId, flowId: flow.id, flowVersionId: version.id });
  return { runId, correlationId, businessKey, duplicate: !created };
}
