import { describe, expect, it } from "vitest";
import { formatIssue, generate997, parseX12, validateX12, type X12Issue } from "../src/index.js";
import { ASN_856_BODY, interchange401, interchange501, PO_850_BODY, redelimit } from "./fixtures.js";

const validate = (doc: string) => validateX12(parseX12(doc));
const codes = (issues: X12Issue[]) => issues.map((i) => `${i.codeList}:${i.code}`);

describe("validateX12 envelopes", () => {
  it("accepts well-formed 00401 and 00501 interchanges", () => {
    for (const doc of [interchange401(), interchange501(), redelimit(interchange501(), { element: "|", component: ":", repetition: "`", segment: "\n" })]) {
      const r = validate(doc);
      expect(r.issues.map(formatIssue)).toEqual([]);
      expect(r.valid).toBe(true);
      expect(r.interchanges[0]?.note).toBe("000");
      expect(r.interchanges[0]?.groups.every((g) => g.status === "A")).toBe(true);
    }
  });

  it("wrong SE count: AK5 code 4 naming SE01, expected vs found, set rejected", () => {
    const body = PO_850_BODY.map((l) => (l.startsWith("SE*") ? "SE*11*0001" : l));
    const r = validate(interchange401([body]));
    const set = r.interchanges[0]?.groups[0]?.sets[0];
    expect(set?.status).toBe("R");
    expect(set?.codes).toEqual(["4"]);
    expect(r.issues).toEqual([
      expect.objectContaining({ codeList: "AK5", code: "4", segmentId: "SE", segmentPosition: 12, elementPosition: 1, expected: "12", found: "11" }),
    ]);
    expect(r.interchanges[0]?.groups[0]?.status).toBe("R");
  });

  it("ST/SE control number mismatch: AK5 code 3", () => {
    const body = PO_850_BODY.map((l) => (l.startsWith("SE*") ? "SE*12*0009" : l));
    const r = validate(interchange401([body]));
    expect(r.issues).toEqual([expect.objectContaining({ codeList: "AK5", code: "3", segmentId: "SE", elementPosition: 2, expected: "0001", found: "0009" })]);
  });

  it("group errors map to AK9 codes: GE02 mismatch (4), GE01 count (5)", () => {
    const doc = interchange401().replace("GE*1*101~", "GE*2*102~");
    const r = validate(doc);
    const g = r.interchanges[0]?.groups[0];
    expect(g?.codes).toEqual(["4", "5"]);
    expect(g?.status).toBe("R");
    expect(codes(r.issues)).toEqual(["AK9:4", "AK9:5"]);
  });

  it("interchange errors map to TA1 notes: ISA13/IEA02 mismatch (001), group count (021)", () => {
    const r = validate(interchange401().replace("IEA*1*000000101", "IEA*3*000000999"));
    expect(r.interchanges[0]?.note).toBe("001");
    expect(r.issues).toEqual([
      expect.objectContaining({ codeList: "TA1", code: "001", segmentId: "IEA", elementPosition: 2, expected: "000000101", found: "000000999" }),
      expect.objectContaining({ codeList: "TA1", code: "021", segmentId: "IEA", expected: "1", found: "3" }),
    ]);
  });

  it("missing IEA, GE and SE are each reported at their level", () => {
    const noIea = interchange401().replace("IEA*1*000000101~", "");
    expect(codes(validate(noIea).issues)).toEqual(["TA1:023"]);
    const noGe = interchange401().replace("GE*1*101~", "");
    expect(codes(validate(noGe).issues)).toEqual(["AK9:3"]);
    const noSe = interchange401().replace("SE*12*0001~", "");
    const r = validate(noSe);
    expect(r.interchanges[0]?.groups[0]?.sets[0]?.codes).toEqual(["2"]);
  });

  it("a truncated file is reported (TA1 023) and its open group and set too", () => {
    const doc = interchange401();
    const r = validate(doc.slice(0, doc.indexOf("CTT") + 4));
    // The cut CTT has lost its mandatory CTT01 too (AK4 1).
    expect(codes(r.issues)).toEqual(["TA1:023", "TA1:023", "AK9:3", "AK5:2", "AK4:1"]);
  });
});

