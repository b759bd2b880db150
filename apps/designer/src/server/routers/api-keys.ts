import { publicRuntimeUrl } from "@ipaas/env";
import { z } from "zod";
import { actorOf, getEnv } from "../context";
import { createApiKeyAudited, listApiKeysForAdmin, revokeApiKeyAudited, updateApiKeyAudited } from "../services/api-keys";
import { adminProcedure, router } from "../trpc";

/** null = every flow; otherwise at least one flow (an empty scope could invoke nothing). */
const flowScope = z.array(z.uuid()).min(1, "pick at least one flow, or all flows").max(500).nullable();
/** The runtime's token bucket refills at rate/60 per second; 60 000/min is 1 000/s. */
const rateLimit = z.number().int().min(1).max(60_000);

const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  flowIds: z.array(z.string()).nullable(),
  /** The scope with names; a deleted flow has name null. */
  flows: z.array(z.object({ id: z.string(), name: z.string().nullable() })).nullable(),
  rateLimitPerMinute: z.number().int(),
  createdBy: z.string().nullable(),
  createdByEmail: z.string().nullable(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

export const apiKeysRouter = router({
  /** Every key without its secret or hash (only the public prefix). */
  list: adminProcedure.output(z.array(apiKeySchema)).query(({ ctx }) => listApiKeysForAdmin(ctx.db)),

  /** The only response that ever contains the full key. */
  create: adminProcedure
    .input(z.object({ name: z.string().trim().min(1, "a name is required").max(100), flowIds: flowScope, rateLimitPerMinute: rateLimit.default(600) }))
    .output(z.object({ id: z.string(), prefix: z.string(), key: z.string() }))
    .mutation(({ ctx, input }) => createApiKeyAudited(ctx.db, actorOf(ctx), input)),

  update: adminProcedure
    .input(
      z
        .object({ id: z.uuid(), flowIds: flowScope.optional(), rateLimitPerMinute: rateLimit.optional() })
        .refine((v) => v.flowIds !== undefined || v.rateLimitPerMinute !== undefined, "nothing to change"),
    )
    .output(z.object({ id: z.string(), prefix: z.string() }))
    .mutation(({ ctx, input }) => updateApiKeyAudited(ctx.db, actorOf(ctx), input)),

  revoke: adminProcedure
    .input(z.object({ id: z.uuid() }))
    .output(z.object({ id: z.string(), prefix: z.string() }))
    .mutation(({ ctx, input }) => revokeApiKeyAudited(ctx.db, actorOf(ctx), input.id)),

  /** Where API callers send requests, for the page's curl example. */
  invokeInfo: adminProcedure.output(z.object({ runtimeUrl: z.string() })).query(() => ({ runtimeUrl: publicRuntimeUrl(getEnv()) })),
});
