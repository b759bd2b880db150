// Acknowledgements (docs/architecture.md "X12"): a 997 per functional group
// from its validation result, and a TA1 when the sender asked for one (ISA14 = 1).
import type { GroupInput, InterchangeInput, SegmentInput, SetInput } from "./generate";
import type { GroupResult, InterchangeResult } from "./validate";

export interface Ack997Options {
  /** ST02 of the 997 (allocated by the caller). */
  controlNumber: string | number;
}

/** AK404 is a copy of the bad data: keep it printable and short, without characters likely to be delimiters. */
const safeCopy = (v: string) => v.replace(/[^A-Za-z0-9 .,\-/#]/g, "").slice(0, 99);
/** 5010 added AK103 (GS08) and AK203 (ST03). */
const is5010 = (version: string) => version >= "005010";

/** The 997 for one validated group: AK1, AK2..AK5 per set, AK9. */
export function generate997(result: GroupResult, opts: Ack997Options): SetInput {
  const g = result.group;
  const v5 = is5010(g.version);
  const segments: SegmentInput[] = [{ id: "AK1", elements: v5 ? [g.functionalId, g.controlNumber, g.version] : [g.functionalId, g.controlNumber] }];
  for (const s of result.sets) {
    const { set } = s;
    segments.push({ id: "AK2", elements: v5 && set.implementationRef ? [set.id, set.controlNumber, set.implementationRef] : [set.id, set.controlNumber] });
    for (const e of s.segmentErrors) {
      segments.push({ id: "AK3", elements: [e.segmentId, String(e.position), "", e.code] });
      for (const x of e.elements.slice(0, 99)) {
        const data = safeCopy(x.data);
        segments.push({ id: "AK4", elements: data ? [String(x.position), x.reference, x.code, data] : [String(x.position), x.reference, x.code] });
      }
    }
    segments.push({ id: "AK5", elements: [s.status, ...s.codes.slice(0, 5)] });
  }
  const included = g.trailer?.elements[0]?.raw;
  const declared = included && /^\d{1,6}$/.test(included) ? included : String(result.sets.length);
  segments.push({ id: "AK9", elements: [result.status, declared, String(result.sets.length), String(result.accepted), ...result.codes.slice(0, 5)] });
  return { id: "997", controlNumber: opts.controlNumber, segments };
}

/** TA1 for one interchange: accepted when its note is 000, rejected otherwise. */
export function generateTA1(result: InterchangeResult): SegmentInput {
  const h = result.interchange.isa;
  return { id: "TA1", elements: [h.controlNumber, h.date, h.time, result.note === "000" ? "A" : "R", result.note] };
}

export interface AckNumbers {
  /** ISA13 of the acknowledgement interchange. */
  interchange: string | number;
  /** GS06 of its FA group. */
  group: string | number;
  /** ST02 of each 997, one per acknowledged group. */
  sets: (string | number)[];
}

/**
 * The whole reply interchange: sender and receiver swapped, a TA1 when ISA14 = 1,
 * and one FA group with a 997 per received group (no group when there is none to ack).
 */
export function acknowledgeInterchange(result: InterchangeResult, numbers: AckNumbers, at: Date): InterchangeInput {
  const ic = result.interchange;
  const h = ic.isa;
  const iso = at.toISOString();
  const ymd = iso.slice(0, 10).replace(/-/g, "");
  const hm = iso.slice(11, 16).replace(":", "");
  if (numbers.sets.length < result.groups.length) throw new Error(`need ${result.groups.length} 997 control numbers, got ${numbers.sets.length}`);
  const groups: GroupInput[] = [];
  const first = result.groups[0]?.group;
  if (first) {
    groups.push({
      functionalId: "FA", senderId: first.receiverId, receiverId: first.senderId, date: ymd, time: hm,
      controlNumber: numbers.group, version: first.version,
      sets: result.groups.map((g, i) => generate997(g, { controlNumber: numbers.sets[i] as string | number })),
    });
  }
  const reply: InterchangeInput = {
    isa: {
      senderQualifier: h.receiverQualifier, senderId: h.receiverId, receiverQualifier: h.senderQualifier, receiverId: h.senderId,
      date: ymd.slice(2), time: hm, version: h.version, controlNumber: numbers.interchange, usage: h.usage,
    },
    groups,
  };
  if (h.ackRequested === "1") reply.ta1 = [generateTA1(result)];
  return reply;
}
