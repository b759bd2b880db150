import { and, asc, count, eq, gt, ilike, inArray, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { ConflictError, NotFoundError } from "../errors";
import { lookupEntries, lookupTables } from "../schema";
import { writeAudit, type AuditActor } from "./audit";
import { getEnvironment } from "./environments";
import { notifyLookupChanged } from "./lookups";
import { isUniqueViolation } from "./pg-errors";

/*
 * The Lookups page's writes and reads (docs/architecture.md "Cross-reference tables"):
 * tables are global by name, entries belong to one environment. Every write notifies
 * what changed in its transaction (a rename both names) so caches drop it when the
 * change commits, and is audited with before/after.
 */

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface LookupTableSummary {
  id: string;
  name: string;
  description: string;
  /** Entries in the environment asked about. */
  entryCount: number;
  updatedAt: Date;
}

export interface LookupEntryRow {
  key: string;
  value: unknown;
  description: string;
  updatedAt: Date;
}

export interface LookupEntryInput {
  key: string;
  value: unknown;
  description: string;
}

export const entryColumns = { key: lookupEntries.key, value: lookupEntries.value, description: lookupEntries.description, updatedAt: lookupEntries.updatedAt };

/** A table's entries in one environment. */
export const entriesOf = (tableId: string, environment: string) => and(eq(lookupEntries.tableId, tableId), eq(lookupEntries.environment, environment));

/** Tables with their entry counts in `environment`, by name; one when `id` is given. */
function tableSummaries(db: Db, environment: string, id?: string): Promise<LookupTableSummary[]> {
  return db
    .select({ id: lookupTables.id, name: lookupTables.name, description: lookupTables.description, updatedAt: lookupTables.updatedAt, entryCount: count(lookupEntries.key) })
    .from(lookupTables)
    .leftJoin(lookupEntries, and(eq(lookupEntries.tableId, lookupTables.id), eq(lookupEntries.environment, environment)))
    .where(id === undefined ? undefined : eq(lookupTables.id, id))
    .groupBy(lookupTables.id)
    .orderBy(asc(lookupTables.name));
}

export async function listLookupTables(db: Db, params: { environment: string }): Promise<LookupTableSummary[]> {
  return tableSummaries(db, params.environment);
}

export async function getLookupTable(db: Db, params: { id: string; environment: string }): Promise<LookupTableSummary> {
  const [table] = await tableSummaries(db, params.environment, params.id);
  if (!table) throw new NotFoundError("Lookup table not found");
  return table;
}

/** The table row inside a write transaction, locked so concurrent edits of it serialize. */
export async function lockedTable(tx: Tx, id: string) {
  const [table] = await tx.select().from(lookupTables).where(eq(lookupTables.id, id)).for("update");
  if (!table) throw new NotFoundError("Lookup table not found");
  return table;
}

/** A unique violation on the table name (two creates or renames racing) is the same conflict the check reports. */
async function uniqueName<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err, "lookup_tables_name_unique")) throw new ConflictError(`A lookup table named "${name}" already exists`);
    throw err;
  }
}

export async function createLookupTable(db: Db, params: { name: string; description: string; actor: AuditActor }): Promise<LookupTableSummary> {
  const table = await uniqueName(params.name, () =>
    db.transaction(async (tx) => {
      const [table] = await tx.insert(lookupTables).values({ name: params.name, description: params.description }).returning();
      if (!table) throw new Error("insert returned no row");
      await writeAudit(tx, params.actor, { action: "lookup_table.create", targetType: "lookup_table", targetId: table.id, summary: { after: { name: table.name, description: table.description } } });
      await notifyLookupChanged(tx, { table: table.name });
      return table;
    }),
  );
  return { id: table.id, name: table.name, description: table.description, updatedAt: table.updatedAt, entryCount: 0 };
}

export type LookupTableRow = Omit<LookupTableSummary, "entryCount">;

export async function updateLookupTable(db: Db, params: { id: string; name?: string; description?: string; actor: AuditActor }): Promise<LookupTableRow> {
  return uniqueName(params.name ?? "", () =>
    db.transaction(async (tx) => {
      const before = await lockedTable(tx, params.id);
      const name = params.name ?? before.name;
      const description = params.description ?? before.description;
      const [after] = await tx.update(lookupTables).set({ name, description, updatedAt: sql`now()` }).where(eq(lookupTables.id, params.id)).returning();
      if (!after) throw new Error("update returned no row");
      await writeAudit(tx, params.actor, {
        action: "lookup_table.update",
        targetType: "lookup_table",
        targetId: params.id,
        summary: { before: { name: before.name, description: before.description }, after: { name, description } },
      });
      // Flows read tables by name: both the old and the new name changed meaning, in every environment.
      await notifyLookupChanged(tx, { table: before.name });
      if (name !== before.name) await notifyLookupChanged(tx, { table: name });
      return { id: after.id, name: after.name, description: after.description, updatedAt: after.updatedAt };
    }),
  );
}

