import { deadLetterVersion, eachDeadLetter, findDeadLetter, InvalidInputError, reopenRunAtDeadLetter, type AuditActor, type BulkCallbacks, type BulkResult, type BulkSelection, type Db, type DeadLetterRow, type InputIssue } from "@ipaas/db";
import { parseVersion, type RunState } from "@ipaas/flow";
import type { Queue } from "bullmq";
import type { RunJob } from "./payloads";
import { enqueueRun } from "./queues";

/**
 * Resubmission, the one dead-letter action that needs the queue (docs/architecture.md
 * "Run semantics", resubmission): the letter's step goes back into its run as a work
 * item and the run is enqueued. Every other dead-letter query lives in @ipaas/db.
 */

/** What resubmission needs to validate edited input: the connector operations' input schemas. */
export interface OperationLookup {
  get(id: string): { actions: Record<string, { input: { safeParse(v: unknown): { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } } } }> } | undefined;
}

/**
 * The connector operation whose input a dead letter keeps — only when the kept
 * input IS that operation's mapped input (`inputResolved`); otherwise (a logic
 * node, or a failure before the mapping ran) there is no schema to check against.
 */
export async function deadLetterOperation(
  db: Db,
  letter: Pick<DeadLetterRow, "runId" | "nodeId" | "inputResolved">,
): Promise<{ connectorId: string; operation: string } | null> {
  if (!letter.inputResolved) return null;
  const version = await deadLetterVersion(db, letter);
  if (version === null) return null;
  const definition = parseVersion(version);
  const node = definition.nodes.find((n) => n.id === letter.nodeId);
  if (!node || typeof node.config.connectorId !== "string" || typeof node.config.operation !== "string") return null;
  return { connectorId: node.config.connectorId, operation: node.config.operation };
}

/**
 * Checks an edited input against the failed step's operation input schema: the
 * issues with their field paths ([] when valid), or null when there is nothing to
 * check against (see deadLetterOperation). Shared by resubmission and the UI's
 * live validation, so both judge an input the same way.
 */
export async function checkDeadLetterInput(
  db: Db,
  letter: Pick<DeadLetterRow, "runId" | "nodeId" | "inputResolved">,
  input: unknown,
  registry: OperationLookup,
): Promise<InputIssue[] | null> {
  const op = await deadLetterOperation(db, letter);
  const schema = op && registry.get(op.connectorId)?.actions[op.operation]?.input;
  if (!schema) return null;
  const parsed = schema.safeParse(input);
  return parsed.success ? [] : (parsed.error?.issues ?? []).map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

/**
 * Puts a dead-lettered step back into its run and enqueues the run: it resumes at
 * that step with the kept input — or an edited one, validated against the step's
 * input schema — and nothing it completed before runs again.
 */
export async function resubmitDeadLetter(
  deps: { db: Db; queue: Queue<RunJob>; registry?: OperationLookup },
  params: { deadLetterId: string; input?: unknown; actor: AuditActor },
): Promise<{ runId: string }> {
  const found = await findDeadLetter(deps.db, params.deadLetterId);
  const edited = params.input !== undefined;
  if (edited && deps.registry) {
    const issues = await checkDeadLetterInput(deps.db, found, params.input, deps.registry);
    if (issues?.length) throw new InvalidInputError(issues);
  }
  const job = await reopenRunAtDeadLetter(deps.db, {
    deadLetterId: params.deadLetterId,
    edited,
    actor: params.actor,
    resume: (stored, letter): RunState => {
      const state = (stored as RunState | null) ?? { pending: [], outputs: {}, nextSeq: 0 };
      state.pending.push({ nodeId: letter.nodeId, input: edited ? params.input : letter.input, lineage: letter.lineage, attempt: 1, ...(letter.inputResolved ? { resolved: true } : {}) });
      return state;
    },
  });
  // If this enqueue is lost, the runtime's sweeper enqueues the overdue run.
  await enqueueRun(deps.queue, job);
  return { runId: job.runId };
}

/** Resubmits each selected letter on its own (see resubmitDeadLetter); one failure does not stop the rest. */
export function resubmitDeadLetters(deps: { db: Db; queue: Queue<RunJob>; registry?: OperationLookup }, params: BulkSelection & BulkCallbacks & { actor: AuditActor }): Promise<BulkResult> {
  return eachDeadLetter(deps.db, params, (deadLetterId) => resubmitDeadLetter(deps, { deadLetterId, actor: params.actor }));
}
