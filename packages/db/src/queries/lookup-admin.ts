import { and, asc, count, eq, gt, ilike, inArray, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { ConflictError, NotFoundError } from "../errors";
import { lookupEntries, lookupTables } from "../schema";
import { writeAudit, type AuditActor } from "./audit";
import { notifyLookupChanged } from "./lookups";

/*
 * The Lookups page's writes and reads (docs/architecture.md "Cross-reference tables"):
 * every write notifies the table's name in its transaction (a rename both names) so
 * caches drop it when the change commits, and is audited with before/after.
 */

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface LookupTableSummary {
  id: string;
  name: string;
  description: string;
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

const entryColumns = { key: lookupEntries.key, value: lookupEntries.value, description: lookupEntries.description, updatedAt: lookupEntries.updatedAt };

/** Tables with their entry counts, by name; one when `id` is given. */
function tableSummaries(db: Db, id?: string): Promise<LookupTableSummary[]> {
  return db
    .select({ id: lookupTables.id, name: lookupTables.name, description: lookupTables.description, updatedAt: lookupTables.updatedAt, entryCount: count(lookupEntries.key) })
    .from(lookupTables)
    .leftJoin(lookupEntries, eq(lookupEntries.tableId, lookupTables.id))
    .where(id === undefined ? undefined : eq(lookupTables.id, id))
    .groupBy(lookupTables.id)
    .orderBy(asc(lookupTables.name));
}

export async function listLookupTables(db: Db): Promise<LookupTableSummary[]> {
  return tableSummaries(db);
}

export async function getLookupTable(db: Db, params: { id: string }): Promise<LookupTableSummary> {
  const [table] = await tableSummaries(db, params.id);
  if (!table) throw new NotFoundError("Lookup table not found");
  return table;
}

/** The table row inside a write transaction, locked so concurrent edits of it serialize. */
async function lockedTable(tx: Tx, id: string) {
  const [table] = await tx.select().from(lookupTables).where(eq(lookupTables.id, id)).for("update");
  if (!table) throw new NotFoundError("Lookup table not found");
  return table;
}

async function nameTaken(tx: Tx, name: string): Promise<void> {
  const [other] = await tx.select({ id: lookupTables.id }).from(lookupTables).where(eq(lookupTables.name, name));
  if (other) throw new ConflictError(`A lookup table named "${name}" already exists`);
}

export async function createLookupTable(db: Db, params: { name: string; description: string; actor: AuditActor }): Promise<LookupTableSummary> {
  const id = await db.transaction(async (tx) => {
    await nameTaken(tx, params.name);
    const [table] = await tx.insert(lookupTables).values({ name: params.name, description: params.description }).returning();
    if (!table) throw new Error("insert returned no row");
    await writeAudit(tx, params.actor, { action: "lookup_table.create", targetType: "lookup_table", targetId: table.id, summary: { after: { name: table.name, description: table.description } } });
    await notifyLookupChanged(tx, table.name);
    return table.id;
  });
  return getLookupTable(db, { id });
}

export async function updateLookupTable(db: Db, params: { id: string; name?: string; description?: string; actor: AuditActor }): Promise<LookupTableSummary> {
  await db.transaction(async (tx) => {
    const before = await lockedTable(tx, params.id);
    const name = params.name ?? before.name;
    if (name !== before.name) await nameTaken(tx, name);
    const description = params.description ?? before.description;
    await tx.update(lookupTables).set({ name, description, updatedAt: sql`now()` }).where(eq(lookupTables.id, params.id));
    await writeAudit(tx, params.actor, {
      action: "lookup_table.update",
      targetType: "lookup_table",
      targetId: params.id,
      summary: { before: { name: before.name, description: before.description }, after: { name, description } },
    });
    // Flows read tables by name: both the old and the new name changed meaning.
    await notifyLookupChanged(tx, before.name);
    if (name !== before.name) await notifyLookupChanged(tx, name);
  });
  return getLookupTable(db, { id: params.id });
}

export async function deleteLookupTable(db: Db, params: { id: string; actor: AuditActor }): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await lockedTable(tx, params.id);
    const [entries] = await tx.select({ n: count() }).from(lookupEntries).where(eq(lookupEntries.tableId, params.id));
    await tx.delete(lookupTables).where(eq(lookupTables.id, params.id));
    await writeAudit(tx, params.actor, {
      action: "lookup_table.delete",
      targetType: "lookup_table",
      targetId: params.id,
      summary: { before: { name: before.name, description: before.description, entryCount: entries?.n ?? 0 } },
    });
    await notifyLookupChanged(tx, before.name);
  });
}

/**
 * One page of entries in key order after `afterKey` (keyset paging on the primary
 * key's index, so page 500 of a 100k-entry table costs what page 1 does), optionally
 * those whose key or value contains `search` (case-insensitive).
 */
