import { BULK_LIMIT, bulkSelectionSchema, countDeadLetters, deadLetterStatusSchema, getBulkStatus, listAssignees, listDeadLetterGroups, listDeadLetters, toDeadLetterFilter, workbenchFilterSchema } from "@ipaas/db";
import { BULK_OPERATION_KINDS, BULK_OPERATION_STATUSES, RUN_STATUSES } from "@ipaas/db/enums";
import { REPLAY_MODES } from "@ipaas/flow";
import { z } from "zod";
import { actorOf } from "../context";
import { getDeadLetter } from "../services/dead-letters";
import { addComment, assignOne, discardOne, retryDeadLetter, validateDeadLetterInput } from "../services/dead-letters-actions";
import { startBulkOperation } from "../services/dead-letters-bulk";
import { DRY_RUN_LIMIT, dryRunReplay } from "../services/dead-letters-replay";
import { operatorProcedure, router, viewerProcedure } from "../trpc";
import { boundedJson } from "./bounded-json";

/** The workbench filter (@ipaas/db/dead-letter-filter); the same shape drives groups, list, counts and bulk actions. */
const filterInput = z.object({ filter: workbenchFilterSchema.default({}) });
const idInput = z.object({ id: z.uuid() });
const runStatusSchema = z.enum(RUN_STATUSES);
const issueSchema = z.object({ path: z.string(), message: z.string() });

const groupSchema = z.object({
  flowId: z.string(),
  flowName: z.string(),
  nodeId: z.string(),
  nodeName: z.string(),
  errorClass: z.string(),
  count: z.number().int(),
  sampleMessage: z.string(),
  errorCode: z.string(),
  oldest: z.date(),
  newest: z.date(),
});

const itemSchema = z.object({
  id: z.string(),
  runId: z.string(),
  flowId: z.string(),
  nodeId: z.string(),
  nodeName: z.string(),
  lineage: z.string(),
  businessKey: z.string().nullable(),
  errorClass: z.string(),
  errorCode: z.string().nullable(),
  errorMessage: z.string(),
  attempts: z.number().int(),
  createdAt: z.date(),
  assigneeId: z.string().nullable(),
  assigneeEmail: z.string().nullable(),
});

const chainEntrySchema = z.object({
  id: z.string(),
  nodeId: z.string(),
  nodeName: z.string(),
  lineage: z.string(),
  status: deadLetterStatusSchema,
  errorMessage: z.string(),
  resolution: z.string().nullable(),
  createdAt: z.date(),
});

const detailSchema = z.object({
  id: z.string(),
  status: deadLetterStatusSchema,
  flowId: z.string(),
  flowName: z.string(),
  nodeId: z.string(),
  nodeName: z.string(),
  lineage: z.string(),
  runId: z.string(),
  runStatus: runStatusSchema,
  correlationId: z.string(),
  businessKey: z.string().nullable(),
  errorClass: z.string(),
  errorMessage: z.string(),
  error: z.unknown(),
  targetStatus: z.number().int().nullable(),
  responseBody: z.unknown(),
  input: z.unknown(),
  inputResolved: z.boolean(),
  attempts: z.number().int(),
  assigneeId: z.string().nullable(),
  assigneeEmail: z.string().nullable(),
  resolution: z.string().nullable(),
  createdAt: z.date(),
  resolvedAt: z.date().nullable(),
  operation: z.object({ connectorId: z.string(), connectorName: z.string(), operation: z.string(), operationName: z.string() }).nullable(),
  /** JSON Schema of the step's operation input, when the kept input is one (inputResolved); null otherwise. */
  inputSchema: z.unknown(),
  comments: z.array(z.object({ id: z.string(), authorEmail: z.string().nullable(), body: z.string(), createdAt: z.date() })),
  history: z.array(z.object({ id: z.number().int(), action: z.string(), actorEmail: z.string().nullable(), summary: z.unknown(), createdAt: z.date() })),
  attemptChain: z.array(chainEntrySchema),
  openInRun: z.array(chainEntrySchema),
});

const bulkBase = { selection: bulkSelectionSchema, expectedCount: z.number().int().min(0) };
const bulkInput = z.discriminatedUnion("action", [
  z.object({ action: z.literal("retry"), ...bulkBase }),
  z.object({ action: z.literal("discard"), ...bulkBase, reason: z.string().trim().min(1, "reason is required").max(2000) }),
  z.object({ action: z.literal("assign"), ...bulkBase, assigneeId: z.uuid().nullable() }),
  z.object({ action: z.literal("replay"), ...bulkBase, mode: z.enum(REPLAY_MODES) }),
]);

const previewSchema = z.object({
  deadLetterId: z.string(),
  runId: z.string(),
  businessKey: z.string().nullable(),
  outcome: z.enum(["ready", "invalid", "fails", "not_reached"]),
  before: z.unknown(),
  after: z.unknown(),
  changes: z.array(z.object({ path: z.string(), before: z.unknown(), after: z.unknown(), expression: z.boolean() })),
  issues: z.array(issueSchema).nullable(),
  message: z.string().nullable(),
});
const dryRunSchema = z.object({
  matched: z.number().int(),
  checked: z.number().int(),
  counts: z.object({ ready: z.number().int(), invalid: z.number().int(), fails: z.number().int(), not_reached: z.number().int() }),
  items: z.array(previewSchema),
});

