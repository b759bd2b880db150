import { z } from "zod";
import {
  createMapping,
  deleteMapping,
  getMapping,
  isTargetSchemaName,
  listFunctionDocs,
  listMappings,
  listTargetSchemas,
  previewMapping,
  runTestsFor,
  updateMapping,
} from "../services/mappings";
import { analystProcedure, router, viewerProcedure } from "../trpc";

const targetSchemaName = z.string().refine(isTargetSchemaName, { message: "is not a canonical schema" });

const testCaseSchema = z.object({ name: z.string().trim().min(1, "a test needs a name").max(200), input: z.unknown(), expected: z.unknown() });

const editableFields = {
  name: z.string().trim().min(1, "a name is required").max(200),
  description: z.string().max(2000),
  // zod 4 requires the key of a plain z.unknown(); a mapping may have no sample yet.
  sourceSample: z.unknown().optional(),
  targetSchema: targetSchemaName.nullable(),
  expression: z.string().max(200_000),
  tests: z.array(testCaseSchema).max(500),
};

const mappingSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  sourceSample: z.unknown(),
  targetSchema: z.string().nullable(),
  expression: z.string(),
  tests: z.array(z.object({ name: z.string(), input: z.unknown(), expected: z.unknown() })),
  version: z.number().int(),
  updatedBy: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const mappingSummarySchema = mappingSchema.pick({ id: true, name: true, description: true, targetSchema: true, version: true, updatedAt: true }).extend({ testCount: z.number().int() });

const problemSchema = z.object({ path: z.string(), message: z.string() });

const mappingErrorSchema = z.object({ message: z.string(), code: z.string(), position: z.number().optional(), token: z.string().optional() });

const previewResultSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), result: z.unknown(), problems: z.array(problemSchema), durationMs: z.number() }),
  z.object({ ok: z.literal(false), error: mappingErrorSchema, durationMs: z.number() }),
]);

const testRunSchema = z.object({
  passed: z.boolean(),
  cases: z.array(
    z.object({
      name: z.string(),
      passed: z.boolean(),
      actual: z.unknown(),
      /** Expected vs actual, leaf by leaf. */
      diff: z.array(z.object({ path: z.string(), expected: z.unknown(), actual: z.unknown(), kind: z.enum(["changed", "missing", "extra"]) })),
      /** Problems of the actual output against the target schema. */
      issues: z.array(problemSchema),
      error: mappingErrorSchema.optional(),
    }),
  ),
});

export const mappingsRouter = router({
  list: viewerProcedure.output(z.array(mappingSummarySchema)).query(({ ctx }) => listMappings(ctx.db)),

  get: viewerProcedure
    .input(z.object({ id: z.uuid() }))
    .output(mappingSchema)
    .query(({ ctx, input }) => getMapping(ctx.db, input.id)),

  create: analystProcedure
    .input(z.object({ ...editableFields, description: editableFields.description.default(""), expression: editableFields.expression.default(""), tests: editableFields.tests.default([]), targetSchema: editableFields.targetSchema.optional() }))
    .output(mappingSchema)
    .mutation(({ ctx, input }) => createMapping(ctx.db, { ...input, userId: ctx.user.id })),

  /** Saves an edit of `version`; a stale version is a CONFLICT (someone saved in between). */
  update: analystProcedure
    .input(z.object({ id: z.uuid(), version: z.number().int().min(1) }).extend(z.object(editableFields).partial().shape))
    .output(mappingSchema)
    .mutation(({ ctx, input }) => updateMapping(ctx.db, { ...input, userId: ctx.user.id })),

  delete: analystProcedure
    .input(z.object({ id: z.uuid() }))
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await deleteMapping(ctx.db, input.id);
      return { id: input.id };
    }),

  /**
   * A mutation although it reads nothing: the sample travels in the body (a
   * 50-line order would overflow a GET URL), and every keystroke is a new call.
   * Analysts and admins only: it evaluates arbitrary expressions on the server
   * (in the sandbox's worker pool), which is editing work, not reading.
   */
  preview: analystProcedure
    .input(z.object({ expression: z.string().max(200_000), input: z.unknown(), targetSchema: targetSchemaName.nullish() }))
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
    .output(z.array(z.object({ name: z.string(), jsonSchema: z.record(z.string(), z.unknown()) })))
    .query(() => listTargetSchemas()),

  /** The function library's documentation, for autocomplete (the engine stays off the client bundle). */
  functionDocs: viewerProcedure
    .output(z.array(z.object({ name: z.string(), signature: z.string(), description: z.string(), category: z.string(), example: z.object({ expression: z.string(), result: z.string() }) })))
    .query(() => listFunctionDocs()),
});
