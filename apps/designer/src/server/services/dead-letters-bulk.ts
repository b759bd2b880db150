import { ConflictError, NotFoundError, schema, writeAudit, type AuditActor, type Db } from "@ipaas/db";
import { assignDeadLetters, BULK_LIMIT, discardDeadLetters, InvalidInputError, matchingDeadLetterIds, resubmitDeadLetters, type BulkItem } from "@ipaas/jobs";
import { and, eq, sql } from "drizzle-orm";
import type { RunsQueue } from "../context";
import { ensureAssignable } from "./dead-letters-actions";
import { toDeadLetterFilter, type WorkbenchFilter } from "./dead-letters";

const { bulkOperations, bulkOperationItems, runs } = schema;

export type BulkSelection = { ids: string[] } | { filter: WorkbenchFilter };
export type BulkRequest = { selection: BulkSelection; expectedCount: number } & (
  | { action: "retry" }
  | { action: "discard"; reason: string }
  | { action: "assign"; assigneeId: string | null }
);

/** The open letters a selection stands for right now, oldest first (one more than the limit, to detect "too many"). */
async function resolveSelection(db: Db, selection: BulkSelection, me: string): Promise<string[]> {
  const filter = "ids" in selection ? { ids: [...new Set(selection.ids)] } : toDeadLetterFilter(selection.filter, me);
  return matchingDeadLetterIds(db, filter, BULK_LIMIT + 1);
}

/**
 * Starts a bulk action and returns at once; the work continues in this process
 * (progress in bulk_operations, per-letter outcomes in bulk_operation_items).
 * The set is fixed here: the person confirmed "Retry N", so if the selection
 * matches a different number now, nothing happens (CONFLICT) and they look again.
 */
export async function startBulkOperation(deps: { db: Db; queue: RunsQueue }, actor: AuditActor, me: string, request: BulkRequest) {
  const { db } = deps;
  const ids = await resolveSelection(db, request.selection, me);
  if (ids.length > BULK_LIMIT) throw new InvalidInputError([{ path: "selection", message: `matches more than ${BULK_LIMIT} dead letters; narrow the filter` }]);
  if (ids.length !== request.expectedCount) {
    throw new ConflictError(`The selection now matches ${ids.length} open dead letters, not ${request.expectedCount}: review it and confirm again`);
  }
  if (ids.length === 0) throw new InvalidInputError([{ path: "selection", message: "matches no open dead letters" }]);
  if (request.action === "assign" && request.assigneeId) await ensureAssignable(db, request.assigneeId);

  const params = request.action === "discard" ? { reason: request.reason } : request.action === "assign" ? { assigneeId: request.assigneeId } : {};
  // Stored as resolved ("me" → a user id), so the record says what it ran over; the audit row names a long id list by its length only.
  const filter = "ids" in request.selection ? { ids } : toDeadLetterFilter(request.selection.filter, me);
  const selection = "ids" in request.selection ? { ids: ids.length } : filter;
  const operation = await db.transaction(async (tx) => {
    const [row] = await tx.insert(bulkOperations).values({ kind: request.action, filter, params, total: ids.length, actorId: actor.id, actorEmail: actor.email }).returning();
    await writeAudit(tx, actor, { action: "dead_letter.bulk", targetType: "bulk_operation", targetId: row!.id, summary: { phase: "start", kind: request.action, total: ids.length, selection, ...params } });
    return row!;
  });
  // Not awaited: the request answers now and the browser polls bulkStatus.
  void runBulkOperation(deps, actor, operation.id, request, ids);
  return { operationId: operation.id, total: ids.length };
}

/** Writes counts and item rows every FLUSH_ITEMS letters or FLUSH_MS, whichever comes first. */
const FLUSH_ITEMS = 10;
const FLUSH_MS = 250;

class BulkProgress {
  private pending: Array<typeof bulkOperationItems.$inferInsert> = [];
  private counts = { done: 0, succeeded: 0, failed: 0 };
  private flushedAt = Date.now();

  constructor(
    private readonly db: Db,
    private readonly operationId: string,
  ) {}

  get result() {
    return { ...this.counts };
  }

  async add(item: BulkItem): Promise<void> {
    this.counts.done++;
    if (item.ok) this.counts.succeeded++;
    else this.counts.failed++;
    this.pending.push({ operationId: this.operationId, deadLetterId: item.id, runId: item.runId, outcome: item.ok ? "ok" : "failed", message: item.message });
    if (this.pending.length >= FLUSH_ITEMS || Date.now() - this.flushedAt >= FLUSH_MS) await this.flush();
  }

