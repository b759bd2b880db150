import { BadRequestError, DEFAULT_LOOKUP_ENVIRONMENT, getLookupTable, importLookupEntries, listLookupEntries, upsertLookupEntry, type AuditActor, type Db, type LookupEntryInput, type LookupEntryRow } from "@ipaas/db";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { ENTRY_COLUMNS, fieldsOfEntry, LOOKUP_LIMITS, type EntryFields } from "../../lib/lookup-fields";

// Reads and table writes need no logic beyond the queries.
export { copyLookupEntries, createLookupTable, deleteLookupEntry, deleteLookupTable, getLookupTable, listLookupEntries, listLookupTables, updateLookupTable } from "@ipaas/db";


/*
 * Cross-reference entries as the Lookups page and its CSV files see them: the
 * columns and limits are in lib/lookup-fields.ts (shared with the grid).
 */

/** The entry the fields spell, or what is wrong with them. */
export function entryFromFields(fields: EntryFields): { entry: LookupEntryInput } | { errors: string[] } {
  const errors: string[] = [];
  const key = fields.key.trim();
  if (!key) errors.push("the key is missing");
  for (const field of ["key", "value", "json", "description"] as const) {
    if (fields[field].length > LOOKUP_LIMITS[field]) errors.push(`the ${field} is longer than ${LOOKUP_LIMITS[field]} characters`);
  }
  let value: unknown = fields.value;
  if (fields.json.trim()) {
    if (fields.value) errors.push("give a value or a JSON value, not both");
    try {
      value = JSON.parse(fields.json);
    } catch (err) {
      errors.push(`the JSON value is not valid JSON (${(err as Error).message})`);
    }
  }
  return errors.length ? { errors } : { entry: { key, value, description: fields.description } };
}

export async function saveEntry(db: Db, params: { tableId: string; environment: string; fields: EntryFields; previousKey?: string; actor: AuditActor }): Promise<LookupEntryRow> {
  const result = entryFromFields(params.fields);
  if ("errors" in result) throw new BadRequestError(result.errors.join("; "));
  return upsertLookupEntry(db, { tableId: params.tableId, environment: params.environment, entry: result.entry, previousKey: params.previousKey, actor: params.actor });
}

export interface CsvLineError {
  /** 1-based line of the file (the header is line 1). */
  line: number;
  message: string;
}

export interface ParsedCsv {
  entries: LookupEntryInput[];
  errors: CsvLineError[];
  rows: number;
}

/**
 * Parses an import file: a header naming `key` and `value` and/or `json` (and
 * optionally `description`), in any order, then one entry per line. Every line's
 * problems are reported with its line number; a key given twice is an error on
 * its second line.
 */
export function parseLookupCsv(text: string): ParsedCsv {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return { entries: [], rows: 0, errors: [{ line, message: `the file is not valid CSV: ${(err as Error).message}` }] };
  }
  const [header, ...lines] = records;
  if (!header) return { entries: [], rows: 0, errors: [{ line: 1, message: "the file is empty" }] };
  const names = header.record.map((name) => name.trim().toLowerCase());
  const unknown = names.filter((name) => !(ENTRY_COLUMNS as readonly string[]).includes(name));
  const headerErrors: string[] = [];
  if (!names.includes("key")) headerErrors.push('the header has no "key" column');
  if (!names.includes("value") && !names.includes("json")) headerErrors.push('the header has no "value" or "json" column');
  if (unknown.length) headerErrors.push(`unknown columns: ${unknown.join(", ")} (expected ${ENTRY_COLUMNS.join(", ")})`);
  if (headerErrors.length) return { entries: [], rows: lines.length, errors: [{ line: header.info.lines, message: headerErrors.join("; ") }] };

  const entries: LookupEntryInput[] = [];
  const errors: CsvLineError[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of lines) {
    const cell = (column: (typeof ENTRY_COLUMNS)[number]) => {
      const index = names.indexOf(column);
      return index < 0 ? "" : (record[index] ?? "");
    };
    const result = entryFromFields({ key: cell("key"), value: cell("value"), json: cell("json"), description: cell("description") });
    const problems = "errors" in result ? [...result.errors] : [];
    if (record.length > names.length) problems.push(`the line has ${record.length} fields, the header ${names.length}`);
    const key = cell("key").trim();
    const first = seen.get(key);
    if (key && first !== undefined) problems.push(`the key "${key}" is already on line ${first}`);
    else if (key) seen.set(key, info.lines);
    if (problems.length) errors.push({ line: info.lines, message: problems.join("; ") });
    else if ("entry" in result) entries.push(result.entry);
  }
  return { entries, errors, rows: lines.length };
}

/** Errors shown in a preview: enough to fix a file, bounded for a 100k-line one. */
const PREVIEW_ERRORS = 200;
const PREVIEW_SAMPLE = 20;

export async function previewImport(db: Db, params: { tableId: string; csv: string }) {
  await getLookupTable(db, { id: params.tableId, environment: DEFAULT_LOOKUP_ENVIRONMENT });
  const parsed = parseLookupCsv(params.csv);
  return {
    rows: parsed.rows,
    valid: parsed.entries.length,
    errorCount: parsed.errors.length,
    errors: parsed.errors.slice(0, PREVIEW_ERRORS),
    sample: parsed.entries.slice(0, PREVIEW_SAMPLE).map(fieldsOfEntry),
  };
}

/** Re-parses the same text the preview showed (never trusting a client's parse) and writes it only when every line is sound. */
export async function commitImport(db: Db, params: { tableId: string; environment: string; csv: string; mode: "replace" | "merge"; actor: AuditActor }) {
  const parsed = parseLookupCsv(params.csv);
  if (parsed.errors.length) throw new BadRequestError(`The file has ${parsed.errors.length} line(s) with errors (first: line ${parsed.errors[0]?.line}: ${parsed.errors[0]?.message}); fix them and preview again`);
  return importLookupEntries(db, { tableId: params.tableId, environment: params.environment, mode: params.mode, entries: parsed.entries, actor: params.actor });
}

/** Entries per export chunk: the client asks chunk after chunk, so a 100k-entry table never sits in one response. */
export const EXPORT_CHUNK = 5000;

/** One chunk of the table's entries in `environment` as CSV (the header in the first), in key order, and the key to continue after. */
export async function exportChunk(db: Db, params: { tableId: string; environment: string; afterKey?: string }): Promise<{ csv: string; nextKey: string | null }> {
  const page = await listLookupEntries(db, { tableId: params.tableId, environment: params.environment, afterKey: params.afterKey, limit: EXPORT_CHUNK });
  if (params.afterKey === undefined) await getLookupTable(db, { id: params.tableId, environment: params.environment });
  const csv = stringify(page.entries.map((entry) => ENTRY_COLUMNS.map((column) => fieldsOfEntry(entry)[column])), {
    header: params.afterKey === undefined,
    columns: [...ENTRY_COLUMNS],
  });
  return { csv, nextKey: page.nextKey };
}
