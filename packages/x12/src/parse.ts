import type { Delimiters, FunctionalGroup, Interchange, IsaHeader, Segment, TransactionSet, X12Element } from "./model";
import { el } from "./model";

// Why our own tokenizer rather than `node-x12` (docs/architecture.md "X12"):
// node-x12's parser throws untyped errors on the malformed input we must report
// (a missing IEA, a truncated last segment, an ISA that is not 106 wide), keeps
// no per-set segment position for AK3, and reads one interchange per call.
// The whole job is ~150 lines: delimiters come from the ISA, segments are split
// on the terminator, and the envelope is a small state machine.

export type X12ParseErrorCode = "NOT_X12" | "BAD_ISA";

/** The only error the parser throws: the input cannot be read as X12 at all. */
export class X12ParseError extends Error {
  override readonly name = "X12ParseError";
  constructor(
    message: string,
    readonly code: X12ParseErrorCode,
    readonly offset: number,
  ) {
    super(message);
  }
}

export interface ParsedFile {
  interchanges: Interchange[];
  /** Text before the first ISA or after the last IEA that is not whitespace. */
  trailingGarbage?: { offset: number; text: string };
}

const ISA_ELEMENTS = 16;
const WHITESPACE = new Set([" ", "\t", "\r", "\n"]);

interface IsaRead {
  delimiters: Delimiters;
  fields: string[];
  /** Offset just past the ISA's segment terminator. */
  end: number;
  length: number;
}

/**
 * Reads the ISA at `start`. The delimiters are taken by counting element
 * separators rather than by fixed offsets, so an ISA with wrong padding still
 * parses (its width is reported by validation instead).
 */
function readIsa(text: string, start: number): IsaRead {
  const element = text[start + 3];
  if (element === undefined) throw new X12ParseError("ISA segment is cut short", "BAD_ISA", start);
  let seen = 0;
  let i = start + 3;
  for (; i < text.length && seen < ISA_ELEMENTS; i++) if (text[i] === element) seen++;
  // i is now just past the 16th separator: ISA16, then the segment terminator.
  const component = text[i];
  const segment = text[i + 1];
  if (seen < ISA_ELEMENTS || component === undefined || segment === undefined) {
    throw new X12ParseError("ISA segment is cut short: fewer than 16 elements or no segment terminator", "BAD_ISA", start);
  }
  if (new Set([element, component, segment]).size < 3 || /[A-Za-z0-9]/.test(element + segment)) {
    throw new X12ParseError(
      `ISA delimiters are unusable: element "${element}", component "${component}", segment "${segment}"`,
      "BAD_ISA",
      start,
    );
  }
  const fields = text.slice(start, i).split(element).slice(0, ISA_ELEMENTS);
  fields.push(component);
  const version = fields[12] ?? "";
  const isa11 = fields[11] ?? "";
  const delimiters: Delimiters = { element, component, segment };
  // ISA11 is a delimiter only from 00402 on; in 00401 it is the standards id `U`.
  if (version >= "00402" && isa11.length === 1 && !/[A-Za-z0-9 ]/.test(isa11) && ![element, component, segment].includes(isa11)) {
    delimiters.repetition = isa11;
  }
  return { delimiters, fields, end: i + 2, length: i + 2 - start };
}

function splitElement(raw: string, d: Delimiters): X12Element {
  const reps = d.repetition ? raw.split(d.repetition) : [raw];
  return { raw, repetitions: reps.map((r) => r.split(d.component)) };
}

function isaHeader(f: string[]): IsaHeader {
  const at = (n: number): string => f[n] ?? "";
  return {
    authorizationQualifier: at(1), authorizationInfo: at(2), securityQualifier: at(3), securityInfo: at(4),
    senderQualifier: at(5), senderId: at(6), receiverQualifier: at(7), receiverId: at(8), date: at(9), time: at(10),
    standardsOrRepetition: at(11), version: at(12), controlNumber: at(13), ackRequested: at(14), usage: at(15),
  };
}

