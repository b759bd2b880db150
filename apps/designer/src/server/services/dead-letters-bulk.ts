import {
  assignDeadLetters,
  auditBulkFinish,
  BULK_LIMIT,
  ConflictError,
  createBulkOperation,
  discardDeadLetters,
  interruptRunningBulkOperations,
  InvalidInputError,
  matchingDeadLetterIds,
  recordBulkProgress,
  toDeadLetterFilter,
  type AuditActor,
  type BulkItem,
  type Db,
  type WorkbenchSelection,
} from "@ipaas/db";
import type { ReplayMode } from "@ipaas/flow";
import { replayDeadLetters, resubmitDeadLetters } from "@ipaas/jobs";
import type { RunsQueue } from "../context";
import { ensureAssignable } from "./dead-letters-actions";

export type BulkRequest = { selection: WorkbenchSelection; expectedCount: number } & (
  | { action: "retry" }
  /** Retry on the flow's latest published version (see replayDeadLetter in @ipaas/jobs). */
  | { action: "replay"; mode: ReplayMode }
  | { action: "discard"; reason: string }
  | { action: "assign"; assigneeId: string | null }
);

/** The stored filter a selection stands for ("me" resolved to a user id). */
export const selectionFilter = (selection: WorkbenchSelection, me: string) => ("ids" in selection ? { ids: [...new Set(selection.ids)] } : toDeadLetterFilter(selection.filter, me));

/**
 * Starts a bulk action and returns at once; the work continues in this process
 * (progress in bulk_operations, per-letter outcomes in bulk_operation_items).
 * The set is fixed here: the person confirmed "Retry N", so if the selection
 * matches a different number now, nothing happens (CONFLICT) and they look again.
 */
export async function startBulkOperation(deps: { db: Db; queue: RunsQueue }, actor: AuditActor, me: string, request: BulkRequest) {
  const { db } = deps;
  // The open letters the selection stands for right now, oldest first (one more than the limit, to detect "too many").
  const ids = await matchingDeadLetterIds(db, selectionFilter(request.selection, me), BULK_LIMIT + 1);
  if (ids.length > BULK_LIMIT) throw new InvalidInputError([{ path: "selection", message: `matches more than ${BULK_LIMIT} dead letters; narrow the filter` }]);
  if (ids.length !== request.expectedCount) {
    throw new ConflictError(`The selection now matches ${ids.length} open dead letters, not ${request.expectedCount}: review it and confirm again`);
  }
  if (ids.length === 0) throw new InvalidInputError([{ path: "selection", message: "matches no open dead letters" }]);
  if (request.action === "assign" && request.assigneeId) await ensureAssignable(db, request.assigneeId);

  const params = request.action === "discard" ? { reason: request.reason } : request.action === "assign" ? { assigneeId: request.assigneeId } : request.action === "replay" ? { replay: request.mode } : {};
  // Stored as resolved ("me" → a user id), so the record says what it ran over; the audit row names a long id list by its length only.
  const filter = "ids" in request.selection ? { ids } : toDeadLetterFilter(request.selection.filter, me);
  const selection = "ids" in request.selection ? { ids: ids.length } : filter;
  const operation = await createBulkOperation(db, actor, { kind: request.action === "replay" ? "retry" : request.action, filter, params, total: ids.length, selection });
  // Not awaited: the request answers now and the browser polls bulkStatus.
  void runBulkOperation(deps, actor, operation.id, request, ids);
  return { operationId: operation.id, total: ids.length };
}

/** Writes counts and item rows every FLUSH_ITEMS letters or FLUSH_MS, whichever comes first. */
const FLUSH_ITEMS = 10;
const FLUSH_MS = 250;

class BulkProgress {
  private pending: BulkItem[] = [];
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
    this.pending.push(item);
    if (this.pending.length >= FLUSH_ITEMS || Date.now() - this.flushedAt >= FLUSH_MS) await this.flush();
  }

  async flush(status?: "completed" | "interrupted"): Promise<void> {
    const items = this.pending;
    this.pending = [];
    this.flushedAt = Date.now();
    await recordBulkProgress(this.db, this.operationId, { items, counts: this.result, status });
  }
}

async function runBulkOperation(deps: { db: Db; queue: RunsQueue }, actor: AuditActor, operationId: string, request: BulkRequest, ids: string[]): Promise<void> {
  const progress = new BulkProgress(deps.db, operationId);
  const onItem = (item: BulkItem) => progress.add(item);
  let status: "completed" | "interrupted" = "completed";
  let error: string | undefined;
  try {
    if (request.action === "retry") await resubmitDeadLetters(deps, { ids, actor, onItem });
    else if (request.action === "replay") await replayDeadLetters(deps, { ids, mode: request.mode, actor, onItem });
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
    await auditBulkFinish(deps.db, actor, operationId, { kind: request.action, status, total: ids.length, ...progress.result, ...(error ? { error } : {}) });
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
  const rows = await interruptRunningBulkOperations(db);
  for (const row of rows) console.warn(`Bulk ${row.kind} ${row.id} was cut short by a restart after ${row.done} of ${row.total} dead letters; marked interrupted.`);
  return rows.length;
}
