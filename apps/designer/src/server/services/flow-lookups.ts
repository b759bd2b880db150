import { addLookupTables, allLookupEntries, lookupTablesStatus, missingLookupKeys, type AuditActor, type Db } from "@ipaas/db";
import { lookupTablesOf } from "@ipaas/flow";
import { z } from "zod";

/*
 * The cross-reference tables a flow document carries and an importing environment lacks
 * (docs/architecture.md "Cross-reference tables"): export names the tables the flow reads
 * (a static scan: string-literal names only) and may carry the source environment's
 * entries; import and template install report what the target environment is missing
 * and can create it, adding only keys it does not have.
 */

export const flowLookupTableSchema = z.object({
  name: z.string().trim().min(1).max(100),
  description: z.string().max(500).default(""),
  /** The exporting environment's entries, when the export included them. */
  entries: z.array(z.object({ key: z.string().min(1).max(500), value: z.unknown(), description: z.string().max(500).default("") })).optional(),
});
export type FlowLookupTable = z.infer<typeof flowLookupTableSchema>;

/** Missing keys listed per table in a report; the count says how many there are in all. */
const MISSING_KEYS_SHOWN = 20;

export interface LookupTableReport {
  name: string;
  exists: boolean;
  /** Entries the target environment holds. */
  entryCount: number;
  /** Entries the document carries (null: exported without entries). */
  exportedEntries: number | null;
  missingKeys: string[];
  missingKeyCount: number;
  /** Something to create or add: no table, no entries in the environment, or keys the document has and the environment lacks. */
  missing: boolean;
}

export interface LookupsReport {
  environment: string;
  tables: LookupTableReport[];
  /** `$lookup` calls whose table name is an expression: not checked. */
  dynamic: number;
}

/** The tables a definition reads, with their description and (optionally) `environment`'s entries, for an export. */
export async function lookupsForExport(db: Db, definition: { nodes: ReadonlyArray<{ type: string; config?: Record<string, unknown> }> }, environment: string, withEntries: boolean): Promise<FlowLookupTable[]> {
  const { tables } = lookupTablesOf(definition);
  const status = await lookupTablesStatus(db, { environment, names: tables });
  return Promise.all(
    tables.map(async (name) => ({
      name,
      description: status.get(name)?.description ?? "",
      ...(withEntries && status.get(name)?.exists ? { entries: await allLookupEntries(db, { table: name, environment }) } : {}),
    })),
  );
}

/** The tables a document (or template) names: those it carries, plus any its definition reads that it does not carry. */
export function tablesOfDocument(definition: Parameters<typeof lookupTablesOf>[0], carried: FlowLookupTable[] = []): { tables: FlowLookupTable[]; dynamic: number } {
  const use = lookupTablesOf(definition);
  const named = new Set(carried.map((t) => t.name));
  return { tables: [...carried, ...use.tables.filter((name) => !named.has(name)).map((name) => ({ name, description: "" }))], dynamic: use.dynamic };
}

/** What `environment` lacks of the given tables: the table, any entries, or the carried keys. */
export async function lookupsReport(db: Db, environment: string, use: { tables: FlowLookupTable[]; dynamic: number }): Promise<LookupsReport> {
  const status = await lookupTablesStatus(db, { environment, names: use.tables.map((t) => t.name) });
  const tables = await Promise.all(
    use.tables.map(async (table): Promise<LookupTableReport> => {
      const found = status.get(table.name) ?? { exists: false, entryCount: 0 };
      const keys = table.entries?.map((e) => e.key) ?? [];
      const missingKeys = found.exists && keys.length ? await missingLookupKeys(db, { environment, table: table.name, keys }) : keys;
      return {
        name: table.name,
        exists: found.exists,
        entryCount: found.entryCount,
        exportedEntries: table.entries ? table.entries.length : null,
        missingKeys: missingKeys.slice(0, MISSING_KEYS_SHOWN),
        missingKeyCount: missingKeys.length,
        missing: !found.exists || found.entryCount === 0 || missingKeys.length > 0,
      };
    }),
  );
  return { environment, tables, dynamic: use.dynamic };
}

/** Creates the missing tables and adds the carried entries `environment` lacks; then reports again. */
export async function createMissingLookups(db: Db, actor: AuditActor, params: { environment: string; use: { tables: FlowLookupTable[]; dynamic: number }; reason: string }) {
  const created = await addLookupTables(db, {
    environment: params.environment,
    tables: params.use.tables.map((t) => ({ name: t.name, description: t.description, entries: t.entries?.map((e) => ({ key: e.key, value: e.value ?? null, description: e.description })) })),
    actor,
    reason: params.reason,
  });
  return { created, report: await lookupsReport(db, params.environment, params.use) };
}

/** The report's tRPC output schema (one definition for the import and the template install). */
export const lookupsReportSchema = z.object({
  environment: z.string(),
  tables: z.array(
    z.object({
      name: z.string(),
      exists: z.boolean(),
      entryCount: z.number().int(),
      exportedEntries: z.number().int().nullable(),
      missingKeys: z.array(z.string()),
      missingKeyCount: z.number().int(),
      missing: z.boolean(),
    }),
  ),
  dynamic: z.number().int(),
});
