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

/** A date in a query filter, as Postgres can read it (shared with the dead-letter filter of @ipaas/db). */
export { filterDate } from "@ipaas/db/filter-date";
