import { describe, expect, it } from "vitest";
import { acknowledgeInterchange, generate997, generateX12, parseX12, toInput, validateX12, X12GenerateError, type InterchangeInput } from "../src/index.js";
import { interchange401, interchange501, PO_850_BODY, redelimit } from "./fixtures.js";

const DELIMS = [
  { element: "*", component: ">", segment: "~" },
  { element: "|", component: ":", repetition: "^", segment: "~" },
  { element: "^", component: "`", segment: "\n" },
  { element: "*", component: ":", repetition: "`", segment: "\n" },
];

describe("generateX12", () => {
  it.each([
    ["00401", interchange401(), ""],
    ["00501", interchange501(), "\r\n"],
  ])("round-trips %s with every delimiter set", (_v, canonical, lineBreak) => {
    for (const d of DELIMS.filter((x) => canonical.includes("*^*00501") === Boolean(x.repetition))) {
      const doc = redelimit(canonical, d, lineBreak);
      const parsed = parseX12(doc).interchanges[0];
      if (!parsed) throw new Error("no interchange");
      const out = generateX12(toInput(parsed), { delimiters: parsed.delimiters, lineBreak });
      expect(out).toBe(doc + (lineBreak && !doc.endsWith(lineBreak) ? lineBreak : ""));
      expect(validateX12(parseX12(out)).valid).toBe(true);
    }
  });

  it("pads the ISA to 106 characters and computes SE01, GE01 and IEA01 from the model", () => {
    const input: InterchangeInput = {
      isa: { senderQualifier: "ZZ", senderId: "US", receiverQualifier: "12", receiverId: "5551234567", date: "260115", time: "1030", version: "00501", controlNumber: 42, usage: "T" },
      groups: [
        {
          functionalId: "PO", senderId: "US", receiverId: "THEM", date: "20260115", time: "1030", controlNumber: 7, version: "005010",
          sets: [{ id: "850", controlNumber: 1, segments: [{ id: "BEG", elements: ["00", "SA", "PO1", "", "20260115"] }, { id: "REF", elements: ["DP", [["042"], ["043"]]] }, { id: "PO1", elements: ["1", "2", "EA", "1.5", "", "UP", "1"] }] }],
        },
      ],
    };
    const out = generateX12(input, { delimiters: { element: "*", component: ">", repetition: "^", segment: "~" }, lineBreak: "\n" });
    const lines = out.trimEnd().split("\n");
    expect(lines[0]).toHaveLength(106);
    expect(lines[0]).toBe("ISA*00*          *00*          *ZZ*US             *12*5551234567     *260115*1030*^*00501*000000042*0*T*>~");
    expect(lines.slice(1)).toEqual(["GS*PO*US*THEM*20260115*1030*7*X*005010~", "ST*850*0001~", "BEG*00*SA*PO1**20260115~", "REF*DP*042^043~", "PO1*1*2*EA*1.5**UP*1~", "SE*5*0001~", "GE*1*7~", "IEA*1*000000042~"]);
    expect(validateX12(parseX12(out)).valid).toBe(true);
  });

  it("refuses values containing a delimiter and repetitions without a repetition separator", () => {
    const base = toInput(parseX12(interchange401()).interchanges[0]!);
    const withValue = (v: string | string[][]): InterchangeInput => ({ ...base, groups: [{ ...base.groups[0]!, sets: [{ id: "850", controlNumber: "0001", segments: [{ id: "REF", elements: ["DP", v] }] }] }] });
    const d = { element: "*", component: ">", segment: "~" };
    expect(() => generateX12(withValue("A*B"), { delimiters: d })).toThrow(X12GenerateError);
    expect(() => generateX12(withValue([["A"], ["B"]]), { delimiters: d })).toThrow(/repetition separator/);
  });
});

