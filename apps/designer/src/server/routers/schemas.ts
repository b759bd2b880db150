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
