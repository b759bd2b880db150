import { z } from "zod";
import { actorOf } from "../context";
import { pruneNow, retentionOverview, retentionUpdateInput, updateRetention } from "../services/retention";
import { adminProcedure, router } from "../trpc";

const effective = z.object({ payloadDays: z.number().int(), runDays: z.number().int() });

const overviewSchema = z.object({
  defaults: z.object({
    payloadDays: z.number().int(),
    runDays: z.number().int(),
    minDays: z.number().int(),
    maxDays: z.number().int(),
    metricSampleDays: z.number().int(),
    resolvedAlertDays: z.number().int(),
    bulkOperationDays: z.number().int(),
  }),
  flows: z.array(
    z.object({
      flowId: z.string(),
      name: z.string(),
      /** The override; null = the default. */
      payloadDays: z.number().int().nullable(),
      runDays: z.number().int().nullable(),
      effective,
      /** Exact for small flows, else estimated (see `estimated`). */
      runs: z.number(),
      oldestRunAt: z.date().nullable(),
      /** Always an estimate of the stored (compressed) size. */
      payloadBytes: z.number(),
    }),
  ),
  tables: z.array(z.object({ table: z.string(), bytes: z.number(), rowsEstimate: z.number().nullable() })),
  databaseBytes: z.number(),
  estimated: z.boolean(),
});

const pruneResultSchema = z.object({
  payloadsCleared: z.number(),
  stepPayloadsCleared: z.number(),
  runsDeleted: z.number(),
  effectsDeleted: z.number(),
  samplesDeleted: z.number(),
  alertsDeleted: z.number(),
  bulkOperationsDeleted: z.number(),
  batches: z.number(),
  done: z.boolean(),
  elapsedMs: z.number(),
});

/** Data retention: admins only (it deletes run history). */
export const retentionRouter = router({
  overview: adminProcedure.output(overviewSchema).query(({ ctx }) => retentionOverview(ctx.db)),

  update: adminProcedure
    .input(retentionUpdateInput)
    .output(z.object({ flowId: z.string(), payloadDays: z.number().int().nullable(), runDays: z.number().int().nullable(), effective }))
    .mutation(({ ctx, input }) => updateRetention(ctx.db, actorOf(ctx), input)),

  pruneNow: adminProcedure.output(pruneResultSchema).mutation(({ ctx }) => pruneNow(ctx.db, actorOf(ctx))),
});
