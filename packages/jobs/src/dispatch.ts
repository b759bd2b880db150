import { randomUUID } from "node:crypto";
import type { Queue } from "bullmq";
import { createRun, getRunnableVersion, type Db, type NewRun, type RunRecorder } from "@ipaas/db";
import { computeBusinessKey, parseVersion, type FlowDefinition } from "@ipaas/flow";
import type { RunJob } from "./payloads";
import { enqueueRun } from "./queues";

/** A flow's runnable version, resolved once (ingress caches it briefly; the version is parsed once per process). */
export interface RunnableFlow {
  flowId: string;
  flowVersionId: string;
  definition: FlowDefinition;
  /** Where the flow runs: connections referenced by name are this environment's. */
  environment: string;
}

export async function loadRunnableFlow(db: Db, flowId: string): Promise<RunnableFlow> {
  const { flow, version } = await getRunnableVersion(db, flowId);
  return { flowId: flow.id, flowVersionId: version.id, definition: parseVersion(version), environment: flow.environment };
}

export interface DispatchParams {
  flowId: string;
  triggerType: string;
  payload: unknown;
  /** Source event id; a repeat of one already recorded returns the first run. */
  triggerEventId?: string | null;
  /** Taken from the inbound request when present (docs/architecture.md "Ingress"). */
  correlationId?: string | null;
  /** Skip the lookup when the caller already has the runnable version. */
  runnable?: RunnableFlow;
  /** Set for a subflow's run: the run whose step started it. */
  parentRunId?: string | null;
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
export async function dispatchRun(deps: { db: Db; queue: Queue<RunJob>; recorder?: RunRecorder }, params: DispatchParams): Promise<DispatchResult> {
  const { flowId, flowVersionId, definition } = params.runnable ?? (await loadRunnableFlow(deps.db, params.flowId));
  const correlationId = params.correlationId ?? randomUUID();
  const businessKey = await computeBusinessKey(definition, params.payload);
  // Ingress passes a RunRecorder (group commit); other callers insert directly.
  const record = (run: NewRun) => (deps.recorder ? deps.recorder.record(run) : createRun(deps.db, run));
  const { runId, created } = await record({
    flowId,
    flowVersionId,
    triggerType: params.triggerType,
    triggerEventId: params.triggerEventId ?? null,
    correlationId,
    businessKey,
    triggerPayload: params.payload,
    parentRunId: params.parentRunId ?? null,
  });
  // Enqueue also for a duplicate: the job id is the run id, so this is a no-op when
  // the first delivery got as far as the queue, and a repair when it did not.
  await enqueueRun(deps.queue, { runId, flowId, flowVersionId });
  return { runId, correlationId, businessKey, duplicate: !created };
}
