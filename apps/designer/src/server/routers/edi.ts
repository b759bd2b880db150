import { EDI_EXPECTATION_STATES, ediDashboard, ediDocumentFilterSchema, getTradingPartner, listEdiDocuments } from "@ipaas/db";
import { z } from "zod";
import { certifySamples } from "../services/edi-onboarding";
import { ediDocumentDetail, ediDocumentDownload } from "../services/edi-documents";
import { analystProcedure, router, viewerProcedure } from "../trpc";

const count = z.number().int().nonnegative();
const state = z.enum(EDI_EXPECTATION_STATES);
const ackCounts = z.object({ sets: count, accepted: count, acceptedWithErrors: count, rejected: count, pending: count, rate: z.number().nullable() });

const dashboardSchema = z.object({
  from: z.date(),
  to: z.date(),
  partners: z.array(
    z.object({
      partnerId: z.string(),
      name: z.string(),
      environment: z.string(),
      perDay: z.array(z.object({ day: z.date(), inbound: count, outbound: count })),
      inbound: ackCounts,
      outbound: ackCounts,
      expectations: z.record(state, count),
    }),
  ),
  pending: z.array(
    z.object({
      id: z.string(),
      partnerId: z.string(),
      partnerName: z.string(),
      kind: z.string(),
      reference: z.string().nullable(),
      state,
      dueAt: z.date(),
      metAt: z.date().nullable(),
      alertedAt: z.date().nullable(),
      transactionId: z.string(),
      interchangeId: z.string(),
      setId: z.string(),
      direction: z.string(),
    }),
  ),
  rejected: z.array(
    z.object({
      transactionId: z.string(),
      interchangeId: z.string(),
      partnerId: z.string(),
      partnerName: z.string(),
      direction: z.string(),
      setId: z.string(),
      controlNumber: z.string(),
      reference: z.string().nullable(),
      ackErrors: z.array(z.unknown()),
      createdAt: z.date(),
    }),
  ),
});

const summarySchema = z.object({
  id: z.string(),
  partnerId: z.string(),
  partnerName: z.string(),
  environment: z.string(),
  direction: z.string(),
  transport: z.string().nullable(),
  transportRef: z.string().nullable(),
  controlNumber: z.string().nullable(),
  status: z.string(),
  size: count,
  sets: z.array(z.string()),
  ackStatus: z.string(),
  issueCount: count,
  acknowledgesId: z.string().nullable(),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
});

const detailSchema = summarySchema.extend({
  issues: z.array(z.unknown()),
  mdn: z.unknown(),
  attempts: count,
  lastError: z.string().nullable(),
  raw: z.object({ offset: count, size: count, text: z.string(), truncated: z.boolean(), next: count.nullable(), previous: count.nullable() }),
  transactions: z.array(
    z.object({
      id: z.string(),
      setId: z.string(),
      functionalId: z.string(),
      groupControlNumber: z.string(),
      controlNumber: z.string(),
      reference: z.string().nullable(),
      status: z.string(),
      ackStatus: z.string(),
      ackErrors: z.array(z.unknown()),
      acknowledgedAt: z.date().nullable(),
      runId: z.string().nullable(),
      deadLetterId: z.string().nullable(),
      expectations: z.array(z.object({ id: z.string(), kind: z.string(), state, dueAt: z.date(), metAt: z.date().nullable() })),
    }),
  ),
  answeredBy: z.array(
    z.object({
      id: z.string(),
      direction: z.string(),
      status: z.string(),
      createdAt: z.date(),
      text: z.string(),
      sets: z.array(z.object({ group: z.string(), setId: z.string(), controlNumber: z.string(), status: z.string() })),
    }),
  ),
});

const setCheck = z.object({ setId: z.string(), controlNumber: z.string(), ok: z.boolean().nullable(), message: z.string() });
const reportSchema = z.object({
  partner: z.object({ name: z.string(), theirIsaId: z.string(), version: z.string() }),
  generatedAt: z.string(),
  documents: z.array(
    z.object({
      file: z.string(),
      size: count,
      parsed: z.object({
        ok: z.boolean(),
        error: z.string().optional(),
        interchanges: count,
        sets: z.array(z.object({ setId: z.string(), controlNumber: z.string(), groupControlNumber: z.string(), status: z.string() })),
      }),
      valid: z.object({
        ok: z.boolean(),
        issues: z.array(
          z.object({
            source: z.enum(["x12", "partner"]),
            codeList: z.string(),
            code: z.string(),
            segmentId: z.string(),
            segmentPosition: z.number(),
            elementPosition: z.number().optional(),
            expected: z.string(),
            found: z.string(),
            message: z.string(),
          }),
        ),
      }),
      mapped: z.array(setCheck),
      roundTripped: z.array(setCheck),
      ack: z.string().nullable(),
      passed: z.boolean(),
    }),
  ),
  summary: z.object({ documents: count, passed: count, failed: count }),
  notes: z.array(z.string()),
});

/** A sample file as uploaded: X12 is text; 2 MB per file and 20 files keep one run well under the request body limit. */
const sampleSchema = z.object({ name: z.string().trim().min(1).max(255), text: z.string().min(1).max(2_000_000) });

/**
 * EDI documents and partner onboarding (docs/architecture.md "EDI dashboard and onboarding").
 * Reads are open to every role, like the operations dashboard; the onboarding harness computes a
 * report (nothing stored or sent) and is for the people who set partners up and build EDI flows.
 */
export const ediRouter = router({
  dashboard: viewerProcedure
    .input(z.object({ environment: z.string().min(1).max(40).optional() }).optional())
    .output(dashboardSchema)
    .query(({ ctx, input }) => ediDashboard(ctx.db, { environment: input?.environment })),

  documents: viewerProcedure
    .input(ediDocumentFilterSchema)
    .output(z.object({ items: z.array(summarySchema), total: count }))
    .query(({ ctx, input }) => listEdiDocuments(ctx.db, input)),

  document: viewerProcedure
    .input(z.object({ id: z.uuid(), rawOffset: z.number().int().min(0).default(0) }))
    .output(detailSchema)
    .query(({ ctx, input }) => ediDocumentDetail(ctx.db, input)),

  /** The full original bytes, whatever their size (the detail shows one page). */
  download: viewerProcedure
    .input(z.object({ id: z.uuid() }))
    .output(z.object({ fileName: z.string(), base64: z.string(), size: count }))
    .query(({ ctx, input }) => ediDocumentDownload(ctx.db, input.id)),

  certify: analystProcedure
    .input(z.object({ partnerId: z.uuid(), files: z.array(sampleSchema).min(1).max(20) }))
    .output(z.object({ report: reportSchema, html: z.string() }))
    .mutation(async ({ ctx, input }) => certifySamples(await getTradingPartner(ctx.db, input.partnerId), input.files)),
});
