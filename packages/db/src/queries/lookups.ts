import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { lookupEntries, lookupTables } from "../schema";

/*
 * The read path flows use (`$lookup`, the lookup node): a table by name, its entries
 * in one environment — the flow's (docs/architecture.md "Cross-reference tables").
 */

/** Where entries live when nothing names an environment: the default of flows and connections. */
export const DEFAULT_LOOKUP_ENVIRONMENT = "sandbox";

/** A cross-reference table entry in `environment`; undefined when the table or the key is missing. */
export async function lookupValue(db: Db, params: { environment: string; table: string; key: string }): Promise<unknown> {
  return (await lookupValues(db, { environment: params.environment, table: params.table, keys: [params.key] })).get(params.key);
}

/**
 * Many entries of one cross-reference table in one query (`key = ANY($keys)`), for
 * `$lookup(table, [keys])`: a 50-line order no longer costs 50 round trips. Keys
 * not in the table's `environment` entries (or a missing table) are absent from the map.
 */
export async function lookupValues(db: Db, params: { environment: string; table: string; keys: readonly string[] }): Promise<Map<string, unknown>> {
  if (params.keys.length === 0) return new Map();
  const rows = await db
    .select({ key: lookupEntries.key, value: lookupEntries.value })
    .from(lookupEntries)
    .innerJoin(lookupTables, eq(lookupTables.id, lookupEntries.tableId))
    .where(
      and(eq(lookupTables.name, params.table), eq(lookupEntries.environment, params.environment), sql`${lookupEntries.key} = ANY(${sql.param([...params.keys])}::text[])`),
    );
  return new Map(rows.map((row) => [row.key, row.value]));
}

/**
 * The Postgres NOTIFY channel a change of any cross-reference table is announced on
 * (payload: LookupChange as JSON). Every write to lookup tables or entries calls
 * notifyLookupChanged in its transaction, so the notification goes out only when the
 * change commits; processes that cache lookups LISTEN and drop what changed.
 */
export const LOOKUP_CHANGED_CHANNEL = "ipaas_lookup_changed";

/** What changed: one environment's entries of a table, or (no environment) the table itself in all of them. */
export interface LookupChange {
  table: string;
  environment?: string;
}

export async function notifyLookupChanged(db: Db, change: LookupChange): Promise<void> {
  await db.execute(sql`select pg_notify(${LOOKUP_CHANGED_CHANNEL}, ${JSON.stringify(change)})`);
}

/** A notification's payload; anything unreadable means "a table changed, which one is unknown" (null: drop everything). */
export function parseLookupChange(payload: string): LookupChange | null {
  try {
    const value = JSON.parse(payload) as Partial<LookupChange>;
    if (typeof value.table !== "string") return null;
    return typeof value.environment === "string" ? { table: value.table, environment: value.environment } : { table: value.table };
  } catch {
    return null;
  }
}
