import { describe, expect, it } from "vitest";
import { el, parseX12, X12ParseError } from "../src/index.js";
import { interchange401, interchange501, ISA_00401, ISA_00501, redelimit } from "./fixtures.js";

describe("parseX12", () => {
  it("reads delimiters from the 106-character ISA", () => {
    expect(ISA_00401.length).toBe(106);
    expect(ISA_00501.length).toBe(106);
    const [ic] = parseX12(interchange401()).interchanges;
    expect(ic?.delimiters).toEqual({ element: "*", component: ">", segment: "~" });
    expect(ic?.isa.version).toBe("00401");
    expect(ic?.isa.standardsOrRepetition).toBe("U");
    expect(ic?.isaLength).toBe(106);
  });

  it("treats ISA11 as the repetition separator from 00402 on and splits repetitions and components", () => {
    const [ic] = parseX12(interchange501()).interchanges;
    expect(ic?.delimiters.repetition).toBe("^");
    const ref = ic?.groups[0]?.sets[0]?.segments.find((s) => s.id === "REF");
    expect(ref?.elements[1]?.repetitions).toEqual([["042"], ["043"]]);
    expect(ic?.groups.map((g) => g.functionalId)).toEqual(["PO", "SH"]);
    expect(ic?.groups[1]?.sets[0]?.id).toBe("856");
  });

  it("builds groups, sets and positions (ST = 1) and keeps trailers", () => {
    const [ic] = parseX12(interchange401()).interchanges;
    const set = ic?.groups[0]?.sets[0];
    expect(set?.header.position).toBe(1);
    expect(set?.segments[0]?.id).toBe("BEG");
    expect(set?.segments[0]?.position).toBe(2);
    expect(set?.trailer?.position).toBe(12);
    expect(el(set?.segments[0], 3)).toBe("PO12345");
    expect(el(ic?.trailer, 2)).toBe("000000101");
  });

  it.each([
    ["newline terminator", { element: "*", component: ">", segment: "\n" }, ""],
    ["CRLF after ~", { element: "*", component: ">", segment: "~" }, "\r\n"],
    ["pipe and colon", { element: "|", component: ":", segment: "~" }, "\n"],
    ["backtick component, ^ element", { element: "^", component: "`", segment: "~" }, ""],
  ])("tolerates %s", (_name, d, lineBreak) => {
    const doc = redelimit(interchange401(), d, lineBreak);
    const [ic] = parseX12(doc).interchanges;
    expect(ic?.delimiters.element).toBe(d.element);
    expect(ic?.delimiters.segment).toBe(d.segment);
    expect(ic?.groups[0]?.sets[0]?.segments.map((s) => s.id)).toContain("CTT");
    expect(ic?.groups[0]?.sets[0]?.trailer?.id).toBe("SE");
    expect(ic?.truncated).toBe(false);
  });

  it("tolerates pretty-printed files (indentation and blank lines)", () => {
    const pretty = interchange401().replace(/~/g, "~\n    \n  ");
    const [ic] = parseX12(`\n  ${pretty}`).interchanges;
    expect(ic?.groups[0]?.sets[0]?.segments).toHaveLength(10);
    expect(ic?.trailer?.id).toBe("IEA");
  });

  it("reads several interchanges from one file, each with its own delimiters", () => {
    const second = redelimit(interchange501(), { element: "|", component: ":", repetition: "`", segment: "\n" });
    const file = parseX12(`${interchange401()}\r\n${second}`);
    expect(file.interchanges).toHaveLength(2);
    expect(file.interchanges[1]?.delimiters).toEqual({ element: "|", component: ":", repetition: "`", segment: "\n" });
    expect(file.interchanges[1]?.groups).toHaveLength(2);
  });

  it("throws a typed error only for text that is not X12", () => {
    expect(() => parseX12("hello")).toThrow(X12ParseError);
    expect(() => parseX12(ISA_00401.slice(0, 50))).toThrow(expect.objectContaining({ code: "BAD_ISA" }));
  });

  it("marks a file cut inside the last segment as truncated", () => {
    const doc = interchange401();
    const [ic] = parseX12(doc.slice(0, doc.length - 20)).interchanges;
    expect(ic?.truncated).toBe(true);
    expect(ic?.trailer).toBeUndefined();
  });
});
