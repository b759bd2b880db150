import { flowDefinitionSchema } from "@ipaas/flow";
import { z } from "zod";
import { boundedJson, boundedRecord, DEFAULT_JSON_LIMITS } from "./bounded-json";
import { problemSchema, versionNumber } from "./schemas";
import { actorOf, outboundOf } from "../context";
import { exportFlow, importFlow, importFlowLookups } from "../services/flow-export";
import { flowLookupTableSchema, lookupsReportSchema } from "../services/flow-lookups";
import { testRunDraft } from "../services/flow-test-run";
import { diffVersions, getVersionDefinition, listVersions, rollbackToVersion } from "../services/flow-versions";
import { analystProcedure, viewerProcedure } from "../trpc";

/*
 * Test runs, version history, diff, rollback, export/import. Spread into the flows
 * router (they are flow procedures: `flows.testRun`, `flows.versions`, …); kept in
 * their own file so flows.ts stays small.
 */


const nodeResultSchema = z.object({
  status: z.enum(["succeeded", "failed", "skipped", "not_run"]),
  itemCount: z.number().int(),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  // As a run's step error: INVALID_INPUT's `details.issues` lists every field.
  error: z.object({ message: z.string(), code: z.string().optional(), details: z.unknown().optional() }).optional(),
});

const valueChange = z.object({ path: z.string(), before: z.unknown(), after: z.unknown(), expression: z.boolean() });
const nodeRef = z.object({ id: z.string(), name: z.string(), type: z.string() });
const edgeRef = z.object({ id: z.string(), source: z.string(), target: z.string(), sourceHandle: z.string().optional() });
const versionRef = z.union([versionNumber, z.literal("draft")]);

/** The request body's size is bounded by the HTTP layer; this bounds what one document may carry. */
const MAX_JSON_CHARS = DEFAULT_JSON_LIMITS.maxChars;
/** A flow document: its JSON text (a pasted or uploaded file) or the parsed object. */
const flowDocumentJson = z.union([z.string().max(5 * MAX_JSON_CHARS), boundedRecord("json", { maxChars: 5 * MAX_JSON_CHARS })]);

export const flowVersionProcedures = {
  /** Runs a draft (not saved, not published) or one step of it; writes no run record. */
  testRun: analystProcedure
    .input(
      z.object({
        flowId: z.uuid(),
        definition: boundedJson("definition").pipe(flowDefinitionSchema),
        environment: z.string().min(1).optional(),
        payload: boundedJson("payload").optional(),
        nodeId: z.string().min(1).optional(),
        /** For a step: its input (the previous node's pinned or last test output). */
        input: boundedJson("input").optional(),
        /** For a step: earlier outputs by node name, for `$steps`. */
        steps: boundedRecord("steps").optional(),
        confirmProduction: z.boolean().optional(),
      }),
    )
    .output(
      z.object({
        status: z.enum(["succeeded", "failed", "skipped", "timed_out"]),
        nodes: z.record(z.string(), nodeResultSchema),
        error: z.object({ message: z.string() }).optional(),
      }),
    )
    .mutation(({ ctx, input }) => testRunDraft(ctx.db, ctx.keyRing ?? null, actorOf(ctx), input, outboundOf(ctx))),

  versions: viewerProcedure
    .input(z.object({ flowId: z.uuid() }))
    .output(z.array(z.object({ version: z.number().int(), message: z.string(), publishedBy: z.string().nullable(), publishedAt: z.date(), current: z.boolean() })))
    .query(({ ctx, input }) => listVersions(ctx.db, input.flowId)),

  version: viewerProcedure
    .input(z.object({ flowId: z.uuid(), version: versionNumber }))
    .output(z.object({ version: z.number().int(), definition: z.unknown() }))
    .query(async ({ ctx, input }) => ({ version: input.version, definition: await getVersionDefinition(ctx.db, input.flowId, input.version) })),

  diff: viewerProcedure
    .input(z.object({ flowId: z.uuid(), from: versionRef, to: versionRef }))
    .output(
      z.object({
        nodes: z.object({ added: z.array(nodeRef), removed: z.array(nodeRef), changed: z.array(nodeRef.extend({ changes: z.array(valueChange) })) }),
        edges: z.object({ added: z.array(edgeRef), removed: z.array(edgeRef) }),
        settings: z.array(valueChange),
      }),
    )
    .query(({ ctx, input }) => diffVersions(ctx.db, input)),

  rollback: analystProcedure
    .input(z.object({ flowId: z.uuid(), version: versionNumber, message: z.string().trim().min(1, "a message is required").max(500) }))
    .output(z.discriminatedUnion("published", [z.object({ published: z.literal(true), version: z.number().int() }), z.object({ published: z.literal(false), problems: z.array(problemSchema) })]))
    .mutation(({ ctx, input }) => rollbackToVersion(ctx.db, actorOf(ctx), input)),

  /** `lookupEntries`: carry the entries (the flow's environment's) of the tables the flow reads, not only their names. */
  export: viewerProcedure
    .input(z.object({ flowId: z.uuid(), version: versionNumber.optional(), lookupEntries: z.boolean().optional() }))
    .output(
      z.object({
        format: z.literal("ipaas-flow"),
        formatVersion: z.literal(1),
        name: z.string(),
        description: z.string(),
        environment: z.string().optional(),
        definition: z.unknown(),
        lookups: z.array(flowLookupTableSchema).optional(),
      }),
    )
    .query(({ ctx, input }) => exportFlow(ctx.db, input)),

  import: analystProcedure
    .input(
      z.object({
        json: flowDocumentJson,
        name: z.string().trim().max(200).optional(),
        environment: z.string().min(1),
      }),
    )
    .output(z.object({ flowId: z.string(), problems: z.array(problemSchema), lookups: lookupsReportSchema }))
    .mutation(({ ctx, input }) => importFlow(ctx.db, actorOf(ctx), input)),

  /** Creates the cross-reference tables an imported document names that `environment` lacks, and adds the keys it carries and the environment lacks. */
  importLookups: analystProcedure
    .input(z.object({ json: flowDocumentJson, environment: z.string().min(1) }))
    .output(z.object({ created: z.array(z.object({ name: z.string(), created: z.boolean(), added: z.number().int() })), report: lookupsReportSchema }))
    .mutation(({ ctx, input }) => importFlowLookups(ctx.db, actorOf(ctx), input)),
};
