import {
  acknowledgeInterchange,
  formatIssue,
  generateX12,
  parseX12,
  toInput,
  validateX12,
  X12ParseError,
  type CodeList,
  type Delimiters,
  type Interchange,
  type InterchangeResult,
  type SetInput,
  type TransactionSet,
  type X12Issue,
} from "@ipaas/x12";
import { isaVersionOf, type PartnerFields } from "@ipaas/db/trading-partner-schema";
import { isDeepStrictEqual } from "node:util";

/**
 * The onboarding harness (docs/architecture.md "EDI dashboard and onboarding"): a partner's sample
 * documents run through parsing, validation against the partner's settings, the mapping to the
 * canonical model and back, a generator round trip and the 997 we would send. Pure: no database,
 * nothing sent, no control number consumed.
 */

/** The partner settings a sample is checked against. */
export type CertificationPartner = Pick<
  PartnerFields,
  "ourIsaQualifier" | "ourIsaId" | "ourGsId" | "theirIsaQualifier" | "theirIsaId" | "theirGsId" | "version" | "usageIndicator" | "delimiters" | "transactionSets"
> & { name: string };

/**
 * Typed JSON per transaction set (@ipaas/x12 readTransactionSet/writeTransactionSet, passed in so
 * this module stays testable with any codec). A set without one round-trips segment by segment.
 */
export interface SetCodec {
  read(set: TransactionSet, delimiters: Delimiters): unknown;
  write(json: unknown, controlNumber: string): SetInput;
}
export type SetCodecs = ReadonlyMap<string, SetCodec>;

/** A standard mapping to the canonical model (and back, where one exists); throws with a message when the set does not map. */
export interface SetMapping {
  target: string;
  toCanonical(set: TransactionSet): Promise<unknown>;
  fromCanonical?(canonical: unknown): Promise<unknown>;
}
export type SetMappings = ReadonlyMap<string, SetMapping>;

export interface CertificationTools {
  codecs?: SetCodecs;
  mappings?: SetMappings;
}

/** One finding: an X12 validation issue, or a mismatch with the partner's settings. */
export interface CertificationIssue {
  source: "x12" | "partner";
  /** The acknowledgement code list the finding maps to; "none" when no AK/TA1 code fits. */
  codeList: CodeList | "none";
  code: string;
  segmentId: string;
  segmentPosition: number;
  elementPosition?: number;
  expected: string;
  found: string;
  message: string;
}

export interface SetCheck {
  setId: string;
  controlNumber: string;
  ok: boolean | null;
  message: string;
}

export interface CertificationDocument {
  file: string;
  size: number;
  parsed: { ok: boolean; error?: string; interchanges: number; sets: Array<{ setId: string; controlNumber: string; groupControlNumber: string; status: string }> };
  valid: { ok: boolean; issues: CertificationIssue[] };
  /** Per set: null when no mapping exists for it. */
  mapped: SetCheck[];
  roundTripped: SetCheck[];
  /** The 997 (and TA1) we would send, with placeholder control numbers; null when nothing parsed. */
  ack: string | null;
  passed: boolean;
}

export interface CertificationReport {
  partner: { name: string; theirIsaId: string; version: string };
  generatedAt: string;
  documents: CertificationDocument[];
  summary: { documents: number; passed: number; failed: number };
  notes: string[];
}

/** Never allocated: the harness sends nothing, so it takes no control numbers from the partner's counters. */
export const PLACEHOLDER_NUMBERS = { interchange: 999_999_999, group: 999_999_999, firstSet: 9001 } as const;

const trimmed = (value: string) => value.trim();

function partnerIssue(codeList: CertificationIssue["codeList"], code: string, segmentId: string, elementPosition: number | undefined, expected: string, found: string, message: string): CertificationIssue {
  return { source: "partner", codeList, code, segmentId, segmentPosition: 0, ...(elementPosition !== undefined && { elementPosition }), expected, found, message };
}