describe("validateX12 set definitions", () => {
  const withLine = (from: string, to: string) => interchange401([PO_850_BODY.map((l) => (l.startsWith(from) ? to : l))]);

  it("element errors become AK3 code 8 with AK4 detail (position, reference, 723 code, data)", () => {
    const r = validate(withLine("BEG", "BEG*00*SA*PO12345**20261345"));
    const set = r.interchanges[0]?.groups[0]?.sets[0];
    expect(set?.codes).toEqual(["5"]);
    expect(set?.segmentErrors).toEqual([{ segmentId: "BEG", position: 2, code: "8", elements: [{ position: 5, reference: "373", code: "8", data: "20261345" }] }]);
    expect(r.issues[0]).toMatchObject({ codeList: "AK4", code: "8", segmentId: "BEG", segmentPosition: 2, elementPosition: 5 });
  });

  it.each([
    ["mandatory element missing", "BEG*00*SA***20260115", 3, "1"],
    ["too long", "BEG*00*SA*PO1234567890123456789012345**20260115", 3, "5"],
    ["too short", "BEG*0*SA*PO12345**20260115", 1, "4"],
    ["bad number", "CTT*two", 1, "6"],
  ])("%s → AK4 %s", (_name, line, position, code) => {
    const id = line.slice(0, 3);
    const r = validate(withLine(id, line));
    expect(r.interchanges[0]?.groups[0]?.sets[0]?.segmentErrors[0]?.elements[0]).toMatchObject({ position, code });
  });

  it("unknown and unexpected segments and missing mandatory segments are AK3 codes 1, 2 and 3", () => {
    const body = PO_850_BODY.filter((l) => !l.startsWith("BEG")).map((l) => (l.startsWith("SE*") ? "SE*13*0001" : l));
    body.splice(2, 0, "ZZZZ*1", "BSN*00*X*20260101*1030");
    const set = validate(interchange401([body])).interchanges[0]?.groups[0]?.sets[0];
    expect(set?.segmentErrors.map((e) => [e.segmentId, e.position, e.code])).toEqual([
      ["ZZZZ", 3, "1"],
      ["BSN", 4, "2"],
      ["BEG", 13, "3"],
    ]);
  });

  it("segment order and repeats against the table: out of sequence is AK3 7, a loop over its maximum 4, a segment over its maximum use 5", () => {
    const withSE = (body: string[]) => body.map((l) => (l.startsWith("SE*") ? `SE*${body.length}*0001` : l));
    const codes = (body: string[]) => validate(interchange401([withSE(body)])).interchanges[0]?.groups[0]?.sets[0]?.segmentErrors.map((e) => [e.segmentId, e.position, e.loopId, e.code]);
    // CUR belongs before the N1 loop; a second BEG exceeds its single use.
    const misplaced = PO_850_BODY.flatMap((l) => (l.startsWith("N4") ? [l, "CUR*BY*USD"] : l.startsWith("BEG") ? [l, l] : [l]));
    expect(codes(misplaced)).toEqual([["BEG", 3, undefined, "5"], ["CUR", 9, undefined, "7"]]);
    // The 850's N1 loop may repeat 200 times; the 201st is over.
    const parties = Array.from({ length: 201 }, (_, i) => `N1*ST*STORE ${i}*92*${1000 + i}`);
    expect(codes(PO_850_BODY.flatMap((l) => (l.startsWith("N1") ? parties : [l])))).toEqual([["N1", 205, "N1", "4"]]);
    // Repeats count per pass of the loop: one SN1 per HL, however many HL levels there are.
    const asn = (body: string[]) => validate(interchange401([withSE(body)]).replace("GS*PO", "GS*SH")).interchanges[0]?.groups[0]?.sets[0];
    expect(asn(ASN_856_BODY)?.segmentErrors).toEqual([]);
    expect(asn(ASN_856_BODY.flatMap((l) => (l.startsWith("SN1") ? [l, l] : [l])))?.segmentErrors.map((e) => [e.segmentId, e.loopId, e.code])).toEqual([["SN1", "HL", "5"]]);
    const ack = generate997(validate(interchange401([withSE(misplaced)])).interchanges[0]!.groups[0]!, { controlNumber: 1 });
    expect(ack.segments.map((s) => [s.id, ...s.elements].join("*"))).toEqual(["AK1*PO*101", "AK2*850*0001", "AK3*BEG*3**5", "AK3*CUR*9**7", "AK5*R*5", "AK9*R*1*1*0"]);
  });

  it("validates the 856 and a 997 against their tables", () => {
    const r = validate(interchange501());
    expect(r.valid).toBe(true);
    const ack = "ST*997*0001~AK1*SH*101~AK2*856*0001~AK3*SN1*13**8~AK4*2*382*1~AK5*R*5~AK9*R*1*1*0~SE*8*0001~";
    const doc = interchange401().replace(/ST\*850.*SE\*12\*0001~/, ack).replace("GS*PO", "GS*FA");
    expect(validate(doc).issues.map(formatIssue)).toEqual([]);
    const bad = doc.replace("AK5*R*5", "AK5*Q*5");
    expect(validate(bad).issues[0]).toMatchObject({ codeList: "AK4", code: "7", segmentId: "AK5", elementPosition: 1 });
    const extra = doc.replace("AK1*SH*101", "AK1*SH*101*004010*EXTRA");
    expect(validate(extra).issues[0]).toMatchObject({ codeList: "AK4", code: "3", segmentId: "AK1", elementPosition: 4 });
  });
});

describe("validateX12 duplicate control numbers", () => {
  it("flags a repeated ST02 in a group (AK5 23) and a repeated GS06 in an interchange (AK9 19)", () => {
    const r = validate(interchange401([PO_850_BODY, PO_850_BODY]));
    expect(r.interchanges[0]?.groups[0]?.sets.map((s) => s.codes)).toEqual([[], ["23"]]);
    expect(r.interchanges[0]?.groups[0]?.status).toBe("P");
    const twoGroups = interchange401().replace("IEA*1", "IEA*2").replace(/(GS\*.*GE\*1\*101~)/, "$1$1");
    expect(codes(validate(twoGroups).issues)).toEqual(["AK9:19"]);
  });

  it("flags an interchange control number repeated in the file or known to the caller (TA1 025)", () => {
    const twice = `${interchange401()}\n${interchange401()}`;
    expect(validate(twice).interchanges.map((ic) => ic.note)).toEqual(["000", "025"]);
    const seen = validateX12(parseX12(interchange401()), { isDuplicateInterchange: (isa) => isa.controlNumber === "000000101" });
    expect(seen.issues[0]).toMatchObject({ codeList: "TA1", code: "025", segmentId: "ISA", elementPosition: 13, found: "000000101" });
  });
});
