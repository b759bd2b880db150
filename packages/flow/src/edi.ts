import { z } from "zod";

/**
 * The trigger payload of an X12 set that the inbound pipeline rejected (docs/architecture.md
 * "EDI documents"): the run dead-letters at its `trigger.edi` node keeping this as the input, so
 * an operator sees the raw text and the validation issues, corrects `raw` and resubmits.
 */
export const rejectedEdiDocumentSchema = z.object({
  kind: z.literal("edi.rejected"),
  partnerId: z.string(),
  /** ST01 of the rejected set. */
  set: z.string(),
  /** ST02 as received: which set of the file this letter is about. */
  controlNumber: z.string(),
  interchangeId: z.string(),
  transport: z.string(),
  /** The whole file as received (or as corrected by the operator). */
  raw: z.string(),
  /** The validation issues, one line each. */
  issues: z.array(z.string()),
});
export type RejectedEdiDocument = z.infer<typeof rejectedEdiDocumentSchema>;

export const isRejectedEdi = (value: unknown): value is RejectedEdiDocument => rejectedEdiDocumentSchema.safeParse(value).success;
