import { ConflictError, deadLetterReplaySource, eachDeadLetter, findDeadLetter, getRunnableVersion, reopenRunAtDeadLetter, type AuditActor, type BulkCallbacks, type BulkResult, type Db, type ReplaySource } from "@ipaas/db";
import { parseVersion, replayState, StepError, type FlowDefinition, type ReplayMode, type RunState } from "@ipaas/flow";
import type { Queue } from "bullmq";
import type { RunJob } from "./payloads";
import { enqueueRun } from "./queues";

/**
 * Replay on the latest version (docs/architecture.md "Dead letters and bulk
 * operations"): a resubmission that moves the run to its flow's published version
 * and either re-runs it from the trigger or resumes at the failed step with the
 * input computed again (`replayState` in @ipaas/flow). Shared by the real replay and
 * the designer's dry run, so both start from the same state.
 */

export interface ReplayPlan {
  source: ReplaySource;
  /** The version the run moves to. */
  target: { id: string; version: number; definition: FlowDefinition };
  previous: FlowDefinition;
  /** The flow's environment: whose cross-reference entries a dry run reads. */
  environment: string;
}

/** The letter, its run and the flow's published version it would replay on. */
export async function planReplay(db: Db, deadLetterId: string): Promise<ReplayPlan> {
  const source = await deadLetterReplaySource(db, deadLetterId);
  const { flow, version } = await getRunnableVersion(db, source.run.flowId);
  return { source, target: { id: version.id, version: version.version, definition: parseVersion(version) }, previous: parseVersion(source.version), environment: flow.environment };
}

/** The state the run continues from; a replay the letter cannot have is a CONFLICT naming why. */
export function plannedState(plan: ReplayPlan, mode: ReplayMode, stored: unknown = plan.source.run.state): RunState {
  if (mode === "rerun" && plan.source.run.triggerPayload == null) throw new ConflictError(`Run ${plan.source.run.id} no longer keeps its trigger payload: it cannot be re-run from the trigger`);
  try {
    return replayState({ mode, definition: plan.target.definition, previous: plan.previous, state: stored as RunState | null, trigger: plan.source.run.triggerPayload, letter: plan.source.letter });
  } catch (err) {
    if (err instanceof StepError) throw new ConflictError(err.message);
    throw err;
  }
}

const resolutionOf = (mode: ReplayMode, version: number) => `replayed on version ${version} (${mode === "rerun" ? "re-run from the trigger" : "resumed at the failed step"})`;

/** Replays one letter's run on the latest version and enqueues it; audited with the versions it moved between. */
export async function replayDeadLetter(deps: { db: Db; queue: Queue<RunJob> }, params: { deadLetterId: string; mode: ReplayMode; actor: AuditActor }): Promise<{ runId: string; flowVersionId: string }> {
  const plan = await planReplay(deps.db, params.deadLetterId);
  const { mode } = params;
  const job = await reopenRunAtDeadLetter(deps.db, {
    deadLetterId: params.deadLetterId,
    edited: false,
    actor: params.actor,
    replay: { flowVersionId: plan.target.id, version: plan.target.version, mode, resolution: resolutionOf(mode, plan.target.version), closeRunLetters: mode === "rerun" },
    // Computed again from the row locked in the transaction, not from the plan's earlier read.
    resume: (stored) => plannedState(plan, mode, stored),
  });
  // If this enqueue is lost, the runtime's sweeper enqueues the overdue run.
  await enqueueRun(deps.queue, job);
  return { runId: job.runId, flowVersionId: job.flowVersionId };
}

/**
 * Replays each selected letter on its own. A re-run from the trigger closes its
 * run's other letters too, so a letter already answered that way counts as replayed.
 */
export function replayDeadLetters(deps: { db: Db; queue: Queue<RunJob> }, params: { ids: string[]; mode: ReplayMode; actor: AuditActor } & BulkCallbacks): Promise<BulkResult> {
  return eachDeadLetter(deps.db, params, async (deadLetterId) => {
    const letter = await findDeadLetter(deps.db, deadLetterId);
    if (params.mode === "rerun" && letter.status === "resubmitted" && letter.resolution?.includes("(re-run from the trigger)")) return { runId: letter.runId };
    return replayDeadLetter(deps, { deadLetterId, mode: params.mode, actor: params.actor });
  });
}
