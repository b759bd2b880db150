import { z } from "zod";
import { actorOf } from "../context";
import { createMappingAudited, deleteMappingAudited, updateMappingAudited } from "../services/mapping-changes";
import {
  getMapping,
  isTargetSchemaName,
  listFunctionDocs,
  listMappings,
  listTargetSchemas,
  previewMapping,
  runTestsFor,
} from "../services/mappings";
import { analystProcedure, router, viewerProcedure } from "../trpc";
import { boundedJson } from "./bounded-json";
import { mappingLibraryRouter } from "./mapping-library";
import { mappingErrorSchema, mappingSchema, problemSchema, testRunSchema } from "./mapping-schemas";
import { versionNumber } from "./schemas";

/** A canonical object, a Shopify/X12 document, or a list of either ("InventoryPosition[]"). */
const targetSchemaName = z.string().refine(isTargetSchemaName, { message: "is not a known target schema" });

/**
 * `undefined` (superjson can send it) would vanish in the jsonb column and leave a
 * saved test without the key the output schema requires: the mapping could no
 * longer be read (a 500 on every get). Refused up front, like oversized values.
 */
const present = (field: string) => boundedJson(field).refine((v) => v !== undefined, `${field} is required (use null for "nothing")`);
const testCaseSchema = z.object({ name: z.string().trim().min(1, "a test needs a name").max(200), input: present("test input"), expected: present("test expected") });

const editableFields = {
  name: z.string().trim().min(1, "a name is required").max(200),
  description: z.string().max(2000),
  // zod 4 requires the key of a plain z.unknown(); a mapping may have no sample yet.
  sourceSample: boundedJson("sourceSample").optional(),
  targetSchema: targetSchemaName.nullable(),
  expression: z.string().max(200_000),
  tests: z.array(testCaseSchema).max(500),
};

const mappingSummarySchema = mappingSchema.pick({ id: true, name: true, description: true, targetSchema: true, version: true, updatedAt: true }).extend({ testCount: z.number().int() });

const previewResultSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), result: z.unknown(), problems: z.array(problemSchema), durationMs: z.number() }),
  z.object({ ok: z.literal(false), error: mappingErrorSchema, durationMs: z.number() }),
]);

export const mappingsRouter = router({
  /** The standard mappings, read-only, with golden examples; copy one to edit it. */
  library: mappingLibraryRouter,

  list: viewerProcedure.output(z.array(mappingSummarySchema)).query(({ ctx }) => listMappings(ctx.db)),

  get: viewerProcedure
    .input(z.object({ id: z.uuid() }))
    .output(mappingSchema)
    .query(({ ctx, input }) => getMapping(ctx.db, input.id)),

  create: analystProcedure
    .input(z.object({ ...editableFields, description: editableFields.description.default(""), expression: editableFields.expression.default(""), tests: editableFields.tests.default([]), targetSchema: editableFields.targetSchema.optional() }))
    .output(mappingSchema)
    .mutation(({ ctx, input }) => createMappingAudited(ctx.db, actorOf(ctx), input)),

  /** Saves an edit of `version`; a stale version is a CONFLICT (someone saved in between). */
  update: analystProcedure
    .input(z.object({ id: z.uuid(), version: versionNumber }).extend(z.object(editableFields).partial().shape))
    .output(mappingSchema)
    .mutation(({ ctx, input }) => updateMappingAudited(ctx.db, actorOf(ctx), input)),

  delete: analystProcedure
    .input(z.object({ id: z.uuid() }))
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await deleteMappingAudited(ctx.db, actorOf(ctx), input.id);
      return { id: input.id };
    }),

  /**
   * A mutation although it reads nothing: the sample travels in the body (a
   * 50-line order would overflow a GET URL), and every keystroke is a new call.
   * Analysts and admins only: it evaluates arbitrary expressions on the server
   * (in the sandbox's worker pool), which is editing work, not reading.
   */
  preview: analystProcedure
    .input(z.object({ expression: z.string().max(200_000), input: boundedJson("input"), targetSchema: targetSchemaName.nullish() }))
    .output(previewResultSchema)
    .mutation(({ ctx, input }) => previewMapping(ctx.db, input)),

  /** Runs a saved mapping's tests (`id`) or the editor's unsaved state (`mapping`); server-side evaluation, so analyst+ like preview. */
  runTests: analystProcedure
    .input(
      z.union([
        z.object({ id: z.uuid() }),
        z.object({ mapping: z.object({ expression: editableFields.expression, targetSchema: targetSchemaName.nullish(), tests: editableFields.tests }) }),
      ]),
    )
    .output(testRunSchema)
    .mutation(({ ctx, input }) => runTestsFor(ctx.db, input)),

  targetSchemas: viewerProcedure
    .output(z.array(z.object({ name: z.string(), kind: z.enum(["canonical", "external"]), jsonSchema: z.record(z.string(), z.unknown()) })))
    .query(() => listTargetSchemas()),

  /** The function library's documentation, for autocomplete (the engine stays off the client bundle). */
  functionDocs: viewerProcedure
    .output(z.array(z.object({ name: z.string(), signature: z.string(), description: z.string(), category: z.string(), example: z.object({ expression: z.string(), result: z.string() }) })))
    .query(() => listFunctionDocs()),
});
