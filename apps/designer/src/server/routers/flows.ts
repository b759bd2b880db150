import { z } from "zod";
import { listFlowSummaries, runFlowManually } from "../services/flows";
import { router, runnerProcedure, viewerProcedure } from "../trpc";
import { runStatusSchema } from "./runs";

const flowSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  /** Null while the flow is a draft that was never published. */
  publishedVersion: z.number().int().nullable(),
  updatedAt: z.date(),
  // listFlows types the status as a plain string; the pipe checks and narrows it.
  lastRun: z.object({ id: z.string(), status: z.string().pipe(runStatusSchema), createdAt: z.date() }).nullable(),
});

const dispatchResultSchema = z.object({
  runId: z.string(),
  correlationId: z.string(),
  businessKey: z.string().nullable(),
  /** True when the trigger event had been recorded before (nothing new was created). */
  duplicate: z.boolean(),
});

export const flowsRouter = router({
  list: viewerProcedure.output(z.array(flowSummarySchema)).query(({ ctx }) => listFlowSummaries(ctx.db)),

  run: runnerProcedure
    .input(
      z.object({
        flowId: z.uuid(),
        /** Trigger payload; omitted → the trigger node's `config.sample`. */
        payload: z.unknown().optional(),
      }),
    )
    .output(dispatchResultSchema)
    .mutation(({ ctx, input }) => runFlowManually({ db: ctx.db, queue: ctx.queue }, input)),
});
