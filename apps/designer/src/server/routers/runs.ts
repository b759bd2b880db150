import { RUNS_CURSOR } from "@ipaas/db";
import { DEAD_LETTER_STATUSES, RUN_STATUSES, STEP_STATUSES } from "@ipaas/db/enums";
import { z } from "zod";
import { filterDate } from "./schemas";
import { getRelatedRuns, getRunDetail, getRunGraph, listErrorClasses, listRunsPage, RANGE_MS, type RunRange } from "../services/runs";
import { runReplayData } from "../services/run-replay";
import { analystProcedure, router, viewerProcedure } from "../trpc";

export const runStatusSchema = z.enum(RUN_STATUSES);
const stepStatusSchema = z.enum(STEP_STATUSES);
const deadLetterStatusSchema = z.enum(DEAD_LETTER_STATUSES);
const rangeSchema = z.enum(Object.keys(RANGE_MS) as [RunRange, ...RunRange[]]);

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
  errorClass: z.string().nullable(),
  /** The error's message only; the detail page has the full error. */
  errorMessage: z.string().nullable(),
});

const runDetailSchema = runSummarySchema.omit({ errorMessage: true }).extend({
  flowVersion: z.number().int().nullable(),
  error: z.unknown(),
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
  /** Connector of an action step; null for logic nodes. */
  connector: z.string().nullable(),
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

const deadLetterSummarySchema = z.object({
  id: z.string(),
  status: deadLetterStatusSchema,
  nodeId: z.string(),
  nodeName: z.string(),
  lineage: z.string(),
  errorClass: z.string(),
  errorMessage: z.string(),
  attempts: z.number().int(),
  createdAt: z.date(),
  resolvedAt: z.date().nullable(),
});

/** As listRuns writes it; checked here so a bad cursor is a 400, not a 500. */
const cursorSchema = z.string().regex(RUNS_CURSOR, "cursor is malformed");

const runId = z.object({ id: z.uuid() });

export const runsRouter = router({
  list: viewerProcedure
    .input(
      z.object({
        flowId: z.uuid().optional(),
        status: z.union([runStatusSchema, z.array(runStatusSchema).max(RUN_STATUSES.length)]).optional(),
        businessKey: z.string().trim().min(1).optional(),
        /** Business key ("1001" also finds "#1001"), correlation id or run id, all exact. */
        search: z.string().trim().min(1).max(500).optional(),
        connector: z.string().trim().min(1).max(100).optional(),
        errorClass: z.string().trim().min(1).max(200).optional(),
        /** Relative window resolved on the server (stable query key while polling); `from` wins over it. */
        range: rangeSchema.optional(),
        from: filterDate.optional(),
        to: filterDate.optional(),
        limit: z.number().int().min(1).max(200).default(50),
        cursor: cursorSchema.nullish(),
      }),
    )
    .output(z.object({ items: z.array(runSummarySchema), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listRunsPage(ctx.db, input)),

  byId: viewerProcedure
    .input(runId)
    .output(z.object({ run: runDetailSchema, steps: z.array(stepSchema), deadLetters: z.array(deadLetterSummarySchema) }))
    .query(({ ctx, input }) => getRunDetail(ctx.db, input.id)),

  /** The flow version the run executed, for drawing its path. Immutable: clients cache it for good. */
  graph: viewerProcedure
    .input(runId)
    .output(z.object({ flowId: z.string(), flowVersionId: z.string(), version: z.number().int(), definition: z.unknown() }))
    .query(({ ctx, input }) => getRunGraph(ctx.db, input.id)),

  related: viewerProcedure
    .input(runId)
    .output(
      z.object({
        sameBusinessKey: z.array(runSummarySchema),
        parent: runSummarySchema.nullable(),
        children: z.array(runSummarySchema),
        resubmittedFrom: z.array(runSummarySchema),
        resubmissions: z.array(runSummarySchema),
      }),
    )
    .query(({ ctx, input }) => getRelatedRuns(ctx.db, input.id)),

  /** "Open in editor with this data": the payload and recorded outputs for a test run of the draft (those who may test-run). */
  replayData: analystProcedure
    .input(runId)
    .output(
      z.object({
        runId: z.string(),
        flowId: z.string(),
        version: z.number().int(),
        payload: z.unknown(),
        outputs: z.record(z.string(), z.object({ nodeName: z.string(), status: stepStatusSchema, output: z.unknown() })),
      }),
    )
    .query(({ ctx, input }) => runReplayData(ctx.db, ctx.keyRing ?? null, input.id)),

  errorClasses: viewerProcedure.output(z.array(z.string())).query(({ ctx }) => listErrorClasses(ctx.db)),
});
