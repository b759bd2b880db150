// Segment and element checks of one transaction set against its definition
// (docs/architecture.md "X12"): AK3 segment errors with their AK4 element errors.
import type { ElementDef, SegmentDef, SetDefinition } from "./definitions.js";
import { makeIssue, type X12Issue } from "./issues.js";
import type { Segment, TransactionSet } from "./model.js";

export interface ElementError {
  /** 1-based element position in the segment (AK401). */
  position: number;
  /** Data element reference number (AK402). */
  reference: string;
  /** Element 723 code (AK403). */
  code: string;
  /** Copy of the bad data (AK404), when any. */
  data: string;
}

export interface SegmentError {
  segmentId: string;
  /** Position in the set, ST = 1 (AK302). */
  position: number;
  loopId?: string;
  /** Element 720 code (AK304). */
  code: string;
  elements: ElementError[];
}

const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;
// Control characters never belong in data (they are how a swapped or lost delimiter shows up).
const printable = (v: string) => [...v].every((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f);

function validDate(v: string): boolean {
  const full = v.length === 6 ? `20${v}` : v;
  if (!/^\d{8}$/.test(full)) return false;
  const y = Number(full.slice(0, 4));
  const m = Number(full.slice(4, 6));
  const d = Number(full.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function validTime(v: string): boolean {
  if (!/^\d{4}(\d{2}\d{0,2})?$/.test(v)) return false;
  return Number(v.slice(0, 2)) < 24 && Number(v.slice(2, 4)) < 60 && (v.length < 6 || Number(v.slice(4, 6)) < 60);
}

/** Length as X12 counts it: numerics count digits only (no sign, no decimal point). */
function x12Length(type: ElementDef[2], v: string): number {
  return type === "N0" || type === "N2" || type === "R" ? v.replace(/[-.]/g, "").length : v.length;
}

/** The element 723 code for one value against its definition, or undefined when it is fine. */
export function checkElement(def: ElementDef, value: string): string | undefined {
  const [, req, type, min, max, codes] = def;
  if (value === "") return req === "M" ? "1" : undefined;
  if (!printable(value)) return "6";
  if (type === "COMP") return undefined;
  if ((type === "N0" || type === "N2") && !/^-?\d+$/.test(value)) return "6";
  if (type === "R" && !/^-?(\d+\.?\d*|\.\d+)$/.test(value)) return "6";
  const len = x12Length(type, value);
  if (len < min) return "4";
  if (len > max) return "5";
  if (type === "DT" && !validDate(value)) return "8";
  if (type === "TM" && !validTime(value)) return "9";
  if (type === "ID" && codes && !codes.includes(value)) return "7";
  return undefined;
}

function checkSegment(seg: Segment, defs: ReadonlyMap<string, SetDefinition["segments"][number]>): SegmentError | undefined {
  const base = { segmentId: seg.id, position: seg.position };
  if (!SEGMENT_ID.test(seg.id)) return { ...base, code: "1", elements: [] };
  const def = defs.get(seg.id);
  if (!def) return { ...base, code: "2", elements: [] };
  const elements: ElementError[] = [];
  def.elements.forEach((ed, i) => {
    const value = seg.elements[i]?.raw ?? "";
    const code = checkElement(ed, value);
    if (code) elements.push({ position: i + 1, reference: ed[0], code, data: value });
  });
  const lastUsed = seg.elements.reduce((last, e, i) => (e.raw !== "" ? i + 1 : last), 0);
  if (def.complete && lastUsed > def.elements.length) {
    elements.push({ position: def.elements.length + 1, reference: "", code: "3", data: seg.elements[def.elements.length]?.raw ?? "" });
  }
  if (elements.length === 0) return undefined;
  return def.loop ? { ...base, loopId: def.loop, code: "8", elements } : { ...base, code: "8", elements };
}

interface SequenceError extends SegmentError {
  expected: string;
  message: string;
}

/**
 * Order and repeat checks against the definition's order (docs/architecture.md "X12"):
 * AK3 code 7 (a segment that goes back to an earlier entry without starting a new pass
 * of a loop it is in), 4 (a loop repeated past its maximum within one pass of its
 * parent) and 5 (a segment used past its maximum within one pass of its loop).
 * Segments the definition does not know are left to code 1/2.
 */
function checkSequence(set: TransactionSet, def: SetDefinition): Map<Segment, SequenceError[]> {
  const loops = def.loops ?? {};
  const chain = (loop: string | undefined): string[] => {
    const out: string[] = [];
    for (let l = loop; l !== undefined && !out.includes(l); l = loops[l]?.parent) out.push(l);
    return out;
  };
  const loopStart = new Map<string, number>();
  def.segments.forEach((d, i) => d.loop && !loopStart.has(d.loop) && loopStart.set(d.loop, i));
  const isStart = (i: number) => def.segments[i]?.loop !== undefined && loopStart.get(def.segments[i]?.loop as string) === i;
  const known = new Set(def.segments.map((d) => d.id));
  const loopPasses = new Map<string, number>();
  const uses = new Map<number, number>();
  const found = new Map<Segment, SequenceError[]>();
  const report = (seg: Segment, d: SegmentDef, code: string, expected: string, message: string) => {
    const e: SequenceError = d.loop ? { segmentId: seg.id, position: seg.position, loopId: d.loop, code, elements: [], expected, message } : { segmentId: seg.id, position: seg.position, code, elements: [], expected, message };
    found.set(seg, [...(found.get(seg) ?? []), e]);
  };
  let cur = -1;
  for (const seg of set.segments) {
    if (!known.has(seg.id)) continue;
    let k = def.segments.findIndex((d, i) => i >= Math.max(cur, 0) && d.id === seg.id);
    const inLoops = chain(def.segments[cur]?.loop);
    // Going back is only starting a new pass of a loop we are in.
    if (k < 0) k = def.segments.findIndex((d, i) => d.id === seg.id && isStart(i) && inLoops.includes(d.loop as string));
    const d = def.segments[k];
    if (!d) {
      const first = def.segments.find((x) => x.id === seg.id) as SegmentDef;
      report(seg, first, "7", `${seg.id} before ${def.segments[cur]?.id ?? "the first segment"}`, `segment ${seg.id} is not in its proper sequence (after ${def.segments[cur]?.id})`);
      continue;
    }
    if (isStart(k)) {
      const loop = d.loop as string;
      const passes = (loopPasses.get(loop) ?? 0) + 1;
      loopPasses.set(loop, passes);
      // A new pass resets the loops nested in it and the uses of its segments.
      for (const l of Object.keys(loops)) if (l !== loop && chain(l).includes(loop)) loopPasses.delete(l);
      def.segments.forEach((x, i) => chain(x.loop).includes(loop) && uses.delete(i));
      const max = loops[loop]?.max;
      if (max !== undefined && passes > max) report(seg, d, "4", `at most ${max} ${loop} loops`, `loop ${loop} repeats more than ${max} times`);
    }
    const used = (uses.get(k) ?? 0) + 1;
    uses.set(k, used);
    if (d.max !== undefined && used > d.max) report(seg, d, "5", `${seg.id} at most ${d.max} time(s)${d.loop ? ` per ${d.loop} loop` : ""}`, `segment ${seg.id} exceeds its maximum use of ${d.max}`);
    cur = k;
  }
  return found;
}

/** Checks the set's body against `def`; pushes one issue per AK3/AK4 finding onto `issues`. */
export function validateSetBody(set: TransactionSet, def: SetDefinition, issues: X12Issue[]): SegmentError[] {
  const defs = new Map<string, SetDefinition["segments"][number]>();
  for (const s of def.segments) if (!defs.has(s.id)) defs.set(s.id, s);
  const errors: SegmentError[] = [];
  const sequence = checkSequence(set, def);
  for (const seg of set.segments) {
    for (const { expected, message, ...e } of sequence.get(seg) ?? []) {
      errors.push(e);
      issues.push(makeIssue("AK3", e.code, { segment: seg }, expected, seg.id, message));
    }
    const e = checkSegment(seg, defs);
    if (!e) continue;
    errors.push(e);
    if (e.elements.length === 0) {
      const what = e.code === "1" ? "an unrecognized segment id" : `a segment not defined for ${def.id}`;
      issues.push(makeIssue("AK3", e.code, { segment: seg }, `a ${def.id} segment`, seg.id, what));
    }
    for (const x of e.elements) {
      const ed = defs.get(seg.id)?.elements[x.position - 1];
      const expected = ed ? `${ed[1] === "M" ? "mandatory " : ""}${ed[2]} ${ed[3]}/${ed[4]}${ed[5] ? ` in ${ed[5].join(",")}` : ""}` : "no more elements";
      issues.push(makeIssue("AK4", x.code, { segment: seg, elementPosition: x.position }, expected, JSON.stringify(x.data), `element ${seg.id}${String(x.position).padStart(2, "0")} is invalid (723 code ${x.code})`));
    }
  }
  const present = new Set(set.segments.map((s) => s.id));
  const seqEnd = set.segments.length + 2;
  for (const s of def.segments) {
    if (s.req !== "M" || present.has(s.id)) continue;
    present.add(s.id);
    const e: SegmentError = s.loop ? { segmentId: s.id, position: seqEnd, loopId: s.loop, code: "3", elements: [] } : { segmentId: s.id, position: seqEnd, code: "3", elements: [] };
    errors.push(e);
    issues.push(makeIssue("AK3", "3", { segmentId: s.id, position: seqEnd }, `mandatory segment ${s.id}`, "none before SE", `mandatory segment ${s.id} is missing`));
  }
  return errors;
}
