import { and, asc, count, desc, eq, gte, inArray, isNull, lte, max, min, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import type { DeadLetterFilter, WorkbenchFilter } from "../dead-letter-filter";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors";
import { auditLog, deadLetterComments, deadLetters, flows, flowVersions, runs, users } from "../schema";
import { writeAudit, type AuditActor } from "./audit";
import { businessKeyCandidates } from "./runs";

/**
 * Dead letters one at a time: the workbench's reads and the actions on a letter
 * (docs/architecture.md "Dead letters and bulk operations"). Putting a letter back
 * into its run is shared with @ipaas/jobs, which enqueues the run afterwards.
 */

export type DeadLetterRow = typeof deadLetters.$inferSelect;

/**
 * The workbench filter in stored terms ("me" → the caller's id, a search → the
 * business keys it may mean), so the groups, the list, the count in a confirmation
 * and the bulk action all match the same rows.
 */
export function toDeadLetterFilter(filter: WorkbenchFilter, me: string): DeadLetterFilter {
  const assigneeId = filter.assignee === "me" ? me : filter.assignee === "unassigned" ? null : filter.assignee;
  return {
    ...(filter.flowId ? { flowId: filter.flowId } : {}),
    ...(filter.nodeId ? { nodeId: filter.nodeId } : {}),
    ...(filter.errorClass ? { errorClass: filter.errorClass } : {}),
    ...(filter.errorCode !== undefined ? { errorCode: filter.errorCode } : {}),
    ...(filter.search ? { businessKey: businessKeyCandidates(filter.search.trim()) } : {}),
    ...(assigneeId !== undefined ? { assigneeId } : {}),
    ...(filter.from ? { from: filter.from } : {}),
    ...(filter.to ? { to: filter.to } : {}),
  };
}

const NO_ID = "00000000-0000-0000-0000-000000000000";

/** The open letters a filter matches, as a where clause. */
export function deadLetterWhere(filter: DeadLetterFilter): SQL {
  const where: SQL[] = [eq(deadLetters.status, "open")];
  if (filter.ids) where.push(inArray(deadLetters.id, filter.ids.length ? filter.ids : [NO_ID]));
  if (filter.flowId) where.push(eq(deadLetters.flowId, filter.flowId));
  if (filter.nodeId) where.push(eq(deadLetters.nodeId, filter.nodeId));
  if (filter.errorClass) where.push(eq(deadLetters.errorClass, filter.errorClass));
  if (filter.errorCode !== undefined) where.push(sql`coalesce(${deadLetters.error}->>'code', '') = ${filter.errorCode}`);
  if (typeof filter.businessKey === "string") where.push(eq(deadLetters.businessKey, filter.businessKey));
  else if (filter.businessKey) where.push(inArray(deadLetters.businessKey, filter.businessKey.length ? filter.businessKey : [""]));
  if (filter.assigneeId === null) where.push(isNull(deadLetters.assigneeId));
  else if (filter.assigneeId) where.push(eq(deadLetters.assigneeId, filter.assigneeId));
  if (filter.from) where.push(gte(deadLetters.createdAt, filter.from));
  if (filter.to) where.push(lte(deadLetters.createdAt, filter.to));
  return and(...where)!;
}

const MAX_GROUPS = 200;

/** The target's error code ("INVALID_KEY_OR_REF"): what ops recognise a pile by; "" when the error has none. */
const errorCode = sql<string>`coalesce(${deadLetters.error}->>'code', '')`;

/** Open letters by flow + node + error class + code, biggest pile first, and the error classes there are (for the filter). */
export async function listDeadLetterGroups(db: Db, filter: DeadLetterFilter) {
  const newestFirst = sql`order by ${deadLetters.createdAt} desc`;
  const groups = await db
    .select({
      flowId: deadLetters.flowId,
      flowName: flows.name,
      nodeId: deadLetters.nodeId,
      nodeName: max(deadLetters.nodeName),
      errorClass: deadLetters.errorClass,
      count: count(),
      // The newest letter's error stands for the group ("what is failing right now").
      sampleMessage: sql<string>`(array_agg(${deadLetters.errorMessage} ${newestFirst}))[1]`,
      errorCode,
      oldest: min(deadLetters.createdAt),
      newest: max(deadLetters.createdAt),
    })
    .from(deadLetters)
    .innerJoin(flows, eq(flows.id, deadLetters.flowId))
    .where(deadLetterWhere(filter))
    .groupBy(deadLetters.flowId, flows.name, deadLetters.nodeId, deadLetters.errorClass, errorCode)
    .orderBy(desc(count()), desc(max(deadLetters.createdAt)))
    .limit(MAX_GROUPS);
  const classes = await db.selectDistinct({ errorClass: deadLetters.errorClass }).from(deadLetters).where(eq(deadLetters.status, "open")).orderBy(asc(deadLetters.errorClass));
  return {
    groups: groups.map((g) => ({ ...g, nodeName: g.nodeName || g.nodeId, oldest: g.oldest ?? new Date(0), newest: g.newest ?? new Date(0) })),
    errorClasses: classes.map((c) => c.errorClass),
  };
}

/**
 * Newest first, keyset-paginated. The cursor is the last letter's id and the
 * comparison reads that row's stored timestamp, so microsecond timestamps (which
 * a JS Date would round) neither repeat nor skip letters between pages.
 */
export async function listDeadLetters(db: Db, params: { filter: DeadLetterFilter; limit: number; cursor?: string | null | undefined }) {
  const where = [deadLetterWhere(params.filter)];
  if (params.cursor) where.push(sql`(${deadLetters.createdAt}, ${deadLetters.id}) < (select c.created_at, c.id from ${deadLetters} c where c.id = ${params.cursor})`);
  const rows = await db
    .select({
      id: deadLetters.id,
      runId: deadLetters.runId,
      flowId: deadLetters.flowId,
      nodeId: deadLetters.nodeId,
      nodeName: deadLetters.nodeName,
      lineage: deadLetters.lineage,
      businessKey: deadLetters.businessKey,
      errorClass: deadLetters.errorClass,
      errorCode: sql<string | null>`${deadLetters.error}->>'code'`,
      errorMessage: deadLetters.errorMessage,
      attempts: deadLetters.attempts,
      createdAt: deadLetters.createdAt,
      assigneeId: deadLetters.assigneeId,
      assigneeEmail: users.email,
    })
    .from(deadLetters)
    .leftJoin(users, eq(users.id, deadLetters.assigneeId))
    .where(and(...where))
    .orderBy(desc(deadLetters.createdAt), desc(deadLetters.id))
    .limit(params.limit + 1);
  const items = rows.slice(0, params.limit);
  return { items, nextCursor: rows.length > params.limit ? (items.at(-1)?.id ?? null) : null };
}

export async function findDeadLetter(db: Db, id: string): Promise<DeadLetterRow> {
  const [letter] = await db.select().from(deadLetters).where(eq(deadLetters.id, id)).limit(1);
  if (!letter) throw new NotFoundError(`Dead letter ${id} does not exist`);
  return letter;
}

/** Every letter a run left, oldest first (a resubmission that fails again leaves a new one). */
export function listRunDeadLetters(db: Db, runId: string): Promise<DeadLetterRow[]> {
  return db.select().from(deadLetters).where(eq(deadLetters.runId, runId)).orderBy(asc(deadLetters.createdAt), asc(deadLetters.id));
}

/** The definition of the flow version a letter's run ran (to find the failed step's operation), or null when the run is gone. */
export async function deadLetterVersion(db: Db, letter: Pick<DeadLetterRow, "runId">): Promise<{ id: string; definition: unknown } | null> {
  const [row] = await db.select({ id: flowVersions.id, definition: flowVersions.definition }).from(runs).innerJoin(flowVersions, eq(flowVersions.id, runs.flowVersionId)).where(eq(runs.id, letter.runId)).limit(1);
  return row ?? null;
}

const RUN_LETTERS_LIMIT = 200;
const HISTORY_LIMIT = 200;

/** One letter with what the detail panel shows around it: its flow and run, comments, audit history and the run's other letters. */
export async function getDeadLetterRecord(db: Db, id: string) {
  const [row] = await db
    .select({ letter: deadLetters, flowName: flows.name, runStatus: runs.status, assigneeEmail: users.email })
    .from(deadLetters)
    .innerJoin(flows, eq(flows.id, deadLetters.flowId))
    .innerJoin(runs, eq(runs.id, deadLetters.runId))
    .leftJoin(users, eq(users.id, deadLetters.assigneeId))
    .where(eq(deadLetters.id, id))
    .limit(1);
  if (!row) throw new NotFoundError(`Dead letter ${id} does not exist`);
  const [comments, history, runLetters] = await Promise.all([
    db
      .select({ id: deadLetterComments.id, authorEmail: deadLetterComments.authorEmail, body: deadLetterComments.body, createdAt: deadLetterComments.createdAt })
      .from(deadLetterComments)
      .where(eq(deadLetterComments.deadLetterId, id))
      .orderBy(asc(deadLetterComments.createdAt)),
    db
      .select({ id: auditLog.id, action: auditLog.action, actorEmail: auditLog.actorEmail, summary: auditLog.summary, createdAt: auditLog.createdAt })
      .from(auditLog)
      .where(and(eq(auditLog.targetType, "dead_letter"), eq(auditLog.targetId, id)))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id))
      .limit(HISTORY_LIMIT),
    db
      .select({
        id: deadLetters.id,
        nodeId: deadLetters.nodeId,
        nodeName: deadLetters.nodeName,
        lineage: deadLetters.lineage,
        status: deadLetters.status,
        errorMessage: deadLetters.errorMessage,
        resolution: deadLetters.resolution,
        createdAt: deadLetters.createdAt,
      })
      .from(deadLetters)
      .where(eq(deadLetters.runId, row.letter.runId))
      .orderBy(asc(deadLetters.createdAt), asc(deadLetters.id))
      .limit(RUN_LETTERS_LIMIT),
  ]);
  return { ...row, comments, history, runLetters };
}

