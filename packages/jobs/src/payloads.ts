import { z } from "zod";

/** Payload of a `runs` job. Validated at the job boundary; a bad payload is never retried. */
export const runJobSchema = z.object({
  runId: z.string().uuid(),
  flowId: z.string().uuid(),
  flowVersionId: z.string().uuid(),
  /** Which continuation of the run this job is (runs.job_seq); 0 for the first. */
  seq: z.number().int().min(0).default(0),
});
export type RunJob = z.input<typeof runJobSchema>;