  async flush(status?: "completed" | "interrupted"): Promise<void> {
    const items = this.pending;
    this.pending = [];
    this.flushedAt = Date.now();
    await this.db.transaction(async (tx) => {
      if (items.length) await tx.insert(bulkOperationItems).values(items);
      await tx
        .update(bulkOperations)
        .set({ ...this.counts, ...(status ? { status, finishedAt: sql`now()` } : {}) })
        .where(eq(bulkOperations.id, this.operationId));
    });
  }
}

async function runBulkOperation(deps: { db: Db; queue: RunsQueue }, actor: AuditActor, operationId: string, request: BulkRequest, ids: string[]): Promise<void> {
  const progress = new BulkProgress(deps.db, operationId);
  const onItem = (item: BulkItem) => progress.add(item);
  let status: "completed" | "interrupted" = "completed";
  let error: string | undefined;
  try {
    if (request.action === "retry") await resubmitDeadLetters(deps, { ids, actor, onItem });
    else if (request.action === "discard") await discardDeadLetters(deps.db, { ids, reason: request.reason, actor, onItem });
    else await assignDeadLetters(deps.db, { ids, assigneeId: request.assigneeId, actor, onItem });
  } catch (err) {
    // A failure of the loop itself (the database went away), not of one letter.
    status = "interrupted";
    error = err instanceof Error ? err.message : String(err);
    console.error(`Bulk operation ${operationId} stopped: ${error}`);
  }
  try {
    await progress.flush(status);
    await writeAudit(deps.db, actor, {
      action: "dead_letter.bulk",
      targetType: "bulk_operation",
      targetId: operationId,
      summary: { phase: "finish", kind: request.action, status, total: ids.length, ...progress.result, ...(error ? { error } : {}) },
    });
  } catch (err) {
    // Left `running`: the next designer start marks it interrupted.
    console.error(`Bulk operation ${operationId}: could not record its end: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Designer start-up: an operation still `running` belonged to a process that
 * stopped mid-way (bulk work runs in the designer process that started it), so
 * it will never finish. Assumes one designer process per database, as deployed.
 */
export async function markInterruptedBulkOperations(db: Db): Promise<number> {
  const rows = await db
    .update(bulkOperations)
    .set({ status: "interrupted", finishedAt: sql`now()` })
    .where(eq(bulkOperations.status, "running"))
    .returning({ id: bulkOperations.id, kind: bulkOperations.kind, total: bulkOperations.total, done: bulkOperations.done });
  for (const row of rows) {
    await writeAudit(db, null, { action: "dead_letter.bulk", targetType: "bulk_operation", targetId: row.id, summary: { phase: "interrupted", kind: row.kind, total: row.total, done: row.done } });
    console.warn(`Bulk ${row.kind} ${row.id} was cut short by a restart after ${row.done} of ${row.total} dead letters; marked interrupted.`);
  }
  return rows.length;
}

const FAILURES_SHOWN = 50;

/**
 * An operation's progress and, for retries, where the resumed runs stand now:
 * succeeded, dead again, or still going. Counted per letter, like the totals.
 */
export async function getBulkStatus(db: Db, id: string) {
  const [operation] = await db.select().from(bulkOperations).where(eq(bulkOperations.id, id)).limit(1);
  if (!operation) throw new NotFoundError(`Bulk operation ${id} does not exist`);
  const [outcomes] = await db
    .select({
      succeeded: sql<number>`count(*) filter (where ${runs.status} = 'succeeded')::int`,
      failedAgain: sql<number>`count(*) filter (where ${runs.status} = 'dead')::int`,
      inProgress: sql<number>`count(*) filter (where ${runs.status} in ('queued', 'running', 'failed'))::int`,
      other: sql<number>`count(*) filter (where ${runs.status} in ('discarded', 'skipped'))::int`,
    })
    .from(bulkOperationItems)
    .innerJoin(runs, eq(runs.id, bulkOperationItems.runId))
    .where(and(eq(bulkOperationItems.operationId, id), eq(bulkOperationItems.outcome, "ok")));
  const failures = await db
    .select({ deadLetterId: bulkOperationItems.deadLetterId, message: bulkOperationItems.message })
    .from(bulkOperationItems)
    .where(and(eq(bulkOperationItems.operationId, id), eq(bulkOperationItems.outcome, "failed")))
    .limit(FAILURES_SHOWN);
  return {
    operation: { ...operation, params: operation.params as Record<string, unknown> },
    runs: operation.kind === "retry" ? (outcomes ?? { succeeded: 0, failedAgain: 0, inProgress: 0, other: 0 }) : null,
    failures: failures.map((f) => ({ deadLetterId: f.deadLetterId, message: f.message ?? "" })),
  };
}
