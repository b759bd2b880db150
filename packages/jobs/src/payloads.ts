import { z } from "zod";

/** Payload of a `runs` job. Validated at the job boundary; a bad payload is never retried. */
export const runJobSchema = z.object({
  runId: z.string().uuid(),
  flowId: z.string().uuid(),
  flowVersionId: z.string().uuid(),
});
export type RunJob = z.infer<typeof runJobSchema>;
