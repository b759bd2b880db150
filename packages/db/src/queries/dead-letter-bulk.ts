import { count, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { BULK_LIMIT, type DeadLetterFilter } from "../dead-letter-filter";
import { deadLetters } from "../schema";
import { writeAudit, type AuditActor } from "./audit";
import { deadLetterWhere, discardDeadLetter } from "./dead-letters";

/**
 * Actions over many dead letters at once: what a selection matches, and retry /
 * discard / assign applied letter by letter (docs/architecture.md "Dead letters and
 * bulk operations").
 */

/** The ids of the open letters a filter matches, oldest first, at most `limit`. */
export async function matchingDeadLetterIds(db: Db, filter: DeadLetterFilter, limit = BULK_LIMIT): Promise<string[]> {
  const rows = await db.select({ id: deadLetters.id }).from(deadLetters).where(deadLetterWhere(filter)).orderBy(deadLetters.createdAt, deadLetters.id).limit(limit);
  return rows.map((r) => r.id);
}

/** How many open letters a filter matches (uncapped, so callers can say "too many"). */
export async function countDeadLetters(db: Db, filter: DeadLetterFilter): Promise<number> {
  const [row] = await db.select({ n: count() }).from(deadLetters).where(deadLetterWhere(filter));
  return row?.n ?? 0;
}

/**
 * What a bulk action runs over: a filter (matched when it starts), or ids that the
 * caller already matched and showed to a person. Given ids are acted on exactly;
 * one that is no longer open fails on its own ("not open") instead of vanishing.
 */
export type BulkSelection = { filter: DeadLetterFilter; ids?: undefined } | { ids: string[]; filter?: undefined };

/** The outcome for one letter, reported as it happens (progress bars, per-item records). */
export interface BulkItem {
  id: string;
  /** The run the letter belongs to, when the action got as far as knowing it. */
  runId: string | null;
  ok: boolean;
  message: string | null;
}

export interface BulkCallbacks {
  onProgress?: (done: number, total: number) => void;
  /** Awaited before the next letter, so a slow writer slows the loop instead of piling up. */
  onItem?: (item: BulkItem) => void | Promise<void>;
}

export interface BulkResult {
  matched: number;
  succeeded: number;
  failed: Array<{ id: string; message: string }>;
}

/**
 * Applies `action` to each selected letter on its own, so one failure does not stop
 * the rest. Shared by bulk discard (here) and bulk resubmission (@ipaas/jobs).
 */
export async function eachDeadLetter(db: Db, params: BulkSelection & BulkCallbacks, action: (id: string) => Promise<{ runId: string }>): Promise<BulkResult> {
  const ids = params.ids ?? (await matchingDeadLetterIds(db, params.filter));
  const result: BulkResult = { matched: ids.length, succeeded: 0, failed: [] };
  for (const [i, id] of ids.entries()) {
    let item: BulkItem;
    try {
      const { runId } = await action(id);
      result.succeeded++;
      item = { id, runId, ok: true, message: null };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      result.failed.push({ id, message });
      item = { id, runId: null, ok: false, message };
    }
    await params.onItem?.(item);
    params.onProgress?.(i + 1, ids.length);
  }
  return result;
}

export function discardDeadLetters(db: Db, params: BulkSelection & BulkCallbacks & { reason: string; actor: AuditActor }): Promise<BulkResult> {
  return eachDeadLetter(db, params, (deadLetterId) => discardDeadLetter(db, { deadLetterId, reason: params.reason, actor: params.actor }));
}

/**
 * Assigns matching open letters to a teammate (null to unassign), in one statement.
 * `onItem` hears about each letter after the commit (given ids that were no longer
 * open as failed).
 */
export async function assignDeadLetters(db: Db, params: BulkSelection & Pick<BulkCallbacks, "onItem"> & { assigneeId: string | null; actor: AuditActor }): Promise<number> {
  const filter = params.ids ? { ids: params.ids } : params.filter;
  const assigned = await db.transaction(async (tx) => {
    const rows = await tx.select({ id: deadLetters.id, runId: deadLetters.runId }).from(deadLetters).where(deadLetterWhere(filter)).limit(BULK_LIMIT);
    if (rows.length === 0) return rows;
    await tx
      .update(deadLetters)
      .set({ assigneeId: params.assigneeId })
      .where(
        inArray(
          deadLetters.id,
          rows.map((r) => r.id),
        ),
      );
    await writeAudit(
      tx,
      params.actor,
      rows.map((r) => ({ action: "dead_letter.assign", targetType: "dead_letter", targetId: r.id, summary: { assigneeId: params.assigneeId } })),
    );
    return rows;
  });
  if (params.onItem) {
    const byId = new Map(assigned.map((r) => [r.id, r.runId]));
    for (const id of params.ids ?? [...byId.keys()]) {
      const runId = byId.get(id);
      await params.onItem(runId ? { id, runId, ok: true, message: null } : { id, runId: null, ok: false, message: `Dead letter ${id} is not open` });
    }
  }
  return assigned.length;
}