const bulkStatusSchema = z.object({
  operation: z.object({
    id: z.string(),
    kind: z.enum(BULK_OPERATION_KINDS),
    status: z.enum(BULK_OPERATION_STATUSES),
    filter: z.unknown(),
    params: z.record(z.string(), z.unknown()),
    total: z.number().int(),
    done: z.number().int(),
    succeeded: z.number().int(),
    failed: z.number().int(),
    actorEmail: z.string().nullable(),
    createdAt: z.date(),
    finishedAt: z.date().nullable(),
  }),
  /** Retries only: where the resumed runs stand now, per retried letter. */
  runs: z.object({ succeeded: z.number().int(), failedAgain: z.number().int(), inProgress: z.number().int(), other: z.number().int() }).nullable(),
  failures: z.array(z.object({ deadLetterId: z.string(), message: z.string() })),
});

export const deadLettersRouter = router({
  groups: viewerProcedure
    .input(filterInput)
    .output(z.object({ groups: z.array(groupSchema), errorClasses: z.array(z.string()) }))
    .query(({ ctx, input }) => listDeadLetterGroups(ctx.db, toDeadLetterFilter(input.filter, ctx.user.id))),

  list: viewerProcedure
    .input(filterInput.extend({ limit: z.number().int().min(1).max(200).default(50), cursor: z.uuid().nullish() }))
    .output(z.object({ items: z.array(itemSchema), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listDeadLetters(ctx.db, { ...input, filter: toDeadLetterFilter(input.filter, ctx.user.id) })),

  get: viewerProcedure
    .input(idInput)
    .output(detailSchema)
    .query(({ ctx, input }) => getDeadLetter(ctx.db, input.id)),

  // A read, but a mutation on the wire: an edited order can be far longer than a URL may be.
  validateInput: viewerProcedure
    .input(idInput.extend({ input: boundedJson("input") }))
    .output(z.object({ checked: z.boolean(), issues: z.array(issueSchema) }))
    .mutation(({ ctx, input }) => validateDeadLetterInput(ctx.db, input)),

  countMatching: viewerProcedure
    .input(filterInput)
    .output(z.object({ count: z.number().int(), limit: z.number().int() }))
    .query(async ({ ctx, input }) => ({ count: await countDeadLetters(ctx.db, toDeadLetterFilter(input.filter, ctx.user.id)), limit: BULK_LIMIT })),

  assignees: viewerProcedure
    .output(z.array(z.object({ id: z.string(), email: z.string(), name: z.string() })))
    .query(({ ctx }) => listAssignees(ctx.db)),

  retry: operatorProcedure
    .input(idInput.extend({ input: boundedJson("input").optional() }))
    .output(z.object({ runId: z.string() }))
    .mutation(({ ctx, input }) => retryDeadLetter(ctx, actorOf(ctx), input)),

  discard: operatorProcedure
    .input(idInput.extend({ reason: z.string().trim().min(1, "reason is required").max(2000) }))
    .output(z.object({ runId: z.string() }))
    .mutation(({ ctx, input }) => discardOne(ctx.db, actorOf(ctx), input)),

  assign: operatorProcedure
    .input(idInput.extend({ assigneeId: z.uuid().nullable() }))
    .output(z.void())
    .mutation(({ ctx, input }) => assignOne(ctx.db, actorOf(ctx), input)),

  comment: operatorProcedure
    .input(idInput.extend({ body: z.string().trim().min(1, "comment is empty").max(5000, "comment is longer than 5000 characters") }))
    .output(z.object({ id: z.string(), authorEmail: z.string().nullable(), body: z.string(), createdAt: z.date() }))
    .mutation(({ ctx, input }) => addComment(ctx.db, actorOf(ctx), input)),

  bulk: operatorProcedure
    .input(bulkInput)
    .output(z.object({ operationId: z.string(), total: z.number().int() }))
    .mutation(({ ctx, input }) => startBulkOperation(ctx, actorOf(ctx), ctx.user.id, input)),

  // What "Replay on the latest version" would send, per letter, without calling anything (a mutation: a selection of ids can be long).
  replayDryRun: operatorProcedure
    .input(z.object({ selection: bulkSelectionSchema, mode: z.enum(REPLAY_MODES), sample: z.number().int().min(1).max(DRY_RUN_LIMIT).optional() }))
    .output(dryRunSchema)
    .mutation(({ ctx, input }) => dryRunReplay(ctx.db, ctx.user.id, input)),

  bulkStatus: viewerProcedure
    .input(idInput)
    .output(bulkStatusSchema)
    .query(({ ctx, input }) => getBulkStatus(ctx.db, input.id)),
});
