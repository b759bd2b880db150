import { z } from "zod";

/** Output schemas shared by the mappings router and the mapping library's (a copy is a saved mapping; examples run like tests). */

export const mappingSchema = z.object({
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

export const problemSchema = z.object({ path: z.string(), message: z.string() });

export const mappingErrorSchema = z.object({ message: z.string(), code: z.string(), position: z.number().optional(), token: z.string().optional() });

export const testRunSchema = z.object({
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
