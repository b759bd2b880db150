import { getFlow, listRunDeadLetters, type Db } from "@ipaas/db";
import type { FlowDefinition } from "@ipaas/flow";
import { dispatchRun, type RunJob } from "@ipaas/jobs";
import type { Queue } from "bullmq";
import type { Logger } from "../logger";

/** The trigger type of an error flow's run; such a run never starts another error flow (no loops). */
export const ERROR_TRIGGER_TYPE = "error";

/** A trigger payload larger than this travels as a reference (the failed run's id), not inline. */
const MAX_INLINE_TRIGGER_BYTES = 64 * 1024;

/** What an error flow's run receives as its trigger payload. */
export interface ErrorFlowPayload {
  flow: { id: string; name: string; versionId: string };
  run: { id: string; businessKey: string | null; correlationId: string; triggerType: string; createdAt: string };
  /** The first open dead letter's step and error: usually what an alert or ticket names. */
  failedNode: { id: string; name: string };
  error: { message: string; class: string; code: string | null };
  deadLetters: Array<{ id: string; nodeId: string; nodeName: string; lineage: string; attempts: number; message: string; class: string; code: string | null }>;
  /** The failed run's trigger payload; absent (see `triggerOmitted`) when it is large: read it from the run. */
  trigger?: unknown;
  triggerOmitted?: { bytes: number; runId: string };
}

/** The fields of the dead run (as `claimRun` read it) that the error flow is told about. */
interface FailedRun {
  id: string;
  flowId: string;
  flowVersionId: string;
  businessKey: string | null;
  correlationId: string;
  triggerType: string;
  triggerPayload: unknown;
  createdAt: Date;
}

/**
 * Starts one run of the flow's error flow for a run that just became `dead`
 * (docs/architecture.md "Failures, retries and dead letters"). Exactly once per
 * dead run: the event id `error:<runId>` dedupes through `dispatchRun`, so a
 * redelivered job or a later dead end of the same run (after a resubmission)
 * starts nothing new. Never throws: the failed run is already recorded; an error
 * flow that is missing, unpublished or disabled is logged, not retried.
 */
export async function startErrorFlow(
  deps: { db: Db; queue: Queue<RunJob>; logger: Logger },
  failed: { run: FailedRun; definition: FlowDefinition },
): Promise<string | null> {
  const errorFlowId = failed.definition.settings.errorFlowId;
  const { run } = failed;
  // An error flow's own failure would start error flows forever if its settings pointed back.
  if (!errorFlowId || run.triggerType === ERROR_TRIGGER_TYPE || errorFlowId === run.flowId) return null;
  try {
    // Dead letters can reach the database with an earlier checkpoint or job, so the record decides.
    const open = (await listRunDeadLetters(deps.db, run.id)).filter((l) => l.status === "open");
    if (open.length === 0) return null;
    const flow = await getFlow(deps.db, run.flowId);
    const code = (error: unknown) => (error && typeof error === "object" && "code" in error && typeof error.code === "string" ? error.code : null);
    const first = open[0]!;
    const triggerJson = JSON.stringify(run.triggerPayload ?? null);
    const bytes = Buffer.byteLength(triggerJson);
    const payload: ErrorFlowPayload = {
      flow: { id: run.flowId, name: flow.name, versionId: run.flowVersionId },
      run: { id: run.id, businessKey: run.businessKey, correlationId: run.correlationId, triggerType: run.triggerType, createdAt: run.createdAt.toISOString() },
      failedNode: { id: first.nodeId, name: first.nodeName },
      error: { message: first.errorMessage, class: first.errorClass, code: code(first.error) },
      deadLetters: open.map((l) => ({ id: l.id, nodeId: l.nodeId, nodeName: l.nodeName, lineage: l.lineage, attempts: l.attempts, message: l.errorMessage, class: l.errorClass, code: code(l.error) })),
      ...(bytes <= MAX_INLINE_TRIGGER_BYTES ? { trigger: run.triggerPayload } : { triggerOmitted: { bytes, runId: run.id } }),
    };
    const started = await dispatchRun(deps, { flowId: errorFlowId, triggerType: ERROR_TRIGGER_TYPE, payload, triggerEventId: `error:${run.id}`, correlationId: run.correlationId });
    return started.runId;
  } catch (err) {
    deps.logger.warn({ runId: run.id, errorFlowId, err: err instanceof Error ? err.message : String(err) }, "could not start the error flow");
    return null;
  }
}
