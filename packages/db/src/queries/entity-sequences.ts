import { sql } from "drizzle-orm";
import type { Db } from "../client";
import { entitySequences } from "../schema";

/**
 * Records `sequence` as the entity's latest unless a newer one was applied. An equal
 * sequence passes, so a retry of the same update is not mistaken for a stale one.
 */
export async function claimSequence(db: Db, scope: string, entityKey: string, sequence: number): Promise<boolean> {
  const rows = await db
    .insert(entitySequences)
    .values({ scope, entityKey, sequence })
    .onConflictDoUpdate({
      target: [entitySequences.scope, entitySequences.entityKey],
      set: { sequence: sql`excluded.sequence`, updatedAt: sql`now()` },
      setWhere: sql`${entitySequences.sequence} <= excluded.sequence`,
    })
    .returning({ scope: entitySequences.scope });
  return rows.length > 0;
}
