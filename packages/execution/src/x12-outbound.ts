import { getTradingPartnerRow, NotFoundError, type Db, type ExpectationKind, type OutboundControlNumbers, type TradingPartnerRow } from "@ipaas/db";
import { isaVersionOf, type Delimiters, type X12Version } from "@ipaas/db/trading-partner-schema";
import { StepError, type SendX12Call, type SendX12Result } from "@ipaas/flow";
import {
  formatIssue,
  generateX12,
  isX12DocumentSetId,
  parseX12,
  SET_DEFINITIONS,
  validateX12,
  writeTransactionSet,
  X12_DOCUMENT_SCHEMAS,
  X12GenerateError,
  type SegmentInput,
  type X12Document,
} from "@ipaas/x12";
import { z } from "zod";

/**
 * A "Send X12" step's document (docs/architecture.md "EDI documents"), shared by the runtime's
 * sender and the designer's test run (which renders it without storing or sending): the step's
 * input as segments, its business references, and the interchange written for the partner.
 */

const element = z.union([z.string(), z.array(z.string()), z.array(z.array(z.string()))]);
const segment = z.object({ id: z.string().regex(/^[A-Z][A-Z0-9]{1,2}$/, "a segment id such as BSN or HL"), elements: z.array(element) });
/** The set's segments between ST and SE; the envelope is ours to write. */
export const segmentJsonSchema = z
  .array(segment)
  .min(1, "a transaction set needs at least one segment")
  .refine((list) => !list.some((s) => ENVELOPE.has(s.id)), "the envelope (ISA, GS, ST, SE, GE, IEA) is generated: give only the segments between ST and SE");
const ENVELOPE = new Set(["ISA", "GS", "ST", "SE", "GE", "IEA"]);

const invalidInput = (set: string, issues: Array<{ path: string; message: string }>) =>
  new StepError(`The ${set} input is not valid: ${issues.map((i) => `${i.path || "input"} ${i.message}`).join("; ")}`, "non_retryable", "INVALID_INPUT", { issues });

