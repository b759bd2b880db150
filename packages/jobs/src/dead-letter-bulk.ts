import { schema, type Db } from "@ipaas/db";
import type { Queue } from "bullmq";
import { and, eq, gte, inArray, lte, type SQL } from "drizzle-orm";
import { discardDeadLetter, resubmitDeadLetter, type Actor, type OperationLookup } from "./dead-letters";
import type { RunJob } from "./payloads";

const { deadLetters, auditLog } = schema;

/** Which open dead letters a bulk action applies to; every field narrows the set. */
export interface DeadLetterFilter {
  ids?: string[];
  flowId?: string;
  nodeId?: string;
  errorClass?: string;
  businessKey?: string;
  from?: Date;
  to?: Date;
}

/** A bulk action never touches more than this at once; the UI states the count first. */
export const BULK_LIMIT = 5000;

export function deadLetterWhere(filter: DeadLetterFilter): SQL {
  const where: SQL[] = [eq(deadLetters.status, "open")];
  if (filter.ids) where.push(inArray(deadLetters.id, filter.ids.length ? filter.ids : ["00000000-0000-0000-0000-000000000000"]));
  if (filter.flowId) where.push(eq(deadLetters.flowId, filter.flowId));
  if (filter.nodeId) where.push(eq(deadLetters.nodeId, filter.nodeId));
  if (filter.errorClass) where.push(eq(deadLetters.errorClass, filter.errorClass));
  if (filter.businessKey) where.push(eq(deadLetters.businessKey, filter.businessKey));
  if (filter.from) where.push(gte(deadLetters.createdAt, filter.from));
  if (filter.to) where.push(lte(deadLetters.createdAt, filter.to));
  return and(...where)!;
}

async function matching(db: Db, filter: DeadLetterFilter): Promise<string[]> {
  const rows = await db.select({ id: deadLetters.id }).from(deadLetters).where(deadLetterWhere(filter)).orderBy(deadLetters.createdAt).limit(BULK_LIMIT);
  return rows.map((r) => r.id);
}

export interface BulkResult {
  matched: number;
  succeeded: number;
  failed: Array<{ id: string; message: string }>;
}

/** Applies `action` to each matching letter on its own, so one failure does not stop the rest. */
async function eachLetter(ids: string[], action: (id: string) => Promise<unknown>, onProgress?: (done: number, total: number) => void): Promise<BulkResult> {
  const result: BulkResult = { matched: ids.length, succeeded: 0, failed: [] };
  for (const [i, id] of ids.entries()) {
    try {
      await action(id);
      result.succeeded++;
    } catch (err) {
      result.failed.push({ id, message: err instanceof Error ? err.message : String(err) });
    }
    onProgress?.(i + 1, ids.length);
  }
  return result;
}

export async function resubmitDeadLetters(
  deps: { db: Db; queue: Queue<RunJob>; registry?: OperationLookup },
  params: { filter: DeadLetterFilter; actor: Actor; onProgress?: (done: number, total: number) => void },
): Promise<BulkResult> {
  const ids = await matching(deps.db, params.filter);
  return eachLetter(ids, (deadLetterId) => resubmitDeadLetter(deps, { deadLetterId, actor: params.actor }), params.onProgress);
}

export async function discardDeadLetters(db: Db, params: { filter: DeadLetterFilter; reason: string; actor: Actor; onProgress?: (done: number, total: number) => void }): Promise<BulkResult> {
  const ids = await matching(db, params.filter);
  return eachLetter(ids, (deadLetterId) => discardDeadLetter(db, { deadLetterId, reason: params.reason, actor: params.actor }), params.onProgress);
}

/** Assigns matching open letters to a teammate (null to unassign), in one statement. */
export async function assignDeadLetters(db: Db, params: { filter: DeadLetterFilter; assigneeId: string | null; actor: Actor }): Promise<number> {
  return db.transaction(async (tx) => {
    const ids = (await tx.select({ id: deadLetters.id }).from(deadLetters).where(deadLetterWhere(params.filter)).limit(BULK_LIMIT)).map((r) => r.id);
    if (ids.length === 0) return 0;
    await tx.update(deadLetters).set({ assigneeId: params.assigneeId }).where(inArray(deadLetters.id, ids));
    await tx.insert(auditLog).values(
      ids.map((id) => ({
        actorId: params.actor.id,
        actorEmail: params.actor.email,
        ip: params.actor.ip ?? null,
        action: "dead_letter.assign",
        targetType: "dead_letter",
        targetId: id,
        summary: { assigneeId: params.assigneeId },
      })),
    );
    return ids.length;
  });
}