/** The job that continues a run: the runs queue's payload (@ipaas/jobs RunJob). */
export interface ResumedRun {
  runId: string;
  flowId: string;
  flowVersionId: string;
  seq: number;
}

/** A resubmission that moves the run to another version (replay on the latest version). */
export interface ReplayMove {
  flowVersionId: string;
  /** Its number, for the audit row and the letter's resolution. */
  version: number;
  mode: string;
  resolution: string;
  /** Also close the run's other open letters (a re-run from the trigger covers them). */
  closeRunLetters: boolean;
}

/**
 * Puts a dead-lettered step back into its run (docs/architecture.md "Run semantics",
 * resubmission), in one transaction: claims the letter (two operators pressing retry
 * at once resubmit it once), lets `resume` add the work item to the run's state, bumps
 * job_seq and queues the run again, and audits it. The caller enqueues the returned
 * job; if that is lost, the runtime's sweeper enqueues the overdue run.
 */
export async function reopenRunAtDeadLetter(
  db: Db,
  params: {
    deadLetterId: string;
    edited: boolean;
    actor: AuditActor;
    resume: (state: unknown, letter: DeadLetterRow, run: typeof runs.$inferSelect) => unknown;
    /** Replay on another version: the run moves to it, and the audit row says from which, to which and how. */
    replay?: ReplayMove;
  },
): Promise<ResumedRun> {
  return db.transaction(async (tx) => {
    const [letter] = await tx
      .update(deadLetters)
      .set({ status: "resubmitted", resolvedAt: sql`now()`, resolution: params.replay?.resolution ?? (params.edited ? "resubmitted with edited input" : "resubmitted") })
      .where(and(eq(deadLetters.id, params.deadLetterId), eq(deadLetters.status, "open")))
      .returning();
    if (!letter) throw new ConflictError(`Dead letter ${params.deadLetterId} is not open`);
    const [run] = await tx.select().from(runs).where(eq(runs.id, letter.runId)).for("update");
    if (!run) throw new NotFoundError(`Run ${letter.runId} does not exist`);
    const jobSeq = run.jobSeq + 1;
    const replay = params.replay;
    const flowVersionId = replay?.flowVersionId ?? run.flowVersionId;
    await tx
      .update(runs)
      .set({ state: params.resume(run.state, letter, run), flowVersionId, jobSeq, status: "queued", wakeAt: sql`now()`, finishedAt: null, durationMs: null, error: null })
      .where(eq(runs.id, run.id));
    // A re-run from the trigger redoes every lineage: the run's other open letters are answered by it too.
    const others = replay?.closeRunLetters
      ? await tx
          .update(deadLetters)
          .set({ status: "resubmitted", resolvedAt: sql`now()`, resolution: replay.resolution })
          .where(and(eq(deadLetters.runId, run.id), eq(deadLetters.status, "open")))
          .returning({ id: deadLetters.id })
      : [];
    const summary = { runId: run.id, nodeId: letter.nodeId, lineage: letter.lineage, editedInput: params.edited };
    const replayed = replay ? { replay: { mode: replay.mode, fromVersionId: run.flowVersionId, toVersionId: flowVersionId, version: replay.version } } : {};
    await writeAudit(
      tx,
      params.actor,
      [letter.id, ...others.map((o) => o.id)].map((targetId) => ({ action: "dead_letter.resubmit", targetType: "dead_letter", targetId, summary: { ...summary, ...replayed } })),
    );
    return { runId: run.id, flowId: run.flowId, flowVersionId, seq: jobSeq };
  });
}