function skipWhitespace(text: string, pos: number, d: Delimiters): number {
  while (pos < text.length && WHITESPACE.has(text[pos] as string) && text[pos] !== d.element) pos++;
  return pos;
}

function newGroup(s: Segment): FunctionalGroup {
  return {
    header: s, functionalId: el(s, 1), senderId: el(s, 2), receiverId: el(s, 3), date: el(s, 4), time: el(s, 5),
    controlNumber: el(s, 6), agency: el(s, 7), version: el(s, 8), sets: [],
  };
}

function newSet(s: Segment): TransactionSet {
  const set: TransactionSet = { header: s, id: el(s, 1), controlNumber: el(s, 2), segments: [] };
  if (s.elements[2]) set.implementationRef = el(s, 3);
  return set;
}

/** Parses every interchange in `text`. Throws only X12ParseError (input is not X12). */
export function parseX12(text: string): ParsedFile {
  const interchanges: Interchange[] = [];
  const result: ParsedFile = { interchanges };
  let ordinal = 0;
  const blank = { element: "", component: "", segment: "" };
  let pos = skipWhitespace(text, 0, blank);
  if (!text.startsWith("ISA", pos)) throw new X12ParseError("input does not start with an ISA segment", "NOT_X12", pos);

  for (; pos < text.length; pos = skipWhitespace(text, pos, blank)) {
    if (!text.startsWith("ISA", pos)) {
      result.trailingGarbage = { offset: pos, text: text.slice(pos, pos + 80) };
      break;
    }
    const isaStart = pos;
    const isa = readIsa(text, pos);
    const d = isa.delimiters;
    const header: Segment = {
      id: "ISA", elements: isa.fields.slice(1).map((raw) => ({ raw, repetitions: [[raw]] })), position: 0, ordinal: ++ordinal, offset: isaStart,
    };
    const ic: Interchange = {
      header, isa: isaHeader(isa.fields), delimiters: d, isaLength: isa.length, groups: [], ta1: [], stray: [], truncated: false,
    };
    interchanges.push(ic);
    pos = isa.end;
    let group: FunctionalGroup | undefined;
    let set: TransactionSet | undefined;

    for (;;) {
      pos = skipWhitespace(text, pos, d);
      if (pos >= text.length) break;
      if (text.startsWith("ISA" + text[pos + 3], pos) && text[pos + 3] !== undefined && !/[A-Za-z0-9]/.test(text[pos + 3] as string)) break;
      const offset = pos;
      const end = text.indexOf(d.segment, pos);
      let body = end < 0 ? text.slice(pos) : text.slice(pos, end);
      if (end < 0) ic.truncated = true;
      pos = end < 0 ? text.length : end + 1;
      body = body.replace(/[\r\n]+$/, "");
      const parts = body.split(d.element);
      const id = (parts[0] ?? "").trim();
      const seg: Segment = { id, elements: parts.slice(1).map((r) => splitElement(r, d)), position: 0, ordinal: ++ordinal, offset };

      if (id === "IEA") {
        ic.trailer = seg;
        break;
      } else if (id === "GS") {
        set = undefined;
        group = newGroup(seg);
        ic.groups.push(group);
      } else if (id === "GE" && group) {
        group.trailer = seg;
        group = set = undefined;
      } else if (id === "ST" && group) {
        seg.position = 1;
        set = newSet(seg);
        group.sets.push(set);
      } else if (id === "SE" && set) {
        seg.position = set.segments.length + 2;
        set.trailer = seg;
        set = undefined;
      } else if (set) {
        seg.position = set.segments.length + 2;
        set.segments.push(seg);
      } else if (id === "TA1" && !group) {
        ic.ta1.push(seg);
      } else {
        ic.stray.push(seg);
      }
    }
  }
  return result;
}
