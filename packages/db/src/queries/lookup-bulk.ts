import { and, asc, count, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { BadRequestError } from "../errors";
import { lookupEntries, lookupTables } from "../schema";
import { writeAudit, type AuditActor } from "./audit";
import { getEnvironment } from "./environments";
import { entriesOf, entryColumns, entryWriteTarget, type LookupEntryInput, type Tx } from "./lookup-admin";
import { DEFAULT_LOOKUP_ENVIRONMENT, lookupValues, notifyLookupChanged } from "./lookups";

/*
 * Writes of many entries at once (docs/architecture.md "Cross-reference tables"): CSV
 * import, copying one environment's entries into another, the tables a flow import
 * brings along, and the seeding scripts. One home for how entries are written in bulk.
 */

/**
 * - `replace`: the environment's entries become exactly these;
 * - `merge`: new keys are added, existing ones overwritten, the rest kept;
 * - `add`: only keys not there yet are added (an environment's own values win).
 */
export type LookupWriteMode = "replace" | "merge" | "add";

export interface LookupWriteResult {
  inserted: number;
  updated: number;
  deleted: number;
}

/** Rows per INSERT statement of an import (well under Postgres' 65,535 parameters). */
const IMPORT_CHUNK = 1000;

/** Replaced entries an audit row keeps as a sample: the count says how many there were; 100k before-values would bloat the log. */
export const AUDIT_BEFORE_SAMPLE = 100;

const rowsOf = async <T>(tx: Tx, query: SQL) => ((await tx.execute(query)) as unknown as { rows: T[] }).rows;

/** The upsert's conflict handling for a mode; `updated` counts rows an upsert overwrote (xmax <> 0 marks an update, not an insert). */
function conflictClause(mode: LookupWriteMode) {
  return mode === "add"
    ? sql`on conflict ("table_id", "environment", "key") do nothing`
    : sql`on conflict ("table_id", "environment", "key") do update set "value" = excluded."value", "description" = excluded."description", "updated_at" = now()`;
}

/**
 * Empties (replace) and fills one environment's entries of a table in the caller's
 * transaction; `entries` is a list or another environment of the same table to copy.
 * Returns the counts and, for `replace`, a bounded sample of what was there before.
 */
async function writeEntries(
  tx: Tx,
  target: { tableId: string; environment: string },
  mode: LookupWriteMode,
  source: LookupEntryInput[] | { fromEnvironment: string },
): Promise<LookupWriteResult & { before?: { entries: number; sample: LookupEntryInput[] } }> {
  let before: { entries: number; sample: LookupEntryInput[] } | undefined;
  if (mode === "replace") {
    const sample = await tx
      .select({ key: lookupEntries.key, value: lookupEntries.value, description: lookupEntries.description })
      .from(lookupEntries)
      .where(entriesOf(target.tableId, target.environment))
      .orderBy(asc(lookupEntries.key))
      .limit(AUDIT_BEFORE_SAMPLE);
    const deleted = await rowsOf<{ n: number }>(
      tx,
      sql`with gone as (delete from ${lookupEntries} where "table_id" = ${target.tableId}::uuid and "environment" = ${target.environment} returning 1) select count(*)::int as "n" from gone`,
    );
    before = { entries: deleted[0]?.n ?? 0, sample };
  }
  const written: Array<{ updated: boolean }> = [];
  const insert = (rows: SQL) =>
    rowsOf<{ updated: boolean }>(
      tx,
      sql`insert into ${lookupEntries} ("table_id", "environment", "key", "value", "description") ${rows} ${conflictClause(mode)} returning (xmax <> 0) as "updated"`,
    );
  if (Array.isArray(source)) {
    for (let i = 0; i < source.length; i += IMPORT_CHUNK) {
      const values = source
        .slice(i, i + IMPORT_CHUNK)
        .map((e) => sql`(${target.tableId}::uuid, ${target.environment}::text, ${e.key}::text, ${JSON.stringify(e.value)}::jsonb, ${e.description}::text)`);
      written.push(...(await insert(sql`values ${sql.join(values, sql`, `)}`)));
    }
  } else {
    const from = sql`select "table_id", ${target.environment}::text, "key", "value", "description" from ${lookupEntries} where "table_id" = ${target.tableId}::uuid and "environment" = ${source.fromEnvironment}`;
    written.push(...(await insert(from)));
  }
  const updated = written.filter((r) => r.updated).length;
  return { inserted: written.length - updated, updated, deleted: before?.entries ?? 0, ...(before ? { before } : {}) };
}

/** The audit summary of a bulk write: counts, and for `replace` the replaced entries' count and a sample. */
function bulkSummary(table: string, environment: string, mode: LookupWriteMode, result: Awaited<ReturnType<typeof writeEntries>>, extra: Record<string, unknown> = {}) {
  const { before, ...counts } = result;
  return {
    table,
    environment,
    mode,
    ...extra,
    ...counts,
    ...(before ? { before: { entries: before.entries, sample: before.sample, sampleTruncated: before.entries > before.sample.length } } : {}),
  };
}

/**
 * Writes parsed CSV entries into one environment of a table. One transaction, one
 * audit row (counts and, for `replace`, a sample of the replaced entries — not 100k
 * before/after pairs), one notification.
 */
export async function importLookupEntries(
  db: Db,
  params: { tableId: string; environment: string; mode: "replace" | "merge"; entries: LookupEntryInput[]; actor: AuditActor },
): Promise<LookupWriteResult> {
  return db.transaction(async (tx) => {
    const table = await entryWriteTarget(tx, params.tableId, params.environment);
    const result = await writeEntries(tx, { tableId: table.id, environment: params.environment }, params.mode, params.entries);
    await finishBulkWrite(tx, params.actor, table, params.environment, { action: "lookup_table.import", summary: bulkSummary(table.name, params.environment, params.mode, result) });
    return counts(result);
  });
}

/** "Copy entries from environment X": one environment's entries of a table into another, in one statement. */
export async function copyLookupEntries(
  db: Db,
  params: { tableId: string; from: string; to: string; mode: LookupWriteMode; actor: AuditActor },
): Promise<LookupWriteResult> {
  if (params.from === params.to) throw new BadRequestError("Copy entries from another environment than the one shown");
  return db.transaction(async (tx) => {
    await getEnvironment(tx, params.from);
    const table = await entryWriteTarget(tx, params.tableId, params.to);
    const result = await writeEntries(tx, { tableId: table.id, environment: params.to }, params.mode, { fromEnvironment: params.from });
    await finishBulkWrite(tx, params.actor, table, params.to, { action: "lookup_table.copy", summary: bulkSummary(table.name, params.to, params.mode, result, { from: params.from }) });
    return counts(result);
  });
}

const counts = (r: LookupWriteResult): LookupWriteResult => ({ inserted: r.inserted, updated: r.updated, deleted: r.deleted });

async function finishBulkWrite(tx: Tx, actor: AuditActor | null, table: { id: string; name: string }, environment: string, audit: { action: string; summary: Record<string, unknown> }) {
  await tx.update(lookupTables).set({ updatedAt: sql`now()` }).where(eq(lookupTables.id, table.id));
  if (actor) await writeAudit(tx, actor, { ...audit, targetType: "lookup_table", targetId: table.id });
  await notifyLookupChanged(tx, { table: table.name, environment });
}

/** A table by name, created when missing (description only set on creation). */
async function ensureTable(tx: Tx, name: string, description: string) {
  await tx.insert(lookupTables).values({ name, description }).onConflictDoNothing({ target: lookupTables.name });
  const [table] = await tx.select().from(lookupTables).where(eq(lookupTables.name, name)).for("update");
  if (!table) throw new Error(`lookup table ${name} vanished`);
  return table;
}

/**
 * Creates the tables a flow document or template names that do not exist yet and adds
 * the entries it carries whose keys `environment` lacks (values already there win: a
 * production id is not overwritten by a sandbox export). Audited per table.
 */
export async function addLookupTables(
  db: Db,
  params: { environment: string; tables: Array<{ name: string; description?: string; entries?: LookupEntryInput[] }>; actor: AuditActor; reason: string },
): Promise<Array<{ name: string; created: boolean; added: number }>> {
  return db.transaction(async (tx) => {
    await getEnvironment(tx, params.environment);
    const existing = new Set((await tx.select({ name: lookupTables.name }).from(lookupTables).where(inArray(lookupTables.name, params.tables.map((t) => t.name)))).map((t) => t.name));
    const report = [];
    for (const spec of params.tables) {
      const table = await ensureTable(tx, spec.name, spec.description ?? "");
      const result = await writeEntries(tx, { tableId: table.id, environment: params.environment }, "add", spec.entries ?? []);
      await finishBulkWrite(tx, params.actor, table, params.environment, {
        action: "lookup_table.import",
        summary: bulkSummary(table.name, params.environment, "add", result, { reason: params.reason, created: !existing.has(spec.name) }),
      });
      report.push({ name: spec.name, created: !existing.has(spec.name), added: result.inserted });
    }
    return report;
  });
}

/**
 * Creates or redescribes a table and sets one environment's entries to exactly
 * `entries` — for seeding scripts and tests; not audited (no one did it).
 */
export async function upsertLookupTable(db: Db, name: string, entries: Record<string, unknown>, options: { description?: string; environment?: string } = {}) {
  return db.transaction(async (tx) => {
    const table = await ensureTable(tx, name, options.description ?? "");
    if (options.description !== undefined) await tx.update(lookupTables).set({ description: options.description }).where(eq(lookupTables.id, table.id));
    const environment = options.environment ?? DEFAULT_LOOKUP_ENVIRONMENT;
    const rows = Object.entries(entries).map(([key, value]) => ({ key, value, description: "" }));
    await writeEntries(tx, { tableId: table.id, environment }, "replace", rows);
    await finishBulkWrite(tx, null, table, environment, { action: "", summary: {} });
    return table;
  });
}

/** Per table name: whether it exists and how many entries `environment` holds (what an import or a template install reports as missing). */
export async function lookupTablesStatus(
  db: Db,
  params: { environment: string; names: readonly string[] },
): Promise<Map<string, { exists: boolean; entryCount: number; description: string }>> {
  const rows = params.names.length
    ? await db
        .select({ name: lookupTables.name, description: lookupTables.description, entryCount: count(lookupEntries.key) })
        .from(lookupTables)
        .leftJoin(lookupEntries, and(eq(lookupEntries.tableId, lookupTables.id), eq(lookupEntries.environment, params.environment)))
        .where(inArray(lookupTables.name, [...params.names]))
        .groupBy(lookupTables.id)
    : [];
  return new Map(params.names.map((name) => {
    const row = rows.find((r) => r.name === name);
    return [name, { exists: row !== undefined, entryCount: row?.entryCount ?? 0, description: row?.description ?? "" }];
  }));
}

/** The keys of `keys` that `environment`'s entries of `table` lack, in the given order. */
export async function missingLookupKeys(db: Db, params: { environment: string; table: string; keys: readonly string[] }): Promise<string[]> {
  const found = await lookupValues(db, params);
  return params.keys.filter((key) => !found.has(key));
}

/** Every entry of a table in one environment, in key order (a flow export that carries its tables' entries). */
export async function allLookupEntries(db: Db, params: { table: string; environment: string }): Promise<LookupEntryInput[]> {
  return db
    .select({ key: entryColumns.key, value: entryColumns.value, description: entryColumns.description })
    .from(lookupEntries)
    .innerJoin(lookupTables, eq(lookupTables.id, lookupEntries.tableId))
    .where(and(eq(lookupTables.name, params.table), eq(lookupEntries.environment, params.environment)))
    .orderBy(asc(lookupEntries.key));
}
