import { z } from "zod";
import { actorOf } from "../context";
import { copyLibraryMapping, getLibraryMapping, listLibraryMappings, runLibraryExamples } from "../services/mapping-library";
import { analystProcedure, router, viewerProcedure } from "../trpc";
import { mappingSchema, testRunSchema } from "./mapping-schemas";

/** A catalogue id: lowercase words joined by dashes ("shopify-order-to-sales-order"). */
const libraryId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, "is not a standard mapping id");

const summaryFields = {
  id: z.string(),
  ref: z.string(),
  name: z.string(),
  description: z.string(),
  source: z.string(),
  target: z.string(),
  targetSchema: z.string().nullable(),
  version: z.number().int(),
  lookupTables: z.array(z.string()),
};

/**
 * The mapping library (services/mapping-library.ts): everyone reads it and sees
 * its golden examples pass; analysts and admins copy one into their mappings.
 */
export const mappingLibraryRouter = router({
  list: viewerProcedure.output(z.array(z.object({ ...summaryFields, testCount: z.number().int() }))).query(() => listLibraryMappings()),

  get: viewerProcedure
    .input(z.object({ id: libraryId }))
    .output(
      z.object({
        ...summaryFields,
        expression: z.string(),
        sourceSample: z.unknown(),
        tests: z.array(z.object({ name: z.string(), input: z.unknown(), expected: z.unknown() })),
        /** Tables the mapping reads that this installation has none of. */
        missingTables: z.array(z.string()),
      }),
    )
    .query(({ ctx, input }) => getLibraryMapping(ctx.db, input.id)),

  /** The golden examples through the sandbox; a mutation like runTests (evaluation work, never cached), but fixed input, so viewers too. */
  runExamples: viewerProcedure
    .input(z.object({ id: libraryId }))
    .output(testRunSchema)
    .mutation(({ input }) => runLibraryExamples(input.id)),

  /** An editable copy under `name` (default: the library mapping's name); a taken name is a CONFLICT. */
  copy: analystProcedure
    .input(z.object({ id: libraryId, name: z.string().trim().min(1, "a name is required").max(200).optional() }))
    .output(mappingSchema)
    .mutation(({ ctx, input }) => copyLibraryMapping(ctx.db, actorOf(ctx), input)),
});