describe("997 and TA1", () => {
  it("accepts a valid group: AK1, AK2/AK5 A per set, AK9 A", () => {
    const r = validateX12(parseX12(interchange401([PO_850_BODY, PO_850_BODY.map((l) => l.replace("0001", "0002"))])));
    const ack = generate997(r.interchanges[0]!.groups[0]!, { controlNumber: 5 });
    const out = generateX12({ isa: { ...toInput(r.interchanges[0]!.interchange).isa, controlNumber: 9 }, groups: [{ functionalId: "FA", senderId: "S", receiverId: "R", date: "20260115", time: "1031", controlNumber: 9, version: "004010", sets: [ack] }] }, { delimiters: { element: "*", component: ">", segment: "~" } });
    expect(out).toContain("ST*997*0005~AK1*PO*101~AK2*850*0001~AK5*A~AK2*850*0002~AK5*A~AK9*A*2*2*2~SE*8*0005~");
    expect(validateX12(parseX12(out)).valid).toBe(true);
  });

  it("wrong SE count → AK5*R*4 and AK9*R; a second good set → AK9*P", () => {
    const bad = PO_850_BODY.map((l) => (l.startsWith("SE*") ? "SE*11*0001" : l));
    const good = PO_850_BODY.map((l) => l.replace("0001", "0002"));
    const r = validateX12(parseX12(interchange401([bad])));
    const seg = (g: ReturnType<typeof generate997>) => g.segments.map((s) => [s.id, ...s.elements].join("*"));
    expect(seg(generate997(r.interchanges[0]!.groups[0]!, { controlNumber: 1 }))).toEqual(["AK1*PO*101", "AK2*850*0001", "AK5*R*4", "AK9*R*1*1*0"]);
    const p = validateX12(parseX12(interchange401([bad, good])));
    expect(seg(generate997(p.interchanges[0]!.groups[0]!, { controlNumber: 1 })).at(-1)).toBe("AK9*P*2*2*1");
  });

  it("element errors produce AK3/AK4 with the bad data", () => {
    const body = PO_850_BODY.map((l) => (l.startsWith("BEG") ? "BEG*00*SA*PO12345**20261345" : l));
    const r = validateX12(parseX12(interchange401([body])));
    const ack = generate997(r.interchanges[0]!.groups[0]!, { controlNumber: 1 });
    expect(ack.segments.map((s) => [s.id, ...s.elements].join("*"))).toEqual(["AK1*PO*101", "AK2*850*0001", "AK3*BEG*2**8", "AK4*5*373*8*20261345", "AK5*R*5", "AK9*R*1*1*0"]);
  });

  it("replies with sender/receiver swapped, a 997 per group with AK103/AK203 in 5010, and a TA1 when ISA14 = 1", () => {
    const r = validateX12(parseX12(redelimit(interchange501(), { element: "|", component: ":", repetition: "^", segment: "~" })));
    const reply = acknowledgeInterchange(r.interchanges[0]!, { interchange: 500, group: 60, sets: [1, 2] }, new Date("2026-01-15T10:45:00Z"));
    const out = generateX12(reply, { delimiters: { element: "|", component: ":", repetition: "^", segment: "~" } });
    expect(out).toContain("|ZZ|SUPPLIER       |ZZ|RETAILER       |260115|1045|^|00501|000000500|0|P|:~TA1|000000102|260115|1030|A|000~");
    expect(out).toContain("GS|FA|SUPPLIER|RETAILER|20260115|1045|60|X|005010~ST|997|0001~AK1|PO|201|005010~AK2|850|0001~AK5|A~AK9|A|1|1|1~SE|6|0001~ST|997|0002~AK1|SH|202|005010~");
    expect(validateX12(parseX12(out)).valid).toBe(true);
  });

  it("TA1 rejects with the first note code when the interchange envelope is bad", () => {
    const r = validateX12(parseX12(interchange501().replace("IEA*2*000000102", "IEA*2*000000103")));
    const reply = acknowledgeInterchange(r.interchanges[0]!, { interchange: 1, group: 1, sets: [1, 2] }, new Date());
    expect(reply.ta1?.[0]?.elements).toEqual(["000000102", "260115", "1030", "R", "001"]);
  });
});