/** The envelope against the partner's settings, in either direction (their samples or our outbound test set). */
function partnerIssues(ic: Interchange, partner: CertificationPartner): CertificationIssue[] {
  const issues: CertificationIssue[] = [];
  const h = ic.isa;
  const fromThem = trimmed(h.senderId) === partner.theirIsaId || trimmed(h.receiverId) !== partner.theirIsaId;
  const sender = fromThem ? { q: partner.theirIsaQualifier, id: partner.theirIsaId, gs: partner.theirGsId } : { q: partner.ourIsaQualifier, id: partner.ourIsaId, gs: partner.ourGsId };
  const receiver = fromThem ? { q: partner.ourIsaQualifier, id: partner.ourIsaId, gs: partner.ourGsId } : { q: partner.theirIsaQualifier, id: partner.theirIsaId, gs: partner.theirGsId };
  const check = (ok: boolean, issue: () => CertificationIssue) => ok || issues.push(issue());
  check(h.senderQualifier === sender.q, () => partnerIssue("TA1", "005", "ISA", 5, sender.q, h.senderQualifier, "sender id qualifier differs from the partner's settings"));
  check(trimmed(h.senderId) === sender.id, () => partnerIssue("TA1", "006", "ISA", 6, sender.id, trimmed(h.senderId), "sender id differs from the partner's settings"));
  check(h.receiverQualifier === receiver.q, () => partnerIssue("TA1", "007", "ISA", 7, receiver.q, h.receiverQualifier, "receiver id qualifier differs from the partner's settings"));
  check(trimmed(h.receiverId) === receiver.id, () => partnerIssue("TA1", "008", "ISA", 8, receiver.id, trimmed(h.receiverId), "receiver id differs from the partner's settings"));
  check(h.version === isaVersionOf(partner.version), () => partnerIssue("TA1", "017", "ISA", 12, isaVersionOf(partner.version), h.version, "interchange version differs from the partner's X12 version"));
  check(h.usage === partner.usageIndicator, () => partnerIssue("TA1", "020", "ISA", 15, partner.usageIndicator, h.usage, "usage indicator (test/production) differs from the partner's settings"));
  const d = partner.delimiters;
  check(ic.delimiters.element === d.element, () => partnerIssue("none", "", "ISA", undefined, d.element, ic.delimiters.element, "element separator differs from the partner's settings"));
  check(ic.delimiters.component === d.component, () => partnerIssue("none", "", "ISA", 16, d.component, ic.delimiters.component, "component separator differs from the partner's settings"));
  check(ic.delimiters.segment === d.segment, () => partnerIssue("TA1", "004", "ISA", undefined, d.segment, ic.delimiters.segment, "segment terminator differs from the partner's settings"));
  if (ic.delimiters.repetition !== undefined) {
    check(ic.delimiters.repetition === d.repetition, () => partnerIssue("none", "", "ISA", 11, d.repetition, ic.delimiters.repetition ?? "", "repetition separator differs from the partner's settings"));
  }
  const direction = fromThem ? "inbound" : "outbound";
  for (const g of ic.groups) {
    check(trimmed(g.senderId) === sender.gs, () => partnerIssue("none", "", "GS", 2, sender.gs, g.senderId, "application sender (GS02) differs from the partner's GS id"));
    check(trimmed(g.receiverId) === receiver.gs, () => partnerIssue("none", "", "GS", 3, receiver.gs, g.receiverId, "application receiver (GS03) differs from the partner's GS id"));
    check(g.version === partner.version, () => partnerIssue("AK9", "2", "GS", 8, partner.version, g.version, "functional group version not the partner's"));
    for (const s of g.sets) {
      const configured = partner.transactionSets.some((t) => t.set === s.id && t.direction === direction);
      check(configured || s.id === "997", () => ({ ...partnerIssue("AK5", "1", "ST", 1, `a set configured ${direction}`, s.id, `set ${s.id} is not configured ${direction} for this partner`), segmentPosition: 1 }));
    }
  }
  return issues;
}

const fromX12 = (i: X12Issue): CertificationIssue => ({
  source: "x12",
  codeList: i.codeList,
  code: i.code,
  segmentId: i.segmentId,
  segmentPosition: i.segmentPosition,
  ...(i.elementPosition !== undefined && { elementPosition: i.elementPosition }),
  expected: i.expected,
  found: i.found,
  message: formatIssue(i),
});

/** What a set looks like to compare: ids and element text in order (positions and offsets differ by design). */
const shape = (set: TransactionSet) => [set.id, set.controlNumber, ...set.segments.map((s) => [s.id, ...s.elements.map((e) => e.raw)])];

