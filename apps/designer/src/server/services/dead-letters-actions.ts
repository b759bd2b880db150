import { registry } from "@ipaas/connectors";
import { addDeadLetterComment, assignDeadLetters, ConflictError, discardDeadLetter, findDeadLetter, InvalidInputError, isAssignable, type AuditActor, type Db, type InputIssue } from "@ipaas/db";
import { checkDeadLetterInput, resubmitDeadLetter } from "@ipaas/jobs";
import type { RunsQueue } from "../context";

/**
 * An edited input judged the way resubmission will judge it. `checked` is false
 * when the step has no operation schema (only JSON syntax can be checked then).
 */
export async function validateDeadLetterInput(db: Db, params: { id: string; input: unknown }): Promise<{ checked: boolean; issues: InputIssue[] }> {
  const issues = await checkDeadLetterInput(db, await findDeadLetter(db, params.id), params.input, registry);
  return { checked: issues !== null, issues: issues ?? [] };
}

/** Retry as is, or with an edited input: the run resumes at the failed step (see resubmitDeadLetter). */
export function retryDeadLetter(deps: { db: Db; queue: RunsQueue }, actor: AuditActor, params: { id: string; input?: unknown }): Promise<{ runId: string }> {
  return resubmitDeadLetter({ db: deps.db, queue: deps.queue, registry }, { deadLetterId: params.id, actor, ...(params.input !== undefined ? { input: params.input } : {}) });
}

export async function discardOne(db: Db, actor: AuditActor, params: { id: string; reason: string }): Promise<{ runId: string }> {
  await findDeadLetter(db, params.id);
  return discardDeadLetter(db, { deadLetterId: params.id, reason: params.reason.trim(), actor });
}

/** Letters go to people who may act on them: an enabled admin or operator. */
export async function ensureAssignable(db: Db, userId: string): Promise<void> {
  if (!(await isAssignable(db, userId))) throw new InvalidInputError([{ path: "assigneeId", message: "is not an enabled admin or operator" }]);
}

export async function assignOne(db: Db, actor: AuditActor, params: { id: string; assigneeId: string | null }): Promise<void> {
  await findDeadLetter(db, params.id);
  if (params.assigneeId) await ensureAssignable(db, params.assigneeId);
  const assigned = await assignDeadLetters(db, { ids: [params.id], assigneeId: params.assigneeId, actor });
  if (assigned === 0) throw new ConflictError(`Dead letter ${params.id} is not open`);
}

/** A note on a letter (also on a resolved one: "why we discarded it"), audited with it. */
export async function addComment(db: Db, actor: AuditActor, params: { id: string; body: string }) {
  await findDeadLetter(db, params.id);
  return addDeadLetterComment(db, actor, params);
}