/** Closes a dead letter without running it; a run left with nothing open becomes `discarded`. */
export async function discardDeadLetter(db: Db, params: { deadLetterId: string; reason: string; actor: AuditActor }): Promise<{ runId: string }> {
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
    await writeAudit(tx, params.actor, { action: "dead_letter.discard", targetType: "dead_letter", targetId: letter.id, summary: { runId: letter.runId, reason: params.reason } });
    return { runId: letter.runId };
  });
}

/** Letters go to people who may act on them: enabled admins and operators. */
const assignable = and(inArray(users.role, ["admin", "operator"]), isNull(users.disabledAt));

/** Who a letter can be given to, by email. */
export function listAssignees(db: Db) {
  return db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(assignable).orderBy(asc(users.email));
}

export async function isAssignable(db: Db, userId: string): Promise<boolean> {
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), assignable))
    .limit(1);
  return user !== undefined;
}

/** A note on a letter (also on a resolved one: "why we discarded it"), audited with it. */
export async function addDeadLetterComment(db: Db, actor: AuditActor, params: { id: string; body: string }) {
  return db.transaction(async (tx) => {
    const [comment] = await tx
      .insert(deadLetterComments)
      .values({ deadLetterId: params.id, authorId: actor.id, authorEmail: actor.email, body: params.body })
      .returning({ id: deadLetterComments.id, authorEmail: deadLetterComments.authorEmail, body: deadLetterComments.body, createdAt: deadLetterComments.createdAt });
    await writeAudit(tx, actor, { action: "dead_letter.comment", targetType: "dead_letter", targetId: params.id, summary: { commentId: comment!.id, preview: params.body.slice(0, 200) } });
    return comment!;
  });
}
