// Generation (docs/architecture.md "X12"): the partner's delimiters, the ISA
// padded to its fixed width, GE01/SE01/IEA01 computed here. Control numbers are
// the caller's: they are allocated per partner and direction in the database.
import type { Delimiters, Interchange, IsaHeader, Segment, X12Element } from "./model";

/** A plain value, its components, or its repetitions (each a list of components). */
export type ElementInput = string | string[] | string[][];
export interface SegmentInput {
  id: string;
  elements: ElementInput[];
}
export interface SetInput {
  id: string;
  controlNumber: string | number;
  implementationRef?: string;
  /** The segments between ST and SE. */
  segments: SegmentInput[];
}
export interface GroupInput {
  functionalId: string;
  senderId: string;
  receiverId: string;
  /** CCYYMMDD */
  date: string;
  /** HHMM */
  time: string;
  controlNumber: string | number;
  agency?: string;
  version: string;
  sets: SetInput[];
}
export type IsaInput = Omit<IsaHeader, "standardsOrRepetition" | "authorizationQualifier" | "authorizationInfo" | "securityQualifier" | "securityInfo" | "ackRequested" | "controlNumber"> &
  Partial<Pick<IsaHeader, "authorizationQualifier" | "authorizationInfo" | "securityQualifier" | "securityInfo" | "ackRequested">> & { controlNumber: string | number };
export interface InterchangeInput {
  isa: IsaInput;
  groups: GroupInput[];
  /** TA1 segments sent directly inside the interchange (before any group). */
  ta1?: SegmentInput[];
}
export interface GenerateOptions {
  delimiters: Delimiters;
  /** Written after each segment terminator; many partners want "\n" or "\r\n". */
  lineBreak?: string;
}

export class X12GenerateError extends Error {
  override readonly name = "X12GenerateError";
}

function checkValue(v: string, d: Delimiters, where: string): string {
  for (const c of [d.element, d.component, d.segment, d.repetition ?? ""]) {
    if (c && v.includes(c)) throw new X12GenerateError(`${where}: value ${JSON.stringify(v)} contains the delimiter ${JSON.stringify(c)}`);
  }
  return v;
}

function writeElement(e: ElementInput, d: Delimiters, where: string): string {
  if (typeof e === "string") return checkValue(e, d, where);
  const reps: string[][] = e.length > 0 && Array.isArray(e[0]) ? (e as string[][]) : [e as string[]];
  if (reps.length > 1 && !d.repetition) throw new X12GenerateError(`${where}: repeated element but no repetition separator (00401?)`);
  return reps.map((comps) => comps.map((c) => checkValue(c, d, where)).join(d.component)).join(d.repetition ?? "");
}

function writeSegment(s: SegmentInput, d: Delimiters): string {
  return [s.id, ...s.elements.map((e, i) => writeElement(e, d, `${s.id}${String(i + 1).padStart(2, "0")}`))].join(d.element) + d.segment;
}

function fixed(v: string | number, width: number, name: string, pad: "left0" | "right"): string {
  const s = String(v);
  if (s.length > width) throw new X12GenerateError(`${name}: ${JSON.stringify(s)} is longer than ${width}`);
  return pad === "left0" ? s.padStart(width, "0") : s.padEnd(width, " ");
}

/** ST02 is AN 4/9: numbers are zero-padded to 4. */
const setControl = (n: string | number) => (typeof n === "number" ? String(n).padStart(4, "0") : n);

export function generateX12(input: InterchangeInput, opts: GenerateOptions): string {
  const d = opts.delimiters;
  const nl = opts.lineBreak ?? "";
  const { isa } = input;
  if (new Set([d.element, d.component, d.segment, ...(d.repetition ? [d.repetition] : [])]).size !== (d.repetition ? 4 : 3)) {
    throw new X12GenerateError("delimiters must all differ");
  }
  if ([d.element, d.component, d.repetition].some((c) => c && nl.includes(c))) throw new X12GenerateError("the line break contains a delimiter");
  const isa11 = isa.version >= "00402" ? (d.repetition ?? "") : "U";
  if (isa11 === "") throw new X12GenerateError(`version ${isa.version} needs a repetition separator (ISA11)`);
  const controlNumber = fixed(isa.controlNumber, 9, "ISA13", "left0");
  const isaFields = [
    fixed(isa.authorizationQualifier ?? "00", 2, "ISA01", "right"), fixed(isa.authorizationInfo ?? "", 10, "ISA02", "right"),
    fixed(isa.securityQualifier ?? "00", 2, "ISA03", "right"), fixed(isa.securityInfo ?? "", 10, "ISA04", "right"),
    fixed(isa.senderQualifier, 2, "ISA05", "right"), fixed(isa.senderId, 15, "ISA06", "right"),
    fixed(isa.receiverQualifier, 2, "ISA07", "right"), fixed(isa.receiverId, 15, "ISA08", "right"),
    fixed(isa.date, 6, "ISA09", "right"), fixed(isa.time, 4, "ISA10", "right"), isa11, fixed(isa.version, 5, "ISA12", "right"),
    controlNumber, isa.ackRequested ?? "0", fixed(isa.usage, 1, "ISA15", "right"),
  ];
  // ISA11 is the repetition separator itself from 00402 on.
  isaFields.forEach((f, i) => i !== 10 && checkValue(f, d, `ISA${String(i + 1).padStart(2, "0")}`));
  const out: string[] = [["ISA", ...isaFields, d.component].join(d.element) + d.segment];
  const seg = (s: SegmentInput) => out.push(writeSegment(s, d));
  for (const t of input.ta1 ?? []) seg(t);
  for (const g of input.groups) {
    const gsControl = String(g.controlNumber);
    seg({ id: "GS", elements: [g.functionalId, g.senderId, g.receiverId, g.date, g.time, gsControl, g.agency ?? "X", g.version] });
    for (const s of g.sets) {
      const st = setControl(s.controlNumber);
      seg({ id: "ST", elements: s.implementationRef !== undefined ? [s.id, st, s.implementationRef] : [s.id, st] });
      s.segments.forEach(seg);
      seg({ id: "SE", elements: [String(s.segments.length + 2), st] });
    }
    seg({ id: "GE", elements: [String(g.sets.length), gsControl] });
  }
  seg({ id: "IEA", elements: [String(input.groups.length), controlNumber] });
  return out.join(nl) + nl;
}

function elementInput(e: X12Element): ElementInput {
  if (e.repetitions.length > 1) return e.repetitions;
  const comps = e.repetitions[0] ?? [e.raw];
  return comps.length > 1 ? comps : e.raw;
}

export const segmentInput = (s: Segment): SegmentInput => ({ id: s.id, elements: s.elements.map(elementInput) });

/** A parsed interchange as generator input: parse → toInput → generate reproduces the envelope with fresh counts. */
export function toInput(ic: Interchange): InterchangeInput {
  const { standardsOrRepetition: _isa11, ...isa } = ic.isa;
  return {
    isa,
    ta1: ic.ta1.map(segmentInput),
    groups: ic.groups.map((g) => ({
      functionalId: g.functionalId, senderId: g.senderId, receiverId: g.receiverId, date: g.date, time: g.time,
      controlNumber: g.controlNumber, agency: g.agency, version: g.version,
      sets: g.sets.map((s) => {
        const set: SetInput = { id: s.id, controlNumber: s.controlNumber, segments: s.segments.map(segmentInput) };
        if (s.implementationRef !== undefined) set.implementationRef = s.implementationRef;
        return set;
      }),
    })),
  };
}