/** Typed JSON → generateX12 → parse → typed JSON equal; without a codec the parsed segments go through the generator. */
function roundTrip(ic: Interchange, set: TransactionSet, codec: SetCodec | undefined): SetCheck {
  const base = { setId: set.id, controlNumber: set.controlNumber };
  try {
    const input = toInput(ic);
    const json = codec?.read(set, ic.delimiters);
    const written: SetInput = codec ? codec.write(json, set.controlNumber) : (input.groups.flatMap((g) => g.sets).find((s) => s.controlNumber === set.controlNumber && s.id === set.id) as SetInput);
    const group = input.groups.find((g) => g.sets.some((s) => s.controlNumber === set.controlNumber));
    const text = generateX12({ isa: input.isa, groups: group ? [{ ...group, sets: [written] }] : [] }, { delimiters: ic.delimiters });
    const back = parseX12(text).interchanges[0]?.groups[0]?.sets[0];
    if (!back) return { ...base, ok: false, message: "the generated text held no transaction set" };
    const same = codec ? isDeepStrictEqual(codec.read(back, ic.delimiters), json) : isDeepStrictEqual(shape(back), shape(set));
    return { ...base, ok: same, message: same ? (codec ? "typed JSON → X12 → typed JSON is unchanged" : "segments → X12 → segments are unchanged") : "the regenerated set differs from the original" };
  } catch (err) {
    return { ...base, ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

async function mapping(set: TransactionSet, map: SetMapping | undefined): Promise<SetCheck> {
  const base = { setId: set.id, controlNumber: set.controlNumber };
  if (!map) return { ...base, ok: null, message: `not available for set ${set.id}` };
  try {
    const canonical = await map.toCanonical(set);
    if (!map.fromCanonical) return { ...base, ok: true, message: `mapped to ${map.target}; no standard mapping back to ${set.id}` };
    await map.fromCanonical(canonical);
    return { ...base, ok: true, message: `mapped to ${map.target} and back` };
  } catch (err) {
    return { ...base, ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

/** The 997s (and TA1s) we would answer with, with placeholder control numbers and the partner's delimiters. */
function ackText(results: InterchangeResult[], partner: CertificationPartner, at: Date): string {
  return results
    .map((r) => {
      const sets = r.interchange.groups.map((_, i) => PLACEHOLDER_NUMBERS.firstSet + i);
      const reply = acknowledgeInterchange(r, { interchange: PLACEHOLDER_NUMBERS.interchange, group: PLACEHOLDER_NUMBERS.group, sets }, at);
      const { repetition, ...rest } = partner.delimiters;
      const delimiters: Delimiters = r.interchange.isa.version >= "00402" ? { ...rest, repetition } : rest;
      return generateX12(reply, { delimiters, lineBreak: "\n" });
    })
    .join("");
}

export async function certifyDocument(file: { name: string; text: string }, partner: CertificationPartner, tools: CertificationTools = {}, at = new Date()): Promise<CertificationDocument> {
  const codecs = tools.codecs ?? new Map<string, SetCodec>();
  const size = Buffer.byteLength(file.text, "utf8");
  let parsed;
  try {
    parsed = parseX12(file.text);
  } catch (err) {
    if (!(err instanceof X12ParseError)) throw err;
    const issue: CertificationIssue = { source: "x12", codeList: "TA1", code: "024", segmentId: "ISA", segmentPosition: 0, expected: "an X12 interchange", found: file.text.slice(0, 20), message: err.message };
    return { file: file.name, size, parsed: { ok: false, error: err.message, interchanges: 0, sets: [] }, valid: { ok: false, issues: [issue] }, mapped: [], roundTripped: [], ack: null, passed: false };
  }
  const validation = validateX12(parsed);
  const issues = [...validation.issues.map(fromX12), ...parsed.interchanges.flatMap((ic) => partnerIssues(ic, partner))];
  if (parsed.trailingGarbage) issues.push({ source: "x12", codeList: "TA1", code: "024", segmentId: "", segmentPosition: 0, expected: "nothing outside an interchange", found: parsed.trailingGarbage.text.slice(0, 40), message: "text outside any ISA..IEA" });
  const statusOf = new Map(validation.interchanges.flatMap((r) => r.groups.flatMap((g) => g.sets.map((s) => [s.set, s.status] as const))));
  const pairs = parsed.interchanges.flatMap((ic) => ic.groups.flatMap((g) => g.sets.map((set) => ({ ic, g, set }))));
  const mapped = await Promise.all(pairs.map(({ set }) => mapping(set, tools.mappings?.get(set.id))));
  const roundTripped = pairs.map(({ ic, set }) => roundTrip(ic, set, codecs.get(set.id)));
  const valid = issues.length === 0 && validation.valid;
  return {
    file: file.name,
    size,
    parsed: { ok: true, interchanges: parsed.interchanges.length, sets: pairs.map(({ g, set }) => ({ setId: set.id, controlNumber: set.controlNumber, groupControlNumber: g.controlNumber, status: statusOf.get(set) ?? "R" })) },
    valid: { ok: valid, issues },
    mapped,
    roundTripped,
    ack: ackText(validation.interchanges, partner, at),
    passed: valid && mapped.every((m) => m.ok !== false) && roundTripped.every((r) => r.ok === true) && pairs.length > 0,
  };
}

/** The certification report for a set of samples (docs/architecture.md "EDI dashboard and onboarding"). */
export async function buildCertificationReport(partner: CertificationPartner, files: Array<{ name: string; text: string }>, tools: CertificationTools = {}, at = new Date()): Promise<CertificationReport> {
  const documents: CertificationDocument[] = [];
  // One after another: a mapping evaluation is CPU work, and the order of the report is the upload's.
  for (const file of files) documents.push(await certifyDocument(file, partner, tools, at));
  const passed = documents.filter((d) => d.passed).length;
  const unmapped = [...new Set(documents.flatMap((d) => d.mapped.filter((m) => m.ok === null).map((m) => m.setId)))];
  return {
    partner: { name: partner.name, theirIsaId: partner.theirIsaId, version: partner.version },
    generatedAt: at.toISOString(),
    documents,
    summary: { documents: documents.length, passed, failed: documents.length - passed },
    notes: [
      `The 997s shown are what we would send; they were not sent, and their control numbers are placeholders (ISA13 ${PLACEHOLDER_NUMBERS.interchange}, GS06 ${PLACEHOLDER_NUMBERS.group}, ST02 from ${PLACEHOLDER_NUMBERS.firstSet}): real ones are allocated only when a 997 goes out.`,
      ...(unmapped.length > 0 ? [`No standard mapping to the canonical model is available yet for set(s) ${unmapped.join(", ")}.`] : []),
    ],
  };
}
