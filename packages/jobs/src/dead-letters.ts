import { schema, type Db, NotFoundError, ConflictError, getFlowVersion, InvalidInputError, type InputIssue } from "@ipaas/db";
import type { RunState } from "@ipaas/flow";
import { parseFlowDefinition } from "@ipaas/flow";
import type { Queue } from "bullmq";
import { and, eq, sql } from "drizzle-orm";
import type { RunJob } from "./payloads";
import { enqueueRun } from "./queues";

const { deadLetters, runs, auditLog } = schema;

export interface Actor {
  id: string | null;
  email: string | null;
  ip?: string | null;
}

/** What resubmission needs to validate edited input: the connector operations' input schemas. */
export interface OperationLookup {
  get(id: string): { actions: Record<string, { input: { safeParse(v: unknown): { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } } } }> } | undefined;
}

// Re-exported while callers move to @ipaas/db (issue 14).
export { InvalidInputError, type InputIssue };

type DeadLetterRow = typeof deadLetters.$inferSelect;

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
  const [run] = await db.select({ flowVersionId: runs.flowVersionId }).from(runs).where(eq(runs.id, letter.runId)).limit(1);
  if (!run) return null;
  const definition = parseFlowDefinition((await getFlowVersion(db, run.flowVersionId)).definition);
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
 * Puts a dead-lettered step back into its run (docs/architecture.md "Run semantics"): the
 * run resumes at that step with the kept input — or an edited one, validated
 * against the step's input schema — and nothing it completed before runs again.
 */
export async function resubmitDeadLetter(
  deps: { db: Db; queue: Queue<RunJob>; registry?: OperationLookup },
  params: { deadLetterId: string; input?: unknown; actor: Actor },
): Promise<{ runId: string }> {
  const [found] = await deps.db.select().from(deadLetters).where(eq(deadLetters.id, params.deadLetterId)).limit(1);
  if (!found) throw new NotFoundError(`Dead letter ${params.deadLetterId} does not exist`);
  const edited = params.input !== undefined;
  if (edited && deps.registry) {
    const issues = await checkDeadLetterInput(deps.db, found, params.input, deps.registry);
    if (issues?.length) throw new InvalidInputError(issues);
  }

  const job = await deps.db.transaction(async (tx) => {
    // Claim the letter: two operators pressing retry at once resubmit it once.
    const [letter] = await tx
      .update(deadLetters)
      .set({ status: "resubmitted", resolvedAt: sql`now()`, resolution: edited ? "resubmitted with edited input" : "resubmitted" })
      .where(and(eq(deadLetters.id, params.deadLetterId), eq(deadLetters.status, "open")))
      .returning();
    if (!letter) throw new ConflictError(`Dead letter ${params.deadLetterId} is not open`);
    const [run] = await tx.select().from(runs).where(eq(runs.id, letter.runId)).for("update");
    if (!run) throw new NotFoundError(`Run ${letter.runId} does not exist`);
    const state = (run.state as RunState | null) ?? { pending: [], outputs: {}, nextSeq: 0 };
    state.pending.push({ nodeId: letter.nodeId, input: edited ? params.input : letter.input, lineage: letter.lineage, attempt: 1, ...(letter.inputResolved ? { resolved: true } : {}) });
    const jobSeq = run.jobSeq + 1;
    await tx
      .update(runs)
      .set({ state, jobSeq, status: "queued", wakeAt: sql`now()`, finishedAt: null, durationMs: null, error: null })
      .where(eq(runs.id, run.id));
    await tx.insert(auditLog).values({
      actorId: params.actor.id,
      actorEmail: params.actor.email,
      ip: params.actor.ip ?? null,
      action: "dead_letter.resubmit",
      targetType: "dead_letter",
      targetId: letter.id,
      summary: { runId: run.id, nodeId: letter.nodeId, lineage: letter.lineage, editedInput: edited },
    });
    return { runId: run.id, flowId: run.flowId, flowVersionId: run.flowVersionId, seq: jobSeq };
  });
  // If this enqueue is lost, the runtime's sweeper enqueues the overdue run.
  await enqueueRun(deps.queue, job);
  return { runId: job.runId };
}

/** Closes a dead letter without running it; a run left with nothing open becomes `discarded`. */
export async function discardDeadLetter(db: Db, params: { deadLetterId: string; reason: string; actor: Actor }): Promise<{ runId: string }> {
  if (params.reason.trim() === "") throw new InvalidInputError([{ path: "reason", message: "a reason is required" }]);
  return db.transaction(async (tx) => {
    const [letter] = await tx
      .update(deadLetters)
      .set({ status: "discarded", resolvedAt: sql`now()`, resolution: params.reason })
      .where(and(eq(deadLetters.id, params.deadLetterId), eq(deadLetters.status, "open")))
      .returning();
    if (!letter) throw new ConflictError(`Dead letter ${params.deadLetterId} is not open`);
    await tx
      .update(runs)
      .set({ status: "discarded" })
      .where(and(eq(runs.id, letter.runId), eq(runs.status, "dead"), sql`not exists (select 1 from dead_letters d where d.run_id = ${letter.runId} and d.status = 'open')`));
    await tx.insert(auditLog).values({
      actorId: params.actor.id,
      actorEmail: params.actor.email,
      ip: params.actor.ip ?? null,
      action: "dead_letter.discard",
      targetType: "dead_letter",
      targetId: letter.id,
      summary: { runId: letter.runId, reason: params.reason },
    });
    return { runId: letter.runId };
  });
}
