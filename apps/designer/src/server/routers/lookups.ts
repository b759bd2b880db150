import { z } from "zod";
import { actorOf } from "../context";
import {
  commitImport,
  copyLookupEntries,
  createLookupTable,
  deleteLookupEntry,
  deleteLookupTable,
  exportChunk,
  getLookupTable,
  listLookupEntries,
  listLookupTables,
  previewImport,
  saveEntry,
  updateLookupTable,
} from "../services/lookups";
import { LOOKUP_LIMITS } from "../../lib/lookup-fields";
import { analystProcedure, router, viewerProcedure } from "../trpc";
import { DEFAULT_LOOKUP_ENVIRONMENT } from "@ipaas/db";

const id = z.object({ id: z.uuid() });
const tableId = z.uuid();
/** Flows name tables in expressions (`$lookup("netsuite-item", …)`): a word with dots, dashes and underscores. */
const tableName = z
  .string()
  .trim()
  .min(1, "a name is required")
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "use letters, digits, dots, dashes and underscores (no spaces)");
const description = z.string().max(LOOKUP_LIMITS.description);
const key = z.string().min(1).max(LOOKUP_LIMITS.key);
const csv = z.string().max(LOOKUP_LIMITS.csv, `the file is larger than ${LOOKUP_LIMITS.csv} characters: split it`);
const mode = z.enum(["replace", "merge"]);
/** Whose entries: each environment has its own (sandbox and production map a SKU to different ERP ids); default the flows' default. */
const environment = z.string().min(1).max(40).default(DEFAULT_LOOKUP_ENVIRONMENT);

const tableSchema = z.object({ id: z.string(), name: z.string(), description: z.string(), entryCount: z.number().int(), updatedAt: z.date() });
const entrySchema = z.object({ key: z.string(), value: z.unknown(), description: z.string(), updatedAt: z.date() });
const writeResult = z.object({ inserted: z.number().int(), updated: z.number().int(), deleted: z.number().int() });
/** The grid's and the CSV's columns: `value` for text, `json` for any JSON, one of the two. */
const entryFields = z.object({
  key: z.string().max(LOOKUP_LIMITS.key),
  value: z.string().max(LOOKUP_LIMITS.value).default(""),
  json: z.string().max(LOOKUP_LIMITS.json).default(""),
  description: description.default(""),
});

/** Everyone reads cross-reference tables; analysts and admins change them (docs/architecture.md "Roles and audit"). */
export const lookupsRouter = router({
  /** Every table, with its entry count in `environment`. */
  tables: viewerProcedure
    .input(z.object({ environment }).default({ environment: DEFAULT_LOOKUP_ENVIRONMENT }))
    .output(z.array(tableSchema))
    .query(({ ctx, input }) => listLookupTables(ctx.db, input)),

  table: viewerProcedure.input(id.extend({ environment })).output(tableSchema).query(({ ctx, input }) => getLookupTable(ctx.db, input)),

  createTable: analystProcedure
    .input(z.object({ name: tableName, description: description.default("") }))
    .output(tableSchema)
    .mutation(({ ctx, input }) => createLookupTable(ctx.db, { ...input, actor: actorOf(ctx) })),

  /** Renames and/or redescribes; flows that name the old table stop finding it. */
  updateTable: analystProcedure
    .input(id.extend({ name: tableName.optional(), description: description.optional() }))
    .output(tableSchema.omit({ entryCount: true }))
    .mutation(({ ctx, input }) => updateLookupTable(ctx.db, { ...input, actor: actorOf(ctx) })),

  deleteTable: analystProcedure
    .input(id)
    .output(id)
    .mutation(async ({ ctx, input }) => {
      await deleteLookupTable(ctx.db, { id: input.id, actor: actorOf(ctx) });
      return input;
    }),

  /** A page of entries in key order; pass the previous page's `nextKey` as `cursor` (the name react-query's paging uses). */
  entries: viewerProcedure
    .input(
      z.object({
        tableId,
        environment,
        search: z.string().trim().max(LOOKUP_LIMITS.key).optional(),
        cursor: z.string().max(LOOKUP_LIMITS.key).nullish(),
        limit: z.number().int().min(1).max(500).default(100),
      }),
    )
    .output(z.object({ entries: z.array(entrySchema), nextKey: z.string().nullable() }))
    .query(({ ctx, input }) => listLookupEntries(ctx.db, { tableId: input.tableId, environment: input.environment, search: input.search, afterKey: input.cursor ?? undefined, limit: input.limit })),

  /** Adds or replaces an entry; `previousKey` renames the entry's key. */
  upsertEntry: analystProcedure
    .input(z.object({ tableId, environment, entry: entryFields, previousKey: key.optional() }))
    .output(entrySchema)
    .mutation(({ ctx, input }) => saveEntry(ctx.db, { tableId: input.tableId, environment: input.environment, fields: input.entry, previousKey: input.previousKey, actor: actorOf(ctx) })),

  deleteEntry: analystProcedure
    .input(z.object({ tableId, environment, key }))
    .output(z.object({ key: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await deleteLookupEntry(ctx.db, { ...input, actor: actorOf(ctx) });
      return { key: input.key };
    }),

  /** Parses a CSV file and reports every line's problems; writes nothing. */
  previewImport: analystProcedure
    .input(z.object({ tableId, csv }))
    .output(
      z.object({
        rows: z.number().int(),
        valid: z.number().int(),
        errorCount: z.number().int(),
        errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
        sample: z.array(entryFields.required()),
      }),
    )
    .mutation(({ ctx, input }) => previewImport(ctx.db, input)),

  /** Writes the previewed file: `replace` empties the table first, `merge` keeps keys the file does not name. */
  importCsv: analystProcedure
    .input(z.object({ tableId, environment, csv, mode }))
    .output(writeResult)
    .mutation(({ ctx, input }) => commitImport(ctx.db, { ...input, actor: actorOf(ctx) })),

  /** "Copy entries from environment X" into `environment`: `add` keeps the keys it already has, `merge` overwrites them, `replace` empties it first. */
  copyEntries: analystProcedure
    .input(z.object({ tableId, environment, from: z.string().min(1).max(40), mode: z.enum(["add", "merge", "replace"]) }))
    .output(writeResult)
    .mutation(({ ctx, input }) => copyLookupEntries(ctx.db, { tableId: input.tableId, from: input.from, to: input.environment, mode: input.mode, actor: actorOf(ctx) })),

  /** One chunk of the table as CSV; ask again with `afterKey: nextKey` until it is null. */
  exportCsv: viewerProcedure
    .input(z.object({ tableId, environment, afterKey: z.string().max(LOOKUP_LIMITS.key).optional() }))
    .output(z.object({ csv: z.string(), nextKey: z.string().nullable() }))
    .query(({ ctx, input }) => exportChunk(ctx.db, input)),
});
