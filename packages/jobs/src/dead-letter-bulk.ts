import { schema, type Db } from "@ipaas/db";
import type { Queue } from "bullmq";
import { and, count, eq, gte, inArray, isNull, lte, sql, type SQL } from "drizzle-orm";
import { discardDeadLetter, resubmitDeadLetter, type Actor, type OperationLookup } from "./dead-letters";
import type { RunJob } from "./payloads";

const { deadLetters, auditLog } = schema;

/** Which open dead letters a bulk action applies to; every field narrows the set. */
export interface DeadLetterFilter {
  ids?: string[];
  flowId?: string;
  nodeId?: string;
  errorClass?: string;
  /** The target's error code (INVALID_KEY_OR_REF, HTTP_400, …); "" matches letters without one. */
  errorCode?: string;
  /** One business key, or any of several (a search for "1001" also means "#1001"). */
  businessKey?: string | string[];
  /** A user's id, or null for letters nobody owns yet. */
  assigneeId?: string | null;
  from?: Date;
  to?: Date;
}

/** A bulk action never touches more than this at once; the UI states the count first. */
export const BULK_LIMIT = 5000;

const NO_ID = "00000000-0000-0000-0000-000000000000";

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

const idsOf = (db: Db, selection: BulkSelection) => (selection.ids ? Promise.resolve(selection.ids) : matchingDeadLetterIds(db, selection.filter));

/** Applies `action` to each letter on its own, so one failure does not stop the rest. */
async function eachLetter(ids: string[], action: (id: string) => Promise<{ runId: string }>, callbacks: BulkCallbacks): Promise<BulkResult> {
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
    await callbacks.onItem?.(item);
    callbacks.onProgress?.(i + 1, ids.length);
  }
  return result;
}

export async function resubmitDeadLetters(
  deps: { db: Db; queue: Queue<RunJob>; registry?: OperationLookup },
  params: BulkSelection & BulkCallbacks & { actor: Actor },
): Promise<BulkResult> {
  const ids = await idsOf(deps.db, params);
  return eachLetter(ids, (deadLetterId) => resubmitDeadLetter(deps, { deadLetterId, actor: params.actor }), params);
}

export async function discardDeadLetters(db: Db, params: BulkSelection & BulkCallbacks & { reason: string; actor: Actor }): Promise<BulkResult> {
  const ids = await idsOf(db, params);
  return eachLetter(ids, (deadLetterId) => discardDeadLetter(db, { deadLetterId, reason: params.reason, actor: params.actor }), params);
}

/**
 * Assigns matching open letters to a teammate (null to unassign), in one statement.
 * `onItem` hears about each letter after the commit (given ids that were no longer
 * open as failed).
 */
export async function assignDeadLetters(db: Db, params: BulkSelection & Pick<BulkCallbacks, "onItem"> & { assigneeId: string | null; actor: Actor }): Promise<number> {
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
    await tx.insert(auditLog).values(
      rows.map((r) => ({
        actorId: params.actor.id,
        actorEmail: params.actor.email,
        ip: params.actor.ip ?? null,
        action: "dead_letter.assign",
        targetType: "dead_letter",
        targetId: r.id,
        summary: { assigneeId: params.assigneeId },
      })),
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
