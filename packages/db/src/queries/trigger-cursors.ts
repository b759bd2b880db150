import { eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { triggerCursors } from "../schema";

export type TriggerCursorRow = typeof triggerCursors.$inferSelect;

/** A poll trigger's stored position, or undefined before its first poll. */
export async function getTriggerCursor(db: Db, flowId: string): Promise<TriggerCursorRow | undefined> {
  const [stored] = await db.select().from(triggerCursors).where(eq(triggerCursors.flowId, flowId)).limit(1);
  return stored;
}

/** After a successful poll: the new position, and no error. */
export async function saveTriggerCursor(db: Db, params: { flowId: string; cursor: unknown }): Promise<void> {
  await db
    .insert(triggerCursors)
    .values({ flowId: params.flowId, cursor: params.cursor, lastPolledAt: new Date(), lastError: null })
    // excluded.cursor: the inserted value as serialised for jsonb (a raw "3" would become the number 3).
    .onConflictDoUpdate({ target: triggerCursors.flowId, set: { cursor: sql`excluded.cursor`, lastPolledAt: sql`now()`, lastError: null, updatedAt: sql`now()` } });
}

/**
 * After a failed poll: the error, kept on the cursor row so the designer can show
 * why a poll trigger is stuck; an existing position is left as it is (`cursor` only
 * seeds a row that does not exist yet).
 */
export async function recordPollError(db: Db, params: { flowId: string; cursor: unknown; error: string }): Promise<void> {
  await db
    .insert(triggerCursors)
    .values({ flowId: params.flowId, cursor: params.cursor, lastPolledAt: new Date(), lastError: params.error })
    .onConflictDoUpdate({ target: triggerCursors.flowId, set: { lastPolledAt: sql`now()`, lastError: params.error, updatedAt: sql`now()` } });
}
