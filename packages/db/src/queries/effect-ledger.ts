import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { effectLedger } from "../schema";

/**
 * Effect ledger lookup: the recorded result of a side effect that already completed
 * (docs/architecture.md "Run semantics": a retry or resubmission returns it instead of calling the target again).
 */
export async function findEffect(db: Db, idempotencyKey: string): Promise<{ result: unknown } | null> {
  const [row] = await db.select({ result: effectLedger.result }).from(effectLedger).where(eq(effectLedger.idempotencyKey, idempotencyKey)).limit(1);
  return row ?? null;
}
