// Property tests (docs/architecture.md "X12"): generated interchanges with random
// delimiters, then mutated (truncations, delimiter swaps, count errors). The parser
// may only throw X12ParseError, and every damaged document must come out as a
// rejection a 997/TA1 can express, or as that typed error.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateX12, parseX12, validateX12, X12ParseError, type InterchangeInput, type SegmentInput, type ValidationResult } from "../src/index.js";
import { PO_850_BODY } from "./fixtures.js";

const BODY: SegmentInput[] = PO_850_BODY.slice(1, -1).map((l) => {
  const [id, ...elements] = l.split("*");
  return { id: id ?? "", elements };
});

// A newline is only ever a segment terminator (documents break lines after segments).
const POOL = ["*", "|", "^", "~", ">", ":", "`", "!", "{", "}"];

const docArb = fc
  .record({
    delims: fc.shuffledSubarray(POOL, { minLength: 4, maxLength: 4 }),
    newlineTerminator: fc.boolean(),
    v5: fc.boolean(),
    groups: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
    lineBreak: fc.constantFrom("", "\n", "\r\n"),
    control: fc.integer({ min: 1, max: 999_999_999 }),
  })
  .map(({ delims, newlineTerminator, v5, groups, lineBreak, control }) => {
    const [element, component, repetition, pooled] = delims as [string, string, string, string];
    const segment = newlineTerminator ? "\n" : pooled;
    const delimiters = v5 ? { element, component, repetition, segment } : { element, component, segment };
    const input: InterchangeInput = {
      isa: { senderQualifier: "ZZ", senderId: "RETAILER", receiverQualifier: "ZZ", receiverId: "SUPPLIER", date: "260115", time: "1030", version: v5 ? "00501" : "00401", controlNumber: control, usage: "T" },
      groups: groups.map((n, g) => ({
        functionalId: "PO", senderId: "RETAILER", receiverId: "SUPPLIER", date: "20260115", time: "1030", controlNumber: g + 1, version: v5 ? "005010" : "004010",
        sets: Array.from({ length: n }, (_, s) => ({ id: "850", controlNumber: s + 1, segments: BODY })),
      })),
    };
    return { text: generateX12(input, { delimiters, lineBreak: segment === "\n" ? "" : lineBreak }), delimiters };
  });

/** Parses and validates; only X12ParseError may escape. */
function run(text: string): ValidationResult | X12ParseError {
  try {
    return validateX12(parseX12(text));
  } catch (e) {
    if (e instanceof X12ParseError) return e;
    throw e;
  }
}

/** Every issue surfaces in an acknowledgement: a TA1 note, a non-accepting AK9, or unreadable trailing text. */
function rejected(r: ValidationResult): boolean {
  return r.interchanges.some((ic) => ic.note !== "000" || ic.groups.some((g) => g.status !== "A")) || r.issues.some((i) => i.segmentId === "?");
}

describe("X12 fuzz", () => {
  it("generated documents parse and validate clean", () => {
    fc.assert(
      fc.property(docArb, ({ text }) => {
        const r = run(text);
        expect(r).not.toBeInstanceOf(X12ParseError);
        expect((r as ValidationResult).issues).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it("any truncation before the last terminator is a typed error or a rejection", () => {
    fc.assert(
      fc.property(docArb, fc.double({ min: 0, max: 1, noNaN: true }), ({ text, delimiters }, f) => {
        const lastTerminator = text.lastIndexOf(delimiters.segment);
        const cut = text.slice(0, Math.floor(f * lastTerminator));
        const r = run(cut);
        if (!(r instanceof X12ParseError)) expect(rejected(r)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("delimiter swaps never crash, and any issue found surfaces as a rejection", () => {
    fc.assert(
      fc.property(docArb, fc.nat(), fc.nat(), ({ text, delimiters }, at, pick) => {
        const ds = Object.values(delimiters);
        const positions = [...text].flatMap((c, i) => (ds.includes(c) ? [i] : []));
        const i = positions[at % positions.length] ?? 0;
        const other = ds.filter((c) => c !== text[i]);
        const swapped = text.slice(0, i) + (other[pick % other.length] ?? "") + text.slice(i + 1);
        const r = run(swapped);
        if (!(r instanceof X12ParseError)) expect(r.valid || rejected(r)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("count errors in SE01, GE01 or IEA01 are always rejected with their code", () => {
    fc.assert(
      fc.property(docArb, fc.constantFrom("SE", "GE", "IEA"), fc.integer({ min: 1, max: 5 }), ({ text, delimiters: d }, id, delta) => {
        let start = text.indexOf(`${id}${d.element}`);
        while (![d.segment, "\n"].includes(text[start - 1] ?? "")) start = text.indexOf(`${id}${d.element}`, start + 1);
        const countAt = start + id.length + 1;
        const end = text.indexOf(d.element, countAt);
        const count = Number(text.slice(countAt, end));
        const mutated = text.slice(0, countAt) + String(count + delta) + text.slice(end);
        const r = run(mutated);
        expect(r).not.toBeInstanceOf(X12ParseError);
        const v = r as ValidationResult;
        expect(rejected(v)).toBe(true);
        const expected = { SE: "AK5:4", GE: "AK9:5", IEA: "TA1:021" }[id];
        expect(v.issues.map((x) => `${x.codeList}:${x.code}`)).toContain(expected);
      }),
      { numRuns: 200 },
    );
  });

  it("arbitrary text only ever throws X12ParseError", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `ISA${s}`), fc.string().map((s) => `ISA*00*${s}`)), (s) => {
        run(s);
      }),
      { numRuns: 500 },
    );
  });
});
