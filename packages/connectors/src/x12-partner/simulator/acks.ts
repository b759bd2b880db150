import { acknowledgeInterchange, el, generateX12, type InterchangeResult, type ParsedFile, type SetResult } from "@ipaas/x12";
import type { ControlCounters, EnvelopeSettings, PartyRole } from "./parties";
import type { AckRecord } from "./store";

/**
 * How the simulated partner answers what it receives with 997s:
 * accept: the 997 says what strict validation found (AK5*A, or AK5*R with the errors);
 * reject: every set is rejected (AK5*R*5 with an AK3/AK4), valid or not;
 * late: as accept, sent `lateSeconds` later; never: no 997 at all.
 */
export const ACK_MODES = ["accept", "reject", "late", "never"] as const;
export type AckMode = (typeof ACK_MODES)[number];

/**
 * The result with the sets `code` names rejected (AK5*R plus that 718 code, e.g. 1 "not
 * supported" for a set this party does not take); group status and accepted count follow.
 */
export function rejectSets(result: InterchangeResult, code: (s: SetResult) => string | null): InterchangeResult {
  return {
    ...result,
    groups: result.groups.map((g) => {
      const sets = g.sets.map((s): SetResult => {
        const c = code(s);
        return c === null ? s : { ...s, status: "R", codes: s.codes.includes(c) ? s.codes : [...s.codes, c] };
      });
      const accepted = sets.filter((s) => s.status !== "R").length;
      return { ...g, sets, accepted, status: accepted === 0 && sets.length > 0 ? "R" : accepted < sets.length ? "P" : g.status };
    }),
  };
}

/** Every set rejected: the real errors where there are any, else a made-up error on the set's first data segment. */
export function forceReject(result: InterchangeResult): InterchangeResult {
  const rejected = rejectSets(result, (s) => (s.codes.length > 0 ? null : "5"));
  return {
    ...rejected,
    groups: rejected.groups.map((g) => ({
      ...g,
      status: "R",
      accepted: 0,
      sets: g.sets.map((s) => {
        const first = s.set.segments[0];
        const invented = first ? [{ segmentId: first.id, position: first.position, code: "8", elements: [{ position: 1, reference: "", code: "7", data: el(first, 1) }] }] : [];
        return { ...s, status: "R", segmentErrors: s.segmentErrors.length > 0 ? s.segmentErrors : invented };
      }),
    })),
  };
}

/** The AK5/AK9 facts of a 997 (what the state reports for a document acknowledged by it). */
export function readAck(file: ParsedFile): { functionalId: string; groupControlNumber: string; record: AckRecord } | null {
  const set = file.interchanges[0]?.groups[0]?.sets.find((s) => s.id === "997");
  if (!set) return null;
  const ak1 = set.segments.find((s) => s.id === "AK1");
  const ak9 = set.segments.find((s) => s.id === "AK9");
  const sets: AckRecord["sets"] = [];
  for (const seg of set.segments) {
    if (seg.id === "AK2") sets.push({ id: el(seg, 1), controlNumber: el(seg, 2), status: "", codes: [] });
    const current = sets[sets.length - 1];
    if (seg.id === "AK5" && current) {
      current.status = el(seg, 1);
      current.codes = seg.elements.slice(1).map((e) => e.raw).filter((c) => c !== "");
    }
  }
  return { functionalId: el(ak1, 1), groupControlNumber: el(ak1, 2), record: { status: el(ak9, 1), sets } };
}

/** The reply interchange (one 997 per received group) from `role`, numbered from its counters. */
export function build997(role: PartyRole, result: InterchangeResult, numbers: ControlCounters, settings: EnvelopeSettings, at: Date): { text: string; record: AckRecord } {
  const reply = acknowledgeInterchange(
    result,
    { interchange: numbers.next(role, "interchange"), group: numbers.next(role, "group"), sets: result.groups.map(() => numbers.next(role, "set")) },
    at,
  );
  const text = generateX12(reply, { delimiters: settings.delimiters, lineBreak: settings.lineBreak });
  const record: AckRecord = {
    status: result.groups.map((g) => g.status).find((s) => s !== "A") ?? "A",
    sets: result.groups.flatMap((g) => g.sets.map((s) => ({ id: s.set.id, controlNumber: s.set.controlNumber, status: s.status, codes: s.codes }))),
    at: at.toISOString(),
  };
  return { text, record };
}
