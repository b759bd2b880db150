import { z } from "zod";

/** A `validate` problem (packages/flow Problem) as procedures return it; shared by the flow routers. */
export const problemSchema = z.object({
  nodeId: z.string().nullable(),
  edgeId: z.string().optional(),
  path: z.string(),
  code: z.string(),
  message: z.string(),
  position: z.number().optional(),
  token: z.string().optional(),
});

/**
 * A version number, as Postgres stores it (integer): larger values are refused
 * here with a 400 instead of failing in the query ("out of range for type integer").
 */
export const versionNumber = z.number().int().min(1).max(2_147_483_647, "is not a version number");

/**
 * A date in a query filter. Postgres reads dates outside years 1–9999 (as JS's
 * toISOString writes them: "+065232-03-21…", "-000001-…") as a time-zone error,
 * so they are refused here with a 400 naming the field.
 */
export const filterDate = z
  .date()
  .min(new Date("0001-01-01T00:00:00.000Z"), "must be in the years 1 to 9999")
  .max(new Date("9999-12-31T23:59:59.999Z"), "must be in the years 1 to 9999");
