import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import type { DeadLetterFilter } from "../dead-letter-filter";
import type { BulkOperationKind } from "../enums";
import { NotFoundError } from "../errors";
import { bulkOperationItems, bulkOperations, runs } from "../schema";
import { writeAudit, type AuditActor, type AuditEntry } from "./audit";
import type { BulkItem } from "./dead-letter-bulk";

/**
 * The record of a bulk dead-letter action: progress the UI polls, per-letter
 * outcomes, and the audit rows at its start and end (docs/architecture.md "Dead
 * letters and bulk operations").
 */

const bulkAudit = (operationId: string, summary: Record<string, unknown>): AuditEntry => ({ action: "dead_letter.bulk", targetType: "bulk_operation", targetId: operationId, summary });

/**
 * Records a bulk action about to run over `total` letters, audited with what it runs
 * over: `filter` is stored as resolved; `selection` is what the audit row names (a
 * long id list by its length only).
 */
export async function createBulkOperation(
  db: Db,
  actor: AuditActor,
  params: { kind: BulkOperationKind; filter: DeadLetterFilter; params: Record<string, unknown>; total: number; selection: unknown },
) {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(bulkOperations).values({ kind: params.kind, filter: params.filter, params: params.params, total: params.total, actorId: actor.id, actorEmail: actor.email }).returning();
    await writeAudit(tx, actor, bulkAudit(row!.id, { phase: "start", kind: params.kind, total: params.total, selection: params.selection, ...params.params }));
    return row!;
  });
}

export interface BulkCounts {
  done: number;
  succeeded: number;
  failed: number;
}

/** Adds per-letter outcomes and the running counts in one transaction; with a status, the operation ends. */
export async function recordBulkProgress(db: Db, operationId: string, progress: { items: BulkItem[]; counts: BulkCounts; status?: "completed" | "interrupted" | undefined }): Promise<void> {
  await db.transaction(async (tx) => {
    if (progress.items.length) {
      await tx
        .insert(bulkOperationItems)
        .values(progress.items.map((item) => ({ operationId, deadLetterId: item.id, runId: item.runId, outcome: item.ok ? "ok" : "failed", message: item.message })));
    }
    await tx
      .update(bulkOperations)
      .set({ ...progress.counts, ...(progress.status ? { status: progress.status, finishedAt: sql`now()` } : {}) })
      .where(eq(bulkOperations.id, operationId));
  });
}

/** The audit row at a bulk action's end (`summary` says how it went). */
export function auditBulkFinish(db: Db, actor: AuditActor, operationId: string, summary: Record<string, unknown>): Promise<void> {
  return writeAudit(db, actor, bulkAudit(operationId, { phase: "finish", ...summary }));
}

/**
 * Marks every operation still `running` as interrupted, each audited, and returns
 * them. Bulk work runs in the designer process that started it, so at that process's
 * start such an operation belonged to one that stopped mid-way.
 */
export async function interruptRunningBulkOperations(db: Db) {
  const rows = await db
    .update(bulkOperations)
    .set({ status: "interrupted", finishedAt: sql`now()` })
    .where(eq(bulkOperations.status, "running"))
    .returning({ id: bulkOperations.id, kind: bulkOperations.kind, total: bulkOperations.total, done: bulkOperations.done });
  for (const row of rows) await writeAudit(db, null, bulkAudit(row.id, { phase: "interrupted", kind: row.kind, total: row.total, done: row.done }));
  return rows;
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

/** Every letter an operation touched, with its outcome (the per-item record; status shows only failures). */
export function listBulkOperationItems(db: Db, operationId: string) {
  return db.select().from(bulkOperationItems).where(eq(bulkOperationItems.operationId, operationId));
}