export async function deleteLookupTable(db: Db, params: { id: string; actor: AuditActor }): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await lockedTable(tx, params.id);
    const counts = await tx.select({ environment: lookupEntries.environment, n: count() }).from(lookupEntries).where(eq(lookupEntries.tableId, params.id)).groupBy(lookupEntries.environment);
    await tx.delete(lookupTables).where(eq(lookupTables.id, params.id));
    await writeAudit(tx, params.actor, {
      action: "lookup_table.delete",
      targetType: "lookup_table",
      targetId: params.id,
      summary: { before: { name: before.name, description: before.description, entryCount: Object.fromEntries(counts.map((c) => [c.environment, c.n])) } },
    });
    await notifyLookupChanged(tx, { table: before.name });
  });
}

/**
 * One page of a table's entries in `environment`, in key order after `afterKey` (keyset
 * paging on the primary key's index, so page 500 of a 100k-entry table costs what page
 * 1 does), optionally those whose key or value contains `search` (case-insensitive).
 */
export async function listLookupEntries(
  db: Db,
  params: { tableId: string; environment: string; search?: string; afterKey?: string; limit: number },
): Promise<{ entries: LookupEntryRow[]; nextKey: string | null }> {
  const pattern = params.search ? `%${params.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await db
    .select(entryColumns)
    .from(lookupEntries)
    .where(
      and(
        entriesOf(params.tableId, params.environment),
        params.afterKey === undefined ? undefined : gt(lookupEntries.key, params.afterKey),
        pattern ? or(ilike(lookupEntries.key, pattern), ilike(sql`${lookupEntries.value}::text`, pattern)) : undefined,
      ),
    )
    .orderBy(asc(lookupEntries.key))
    .limit(params.limit + 1);
  const more = rows.length > params.limit;
  const entries = more ? rows.slice(0, params.limit) : rows;
  return { entries, nextKey: more ? (entries.at(-1)?.key ?? null) : null };
}

function entrySummary(entry: LookupEntryRow | LookupEntryInput | undefined) {
  return entry ? { value: entry.value, description: entry.description } : null;
}

/** The locked table and the checked environment every entry write starts with. */
export async function entryWriteTarget(tx: Tx, tableId: string, environment: string) {
  await getEnvironment(tx, environment);
  return lockedTable(tx, tableId);
}

/** Adds or replaces one entry in `environment`; `previousKey` (when renaming a key) removes the old one in the same transaction. */
export async function upsertLookupEntry(
  db: Db,
  params: { tableId: string; environment: string; entry: LookupEntryInput; previousKey?: string; actor: AuditActor },
): Promise<LookupEntryRow> {
  return db.transaction(async (tx) => {
    const table = await entryWriteTarget(tx, params.tableId, params.environment);
    const { environment } = params;
    const { key } = params.entry;
    const renamed = params.previousKey !== undefined && params.previousKey !== key ? params.previousKey : null;
    const keys = renamed ? [key, renamed] : [key];
    const existing = await tx.select(entryColumns).from(lookupEntries).where(and(entriesOf(table.id, environment), inArray(lookupEntries.key, keys)));
    const before = existing.find((e) => e.key === key);
    if (renamed) {
      if (before) throw new ConflictError(`The key "${key}" already exists in ${table.name} (${environment})`);
      if (!existing.some((e) => e.key === renamed)) throw new NotFoundError(`The key "${renamed}" is not in ${table.name} (${environment})`);
      await tx.delete(lookupEntries).where(and(entriesOf(table.id, environment), eq(lookupEntries.key, renamed)));
    }
    const values = { value: params.entry.value, description: params.entry.description, updatedAt: sql`now()` };
    const [row] = await tx
      .insert(lookupEntries)
      .values({ tableId: table.id, environment, key, ...values })
      .onConflictDoUpdate({ target: [lookupEntries.tableId, lookupEntries.environment, lookupEntries.key], set: values })
      .returning(entryColumns);
    if (!row) throw new Error("upsert returned no row");
    await writeAudit(tx, params.actor, {
      action: "lookup_entry.upsert",
      targetType: "lookup_table",
      targetId: table.id,
      summary: {
        table: table.name,
        environment,
        key,
        ...(renamed ? { previousKey: renamed } : {}),
        before: entrySummary(before ?? existing.find((e) => e.key === renamed)),
        after: entrySummary(row),
      },
    });
    await notifyLookupChanged(tx, { table: table.name, environment });
    return row;
  });
}

export async function deleteLookupEntry(db: Db, params: { tableId: string; environment: string; key: string; actor: AuditActor }): Promise<void> {
  await db.transaction(async (tx) => {
    const table = await lockedTable(tx, params.tableId);
    const { environment } = params;
    const [before] = await tx.delete(lookupEntries).where(and(entriesOf(table.id, environment), eq(lookupEntries.key, params.key))).returning(entryColumns);
    if (!before) throw new NotFoundError(`The key "${params.key}" is not in ${table.name} (${environment})`);
    await writeAudit(tx, params.actor, {
      action: "lookup_entry.delete",
      targetType: "lookup_table",
      targetId: table.id,
      summary: { table: table.name, environment, key: params.key, before: entrySummary(before), after: null },
    });
    await notifyLookupChanged(tx, { table: table.name, environment });
  });
}