/** The set's typed JSON (docs/architecture.md "X12"), checked field by field with its zod schema, as segments. */
function typedSegments(set: string, doc: { set: unknown }): SegmentInput[] {
  if (doc.set !== set) throw invalidInput(set, [{ path: "set", message: `is ${JSON.stringify(doc.set)}, but this step sends ${set}s` }]);
  if (!isX12DocumentSetId(set)) throw invalidInput(set, [{ path: "set", message: `${set} has no typed JSON: give its segments [{ id, elements }]` }]);
  const parsed = X12_DOCUMENT_SCHEMAS[set].safeParse(doc);
  if (!parsed.success) throw invalidInput(set, parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
  try {
    return writeTransactionSet(parsed.data as X12Document).segments;
  } catch (err) {
    if (err instanceof X12GenerateError) throw invalidInput(set, [{ path: "", message: err.message }]);
    throw err;
  }
}

/** The step's input as segments: the set's typed JSON (`{ set: "856", … }`), or segment JSON `[{ id, elements }]` / `{ segments: [...] }`. */
export function outboundSegments(set: string, input: unknown): SegmentInput[] {
  if (input !== null && typeof input === "object" && !Array.isArray(input) && "set" in input) return typedSegments(set, input as { set: unknown });
  const list = input !== null && typeof input === "object" && !Array.isArray(input) && "segments" in input ? (input as { segments: unknown }).segments : input;
  const parsed = segmentJsonSchema.safeParse(list);
  if (!parsed.success) throw invalidInput(set, parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
  return parsed.data;
}

const first = (segments: SegmentInput[], id: string) => segments.find((s) => s.id === id);
const text = (s: SegmentInput | undefined, index: number): string | null => {
  const value = s?.elements[index];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
};

/**
 * What a document is called (its number: BSN02, BIG02, BAK03…) and which purchase orders it
 * answers (BAK03 of an 855, PRF01 of each order level of an 856, BIG04 of an 810): the PO numbers
 * meet the expectations their 850 started.
 */
export function documentReferences(set: string, segments: SegmentInput[]): { reference: string | null; poNumbers: string[] } {
  const po = (values: Array<string | null>) => [...new Set(values.filter((v): v is string => v !== null))];
  switch (set) {
    case "850":
      return { reference: text(first(segments, "BEG"), 2), poNumbers: [] };
    case "855":
      return { reference: text(first(segments, "BAK"), 2), poNumbers: po([text(first(segments, "BAK"), 2)]) };
    case "856":
      return { reference: text(first(segments, "BSN"), 1), poNumbers: po(segments.filter((s) => s.id === "PRF").map((s) => text(s, 0))) };
    case "810":
      return { reference: text(first(segments, "BIG"), 1), poNumbers: po([text(first(segments, "BIG"), 3)]) };
    case "846":
      return { reference: text(first(segments, "BIA"), 2), poNumbers: [] };
    case "940":
      return { reference: text(first(segments, "W05"), 1), poNumbers: po([text(first(segments, "W05"), 2)]) };
    case "945":
      return { reference: text(first(segments, "W06"), 1), poNumbers: po([text(first(segments, "W06"), 2)]) };
    default:
      return { reference: null, poNumbers: [] };
  }
}

/** The expectation an outbound set meets for the POs it names (docs/architecture.md "EDI compliance"). */
export const ANSWERED_EXPECTATION: Readonly<Record<string, ExpectationKind>> = { "855": "po_ack_855", "856": "asn_856", "810": "invoice_810" };

export type PartnerEnvelope = Pick<
  TradingPartnerRow,
  "ourIsaQualifier" | "ourIsaId" | "ourGsId" | "theirIsaQualifier" | "theirIsaId" | "theirGsId" | "version" | "usageIndicator" | "delimiters"
>;

const invalidDocument = (message: string, issues: string[]) => new StepError(message, "non_retryable", "INVALID_DOCUMENT", { issues });

/**
 * The interchange for one set with the partner's envelope ids, version, usage indicator and
 * delimiters, numbered as given; checked by our own parser and validator before it may leave, so
 * a document the partner would reject with a 997 fails the step instead (non-retryable).
 */
export function renderOutboundX12(
  partner: PartnerEnvelope,
  set: string,
  segments: SegmentInput[],
  numbers: { interchange: number; group: number; sets: number[] },
  now: Date,
): { raw: string; controlNumbers: OutboundControlNumbers } {
  const definition = SET_DEFINITIONS.get(set);
  if (!definition) throw invalidDocument(`Transaction set ${set} has no definition to send by`, []);
  const version = partner.version as X12Version;
  const isaVersion = isaVersionOf(version);
  const stored = partner.delimiters as Delimiters;
  // 00401 has no repetition separator (ISA11 is "U"): its character may then appear in values.
  const delimiters = isaVersion >= "00402" ? stored : { element: stored.element, component: stored.component, segment: stored.segment };
  const iso = now.toISOString();
  const date = iso.slice(0, 10).replaceAll("-", "");
  const time = iso.slice(11, 16).replace(":", "");
  const controlNumbers: OutboundControlNumbers = {
    interchange: String(numbers.interchange).padStart(9, "0"),
    group: String(numbers.group),
    sets: numbers.sets.map((n) => String(n).padStart(4, "0")),
  };
  let raw: string;
  try {
    raw = generateX12(
      {
        isa: {
          senderQualifier: partner.ourIsaQualifier,
          senderId: partner.ourIsaId,
          receiverQualifier: partner.theirIsaQualifier,
          receiverId: partner.theirIsaId,
          date: date.slice(2),
          time,
          version: isaVersion,
          controlNumber: controlNumbers.interchange,
          usage: partner.usageIndicator,
        },
        groups: [
          {
            functionalId: definition.functionalId,
            senderId: partner.ourGsId,
            receiverId: partner.theirGsId,
            date,
            time,
            controlNumber: controlNumbers.group,
            version,
            sets: controlNumbers.sets.map((controlNumber) => ({ id: set, controlNumber, segments })),
          },
        ],
      },
      { delimiters, lineBreak: delimiters.segment === "\n" ? "" : "\n" },
    );
  } catch (err) {
    if (err instanceof X12GenerateError) throw invalidDocument(`The ${set} cannot be written: ${err.message}`, [err.message]);
    throw err;
  }
  const result = validateX12(parseX12(raw), { requireDefinition: true });
  if (!result.valid) {
    const issues = result.issues.map(formatIssue);
    throw invalidDocument(`The ${set} would be rejected: ${issues.slice(0, 5).join("; ")}${issues.length > 5 ? ` (and ${issues.length - 5} more)` : ""}`, issues);
  }
  return { raw, controlNumbers };
}

/**
 * The partner a "Send X12" step names, checked for what sending needs; each refusal is
 * non-retryable (fix the partner's settings, then resubmit the dead letter).
 */
export async function partnerForSend(db: Db, call: Pick<SendX12Call, "partnerId" | "set">): Promise<TradingPartnerRow> {
  let partner: TradingPartnerRow;
  try {
    partner = await getTradingPartnerRow(db, call.partnerId);
  } catch (err) {
    if (err instanceof NotFoundError) throw new StepError(`Trading partner ${call.partnerId} does not exist`, "non_retryable", "PARTNER_NOT_FOUND");
    throw err;
  }
  const sets = partner.transactionSets as Array<{ set: string; direction: string }>;
  if (!sets.some((s) => s.set === call.set && s.direction === "outbound")) {
    throw new StepError(`Trading partner "${partner.name}" does not take ${call.set}s: add ${call.set} outbound to its transaction sets`, "non_retryable", "PARTNER_SET_NOT_ENABLED");
  }
  if (!partner.transport) throw new StepError(`Trading partner "${partner.name}" has no transport (AS2 or SFTP) to send by`, "non_retryable", "PARTNER_NO_TRANSPORT");
  return partner;
}

/**
 * A designer test run's "Send X12": the same checks and the document as the partner would get it,
 * numbered 1 as a placeholder; nothing is stored, numbered or sent (a test must not move a
 * partner's control numbers or reach the partner).
 */
export async function previewSendX12(db: Db, call: SendX12Call, now = new Date()): Promise<SendX12Result> {
  const segments = outboundSegments(call.set, call.input);
  const partner = await partnerForSend(db, call);
  const { raw, controlNumbers } = renderOutboundX12(partner, call.set, segments, { interchange: 1, group: 1, sets: [1] }, now);
  return { interchangeId: null, controlNumbers, status: "test: not sent", x12: raw };
}
