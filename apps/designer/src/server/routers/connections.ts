import { CONNECTION_STATUSES, connectionLimitsSchema, ENVIRONMENT_NAME_PATTERN } from "@ipaas/db";
import { z } from "zod";
import { actorOf, outboundOf } from "../context";
import {
  connectionUsage,
  createConnection,
  createEnvironment,
  deleteConnection,
  getConnection,
  listConnections,
  listConnectors,
  connectionsOfFlow,
  listConnectionHealth,
  listEnvironments,
  rotateConnection,
  testConnection,
  updateConnection,
  updateConnectionLimits,
} from "../services/connections";
import { adminProcedure, router, viewerProcedure } from "../trpc";
import { boundedRecord } from "./bounded-json";

const id = z.object({ id: z.uuid() });
const name = z.string().trim().min(1, "a name is required").max(100);
const environmentName = z.string().regex(ENVIRONMENT_NAME_PATTERN, "lower-case letters, digits and dashes (e.g. staging-eu)");
/** A connection's config; its `limits` (circuit, rate limit, test interval) must be what the runtime understands. */
const config = boundedRecord("config", { maxChars: 64 * 1024 }).superRefine((value, ctx) => {
  if (value.limits === undefined) return;
  const parsed = connectionLimitsSchema.safeParse(value.limits);
  for (const issue of parsed.success ? [] : parsed.error.issues) ctx.addIssue({ code: "custom", path: ["limits", ...issue.path.map(String)], message: issue.message });
});
/** A secret value: its length is checked, its content never echoed. */
const secretValue = z.string().max(20_000);

/** The masked API shape (see toConnectionView): secret values never leave the server. */
const connectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  connectorId: z.string(),
  environment: z.string(),
  config,
  secrets: z.record(z.string(), z.object({ set: z.literal(true), updatedAt: z.date().nullable() })),
  tokenExpiresAt: z.date().nullable(),
  lastTestedAt: z.date().nullable(),
  lastTestStatus: z.string().nullable(),
  lastTestMessage: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** What the connections page, the flow page and the dashboard show (docs/architecture.md "Connection health"). */
export const connectionHealthSchema = z.object({
  connectionId: z.string(),
  name: z.string(),
  connectorId: z.string(),
  environment: z.string(),
  status: z.enum(CONNECTION_STATUSES),
  since: z.date().nullable(),
  lastTestedAt: z.date().nullable(),
  lastError: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  nextTestAt: z.date().nullable(),
});

const usageSchema = z.object({ flowId: z.string(), flowName: z.string(), environment: z.string(), inPublished: z.boolean(), inDraft: z.boolean() });

const environmentSchema = z.object({ name: z.string(), description: z.string(), createdAt: z.date(), connectionCount: z.number().int() });

const connectorSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  authSchema: z.record(z.string(), z.unknown()),
  secretFields: z.array(z.string()),
  hasTest: z.boolean(),
});

/** Reads are open to every role (analysts build flows with connections); writes and tests are admin-only. */
export const connectionsRouter = router({
  connectors: viewerProcedure.output(z.array(connectorSchema)).query(() => listConnectors()),

  list: viewerProcedure
    .input(z.object({ environment: z.string().optional(), connectorId: z.string().optional() }).optional())
    .output(z.array(connectionSchema))
    .query(({ ctx, input }) => listConnections(ctx.db, input)),

  byId: viewerProcedure
    .input(id)
    .output(connectionSchema)
    .query(({ ctx, input }) => getConnection(ctx.db, input.id)),

  /** Flows whose draft or published version uses the connection (what blocks a delete). */
  usage: viewerProcedure
    .input(id)
    .output(z.array(usageSchema))
    .query(({ ctx, input }) => connectionUsage(ctx.db, input.id)),

  create: adminProcedure
    .input(z.object({ name, connectorId: z.string().min(1), environment: environmentName, config: config.default({}), secrets: z.record(z.string(), secretValue).default({}) }))
    .output(connectionSchema)
    .mutation(({ ctx, input }) => createConnection(ctx.db, { ...input, keyRing: ctx.keyRing ?? null, actor: actorOf(ctx) })),

  /** `config` replaces the whole config; in `secrets` a string replaces a value, null clears it, an absent field keeps it. */
  update: adminProcedure
    .input(id.extend({ name: name.optional(), config: config.optional(), secrets: z.record(z.string(), secretValue.nullable()).optional() }))
    .output(connectionSchema)
    .mutation(({ ctx, input }) => updateConnection(ctx.db, { ...input, keyRing: ctx.keyRing ?? null, actor: actorOf(ctx) })),

  /** New values for secret fields (a regenerated token), audited as a rotation. */
  rotate: adminProcedure
    .input(id.extend({ secrets: z.record(z.string(), secretValue).refine((s) => Object.keys(s).length > 0, "give at least one secret value") }))
    .output(connectionSchema)
    .mutation(({ ctx, input }) => rotateConnection(ctx.db, { ...input, keyRing: ctx.keyRing ?? null, actor: actorOf(ctx) })),

  /** Every connection's health, as the runtime's monitor last judged it. */
  health: viewerProcedure.output(z.array(connectionHealthSchema)).query(({ ctx }) => listConnectionHealth(ctx.db)),

  /** The connections a flow's published version calls, with their health: an offline one pauses the flow's schedule or poll. */
  ofFlow: viewerProcedure
    .input(z.object({ flowId: z.uuid() }))
    .output(z.array(connectionHealthSchema))
    .query(({ ctx, input }) => connectionsOfFlow(ctx.db, input.flowId)),

  /** Circuit breaker, rate limit and test interval (`config.limits`); an empty object restores the defaults. Audited as a config change. */
  updateLimits: adminProcedure
    .input(id.extend({ limits: connectionLimitsSchema }))
    .output(connectionSchema)
    .mutation(({ ctx, input }) => updateConnectionLimits(ctx.db, { ...input, keyRing: ctx.keyRing ?? null, actor: actorOf(ctx) })),

  test: adminProcedure
    .input(id)
    .output(z.object({ ok: z.boolean(), message: z.string(), connection: connectionSchema }))
    .mutation(({ ctx, input }) => testConnection(ctx.db, { id: input.id, keyRing: ctx.keyRing ?? null, actor: actorOf(ctx), outbound: outboundOf(ctx) })),

  /** Refused (CONFLICT, naming the flows) while a flow's draft or published version uses it. */
  delete: adminProcedure
    .input(id)
    .output(id)
    .mutation(async ({ ctx, input }) => {
      await deleteConnection(ctx.db, { id: input.id, actor: actorOf(ctx) });
      return { id: input.id };
    }),

  environments: viewerProcedure.output(z.array(environmentSchema)).query(({ ctx }) => listEnvironments(ctx.db)),

  createEnvironment: adminProcedure
    .input(z.object({ name: environmentName, description: z.string().trim().max(500).default("") }))
    .output(environmentSchema)
    .mutation(({ ctx, input }) => createEnvironment(ctx.db, { ...input, actor: actorOf(ctx) })),
});
