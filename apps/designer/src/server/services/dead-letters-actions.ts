import { registry } from "@ipaas/connectors";
import { ConflictError, NotFoundError, schema, writeAudit, type AuditActor, type Db } from "@ipaas/db";
import { assignDeadLetters, checkDeadLetterInput, discardDeadLetter, InvalidInputError, resubmitDeadLetter, type InputIssue } from "@ipaas/jobs";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { RunsQueue } from "../context";

const { deadLetters, deadLetterComments, users } = schema;

async function findLetter(db: Db, id: string) {
  const [letter] = await db.select().from(deadLetters).where(eq(deadLetters.id, id)).limit(1);
  if (!letter) throw new NotFoundError(`Dead letter ${id} does not exist`);
  return letter;
}

/**
 * An edited input judged the way resubmission will judge it. `checked` is false
 * when the step has no operation schema (only JSON syntax can be checked then).
 */
export async function validateDeadLetterInput(db: Db, params: { id: string; input: unknown }): Promise<{ checked: boolean; issues: InputIssue[] }> {
  const issues = await checkDeadLetterInput(db, await findLetter(db, params.id), params.input, registry);
  return { checked: issues !== null, issues: issues ?? [] };
}

/** Retry as is, or with an edited input: the run resumes at the failed step (see resubmitDeadLetter). */
export function retryDeadLetter(deps: { db: Db; queue: RunsQueue }, actor: AuditActor, params: { id: string; input?: unknown }): Promise<{ runId: string }> {
  return resubmitDeadLetter({ db: deps.db, queue: deps.queue, registry }, { deadLetterId: params.id, actor, ...(params.input !== undefined ? { input: params.input } : {}) });
}

export async function discardOne(db: Db, actor: AuditActor, params: { id: string; reason: string }): Promise<{ runId: string }> {
  await findLetter(db, params.id);
  return discardDeadLetter(db, { deadLetterId: params.id, reason: params.reason.trim(), actor });
}

/** Letters go to people who may act on them: an enabled admin or operator. */
export async function ensureAssignable(db: Db, userId: string): Promise<void> {
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), inArray(users.role, ["admin", "operator"]), isNull(users.disabledAt)))
    .limit(1);
  if (!user) throw new InvalidInputError([{ path: "assigneeId", message: "is not an enabled admin or operator" }]);
}

export async function assignOne(db: Db, actor: AuditActor, params: { id: string; assigneeId: string | null }): Promise<void> {
  await findLetter(db, params.id);
  if (params.assigneeId) await ensureAssignable(db, params.assigneeId);
  const assigned = await assignDeadLetters(db, { ids: [params.id], assigneeId: params.assigneeId, actor });
  if (assigned === 0) throw new ConflictError(`Dead letter ${params.id} is not open`);
}

/** A note on a letter (also on a resolved one: "why we discarded it"), audited with it. */
export async function addComment(db: Db, actor: AuditActor, params: { id: string; body: string }) {
  await findLetter(db, params.id);
  return db.transaction(async (tx) => {
    const [comment] = await tx
      .insert(deadLetterComments)
      .values({ deadLetterId: params.id, authorId: actor.id, authorEmail: actor.email, body: params.body })
      .returning({ id: deadLetterComments.id, authorEmail: deadLetterComments.authorEmail, body: deadLetterComments.body, createdAt: deadLetterComments.createdAt });
    await writeAudit(tx, actor, { action: "dead_letter.comment", targetType: "dead_letter", targetId: params.id, summary: { commentId: comment!.id, preview: params.body.slice(0, 200) } });
    return comment!;
  });
}
