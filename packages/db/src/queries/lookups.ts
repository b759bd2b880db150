import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { lookupEntries, lookupTables } from "../schema";

/** A cross-reference table entry; undefined when the table or the key is missing. */
export async function lookupValue(db: Db, table: string, key: string): Promise<unknown> {
  const [row] = await db
    .select({ value: lookupEntries.value })
    .from(lookupEntries)
    .innerJoin(lookupTables, eq(lookupTables.id, lookupEntries.tableId))
    .where(and(eq(lookupTables.name, table), eq(lookupEntries.key, key)))
    .limit(1);
  return row?.value;
}

/**
 * Many entries of one cross-reference table in one query (`key = ANY($keys)`), for
 * `$lookup(table, [keys])`: a 50-line order no longer costs 50 round trips. Keys
 * not in the table (or a missing table) are absent from the map.
 */
export async function lookupValues(db: Db, table: string, keys: readonly string[]): Promise<Map<string, unknown>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .select({ key: lookupEntries.key, value: lookupEntries.value })
    .from(lookupEntries)
    .innerJoin(lookupTables, eq(lookupTables.id, lookupEntries.tableId))
    .where(and(eq(lookupTables.name, table), sql`${lookupEntries.key} = ANY(${sql.param([...keys])}::text[])`));
  return new Map(rows.map((row) => [row.key, row.value]));
}

/**
 * The Postgres NOTIFY channel a change of any cross-reference table is announced on
 * (payload: the table's name). Every write to lookup tables or entries calls
 * notifyLookupChanged in its transaction, so the notification goes out only when the
 * change commits; processes that cache lookups LISTEN and drop that table's entries.
 */
export const LOOKUP_CHANGED_CHANNEL = "ipaas_lookup_changed";

export async function notifyLookupChanged(db: Db, table: string): Promise<void> {
  await db.execute(sql`select pg_notify(${LOOKUP_CHANGED_CHANNEL}, ${table})`);
}

export async function upsertLookupTable(db: Db, name: string, entries: Record<string, unknown>, description = "") {
  return db.transaction(async (tx) => {
    const [table] = await tx
      .insert(lookupTables)
      .values({ name, description })
      .onConflictDoUpdate({ target: lookupTables.name, set: { description, updatedAt: sql`now()` } })
      .returning();
    if (!table) throw new Error("upsert returned no row");
    await tx.delete(lookupEntries).where(eq(lookupEntries.tableId, table.id));
    const rows = Object.entries(entries).map(([key, value]) => ({ tableId: table.id, key, value }));
    if (rows.length > 0) await tx.insert(lookupEntries).values(rows);
    await notifyLookupChanged(tx, name);
    return table;
  });
}