export async function listLookupEntries(
  db: Db,
  params: { tableId: string; search?: string; afterKey?: string; limit: number },
): Promise<{ entries: LookupEntryRow[]; nextKey: string | null }> {
  const pattern = params.search ? `%${params.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await db
    .select(entryColumns)
    .from(lookupEntries)
    .where(
      and(
        eq(lookupEntries.tableId, params.tableId),
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

/** Adds or replaces one entry; `previousKey` (when renaming a key) removes the old one in the same transaction. */
export async function upsertLookupEntry(
  db: Db,
  params: { tableId: string; entry: LookupEntryInput; previousKey?: string; actor: AuditActor },
): Promise<LookupEntryRow> {
  return db.transaction(async (tx) => {
    const table = await lockedTable(tx, params.tableId);
    const { key } = params.entry;
    const renamed = params.previousKey !== undefined && params.previousKey !== key ? params.previousKey : null;
    const keys = renamed ? [key, renamed] : [key];
    const existing = await tx.select(entryColumns).from(lookupEntries).where(and(eq(lookupEntries.tableId, table.id), inArray(lookupEntries.key, keys)));
    const before = existing.find((e) => e.key === key);
    if (renamed) {
      if (before) throw new ConflictError(`The key "${key}" already exists in ${table.name}`);
      if (!existing.some((e) => e.key === renamed)) throw new NotFoundError(`The key "${renamed}" is not in ${table.name}`);
      await tx.delete(lookupEntries).where(and(eq(lookupEntries.tableId, table.id), eq(lookupEntries.key, renamed)));
    }
    const values = { value: params.entry.value, description: params.entry.description, updatedAt: sql`now()` };
    const [row] = await tx
      .insert(lookupEntries)
      .values({ tableId: table.id, key, ...values })
      .onConflictDoUpdate({ target: [lookupEntries.tableId, lookupEntries.key], set: values })
      .returning(entryColumns);
    if (!row) throw new Error("upsert returned no row");
    await writeAudit(tx, params.actor, {
      action: "lookup_entry.upsert",
      targetType: "lookup_table",
      targetId: table.id,
      summary: { table: table.name, key, ...(renamed ? { previousKey: renamed } : {}), before: entrySummary(before ?? existing.find((e) => e.key === renamed)), after: entrySummary(row) },
    });
    await notifyLookupChanged(tx, table.name);
    return row;
  });
}

export async function deleteLookupEntry(db: Db, params: { tableId: string; key: string; actor: AuditActor }): Promise<void> {
  await db.transaction(async (tx) => {
    const table = await lockedTable(tx, params.tableId);
    const [before] = await tx.delete(lookupEntries).where(and(eq(lookupEntries.tableId, table.id), eq(lookupEntries.key, params.key))).returning(entryColumns);
    if (!before) throw new NotFoundError(`The key "${params.key}" is not in ${table.name}`);
    await writeAudit(tx, params.actor, { action: "lookup_entry.delete", targetType: "lookup_table", targetId: table.id, summary: { table: table.name, key: params.key, before: entrySummary(before), after: null } });
    await notifyLookupChanged(tx, table.name);
  });
}

/** Rows per INSERT statement of an import (well under Postgres' 65,535 parameters). */
const IMPORT_CHUNK = 1000;

/**
 * Writes parsed CSV entries: `replace` empties the table first, `merge` adds new keys
 * and overwrites existing ones, keeping the rest. One transaction, one audit row
 * (counts, not 100k before/after pairs), one notification.
 */
export async function importLookupEntries(
  db: Db,
  params: { tableId: string; mode: "replace" | "merge"; entries: LookupEntryInput[]; actor: AuditActor },
): Promise<{ inserted: number; updated: number; deleted: number }> {
  return db.transaction(async (tx) => {
    const table = await lockedTable(tx, params.tableId);
    let deleted = 0;
    let updated = 0;
    if (params.mode === "replace") {
      deleted = (await tx.delete(lookupEntries).where(eq(lookupEntries.tableId, table.id)).returning({ key: lookupEntries.key })).length;
    }
    for (let i = 0; i < params.entries.length; i += IMPORT_CHUNK) {
      const chunk = params.entries.slice(i, i + IMPORT_CHUNK).map((e) => ({ tableId: table.id, key: e.key, value: e.value, description: e.description }));
      const rows = await tx
        .insert(lookupEntries)
        .values(chunk)
        .onConflictDoUpdate({ target: [lookupEntries.tableId, lookupEntries.key], set: { value: sql`excluded.value`, description: sql`excluded.description`, updatedAt: sql`now()` } })
        // xmax <> 0 marks a row the upsert updated rather than inserted.
        .returning({ updated: sql<boolean>`xmax <> 0` });
      updated += rows.filter((r) => r.updated).length;
    }
    const result = { inserted: params.entries.length - updated, updated, deleted };
    await tx.update(lookupTables).set({ updatedAt: sql`now()` }).where(eq(lookupTables.id, table.id));
    await writeAudit(tx, params.actor, { action: "lookup_table.import", targetType: "lookup_table", targetId: table.id, summary: { table: table.name, mode: params.mode, ...result } });
    await notifyLookupChanged(tx, table.name);
    return result;
  });
}
