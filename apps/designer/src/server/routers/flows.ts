import { publicRuntimeUrl } from "@ipaas/env";
import { flowDefinitionSchema } from "@ipaas/flow";
import { z } from "zod";
import { boundedJson } from "./bounded-json";
import { problemSchema } from "./schemas";
import { actorOf, getEnv } from "../context";
import { flowWebhookUrl, setFlowEnabled } from "../services/flow-status";
import { flowVersionProcedures } from "./flow-versions";
import { createBlankFlow, getFlowDetail, listFlowSummaries, publishDraft, runFlowManually, saveDraft, setFlowEnvironment, validateDraft } from "../services/flows";
import { analystProcedure, router, runnerProcedure, viewerProcedure } from "../trpc";
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


const flowDetailSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  environment: z.string(),
  publishedVersion: z.number().int().nullable(),
  draft: z.unknown(),
  updatedAt: z.date(),
});
const ok = z.object({ ok: z.literal(true) });

export const flowsRouter = router({
  ...flowVersionProcedures,
  get: viewerProcedure
    .input(z.object({ flowId: z.uuid() }))
    .output(flowDetailSchema)
    .query(({ ctx, input }) => getFlowDetail(ctx.db, input.flowId)),

  create: analystProcedure
    .input(z.object({ name: z.string().trim().min(1, "name: give the flow a name").max(200), environment: z.string().min(1).default("sandbox") }))
    .output(z.object({ flowId: z.string() }))
    .mutation(({ ctx, input }) => createBlankFlow(ctx.db, actorOf(ctx), input)),

  saveDraft: analystProcedure
    .input(z.object({ flowId: z.uuid(), definition: boundedJson("definition").pipe(flowDefinitionSchema) }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await saveDraft(ctx.db, actorOf(ctx), input);
      return { ok: true as const };
    }),

  setEnvironment: analystProcedure
    .input(z.object({ flowId: z.uuid(), environment: z.string().min(1) }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await setFlowEnvironment(ctx.db, actorOf(ctx), input);
      return { ok: true as const };
    }),

  validate: viewerProcedure
    .input(z.object({ flowId: z.uuid() }))
    .output(z.array(problemSchema))
    .query(({ ctx, input }) => validateDraft(ctx.db, input.flowId)),

  publish: analystProcedure
    .input(z.object({ flowId: z.uuid(), message: z.string().trim().min(1, "a publish message is required").max(500) }))
    .output(z.discriminatedUnion("published", [z.object({ published: z.literal(true), version: z.number().int() }), z.object({ published: z.literal(false), problems: z.array(problemSchema) })]))
    .mutation(({ ctx, input }) => publishDraft(ctx.db, { ...input, actor: { id: ctx.user.id, email: ctx.user.email } })),

  list: viewerProcedure.output(z.array(flowSummarySchema)).query(({ ctx }) => listFlowSummaries(ctx.db)),

  run: runnerProcedure
    .input(
      z.object({
        flowId: z.uuid(),
        /** Trigger payload; omitted → the trigger node's `config.sample`. */
        payload: boundedJson("payload").optional(),
      }),
    )
    .output(dispatchResultSchema)
    .mutation(({ ctx, input }) => runFlowManually({ db: ctx.db, queue: ctx.queue }, input)),

  /** Disabled flows accept no new runs (the runtime picks this up within its flow cache's TTL). */
  setEnabled: analystProcedure
    .input(z.object({ flowId: z.uuid(), enabled: z.boolean() }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await setFlowEnabled(ctx.db, actorOf(ctx), input);
      return { ok: true as const };
    }),

  /** The runtime's public ingress URL for a webhook-triggered flow; null for other triggers. */
  webhookUrl: viewerProcedure
    .input(z.object({ flowId: z.uuid() }))
    .output(z.object({ url: z.string().nullable() }))
    .query(async ({ ctx, input }) => ({ url: await flowWebhookUrl(ctx.db, { flowId: input.flowId, runtimeUrl: publicRuntimeUrl(getEnv()) }) })),
});
