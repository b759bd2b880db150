import { schema } from "@ipaas/db";
import { z } from "zod";
import { getRunDetail, listRunsPage } from "../services/runs";
import { router, viewerProcedure } from "../trpc";

export const runStatusSchema = z.enum(schema.runStatus.enumValues);
const stepStatusSchema = z.enum(schema.stepStatus.enumValues);

const runSummarySchema = z.object({
  id: z.string(),
  flowId: z.string(),
  flowName: z.string(),
  status: runStatusSchema,
  triggerType: z.string(),
  businessKey: z.string().nullable(),
  correlationId: z.string(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  durationMs: z.number().int().nullable(),
  error: z.unknown(),
});

const runDetailSchema = runSummarySchema.extend({
  flowVersionId: z.string(),
  triggerEventId: z.string().nullable(),
  triggerPayload: z.unknown(),
  output: z.unknown(),
  resubmittedFrom: z.string().nullable(),
  parentRunId: z.string().nullable(),
});

const stepSchema = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  nodeId: z.string(),
  nodeName: z.string(),
  nodeType: z.string(),
  lineage: z.string(),
  status: stepStatusSchema,
  attempt: z.number().int(),
  input: z.unknown(),
  output: z.unknown(),
  error: z.unknown(),
  /** The payload exceeded the size cap and was cut. */
  truncated: z.boolean(),
  startedAt: z.date(),
  finishedAt: z.date(),
  durationMs: z.number().int(),
});

/** `${createdAt ISO}|${id}` as produced by listRuns; checked here so a bad cursor is a 400, not a 500. */
const cursorSchema = z.string().regex(/^[^|]+\|[0-9a-f-]{36}$/i, "cursor is malformed");

export const runsRouter = router({
  list: viewerProcedure
    .input(
      z.object({
        flowId: z.uuid().optional(),
        status: runStatusSchema.optional(),
        businessKey: z.string().trim().min(1).optional(),
        limit: z.number().int().min(1).max(200).default(50),
        cursor: cursorSchema.nullish(),
      }),
    )
    .output(z.object({ items: z.array(runSummarySchema), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listRunsPage(ctx.db, input)),

  byId: viewerProcedure
    .input(z.object({ id: z.uuid() }))
    .output(z.object({ run: runDetailSchema, steps: z.array(stepSchema) }))
    .query(({ ctx, input }) => getRunDetail(ctx.db, input.id)),
});
