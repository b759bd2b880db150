import { describe, expect, it } from "vitest";
import {
  formatIssue, parseX12, readTransactionSet, validateX12, writeTransactionSet, X12_DOCUMENT_JSON_SCHEMAS, X12_DOCUMENT_SCHEMAS, X12GenerateError,
  X12ReadError, type Delimiters, type X12Document,
} from "../src/index.js";
import { envelope, SAMPLES } from "./set-samples.js";

const D401: Delimiters = { element: "*", component: ">", segment: "~" };
const D501: Delimiters = { element: "|", component: ":", repetition: "^", segment: "~" };

function readBack(text: string): X12Document[] {
  const parsed = parseX12(text);
  const result = validateX12(parsed);
  expect(result.issues.map(formatIssue)).toEqual([]);
  const ic = parsed.interchanges[0];
  if (!ic) throw new Error("no interchange");
  return ic.groups.flatMap((g) => g.sets.map((s) => readTransactionSet(s, ic.delimiters)));
}

describe("typed JSON per transaction set", () => {
  it.each(SAMPLES.map((doc) => [doc.set, doc] as const))("%s: written → generateX12 → parseX12 → validateX12 clean → read deep-equals the input (004010 and 005010)", (_set, doc) => {
    expect(X12_DOCUMENT_SCHEMAS[doc.set].parse(doc)).toEqual(doc);
    for (const d of [D401, D501]) expect(readBack(envelope([doc], d))).toStrictEqual([doc]);
  });

  it("publishes a JSON Schema per set with the analyst-readable fields", () => {
    const po = X12_DOCUMENT_JSON_SCHEMAS["850"] as { properties: Record<string, unknown>; required: string[] };
    expect(po.required).toEqual(expect.arrayContaining(["set", "purpose", "poNumber", "poDate", "lines"]));
    expect(Object.keys(X12_DOCUMENT_JSON_SCHEMAS).sort()).toEqual(["810", "846", "850", "855", "856", "940", "945", "997"]);
  });

  it("a set without typed JSON, or a document that breaks its schema, fails clearly", () => {
    const ic = parseX12(envelope([SAMPLES[0]], D401).replace(/ST\*850/, "ST*875")).interchanges[0];
    expect(() => readTransactionSet(ic!.groups[0]!.sets[0]!)).toThrow(X12ReadError);
    expect(() => writeTransactionSet({ ...SAMPLES[0], poDate: "18.03.2025" })).toThrow(/poDate/);
    expect(() => writeTransactionSet({ ...SAMPLES[0], lines: [{ ...SAMPLES[0].lines[0]!, description: "a*b" }] } as X12Document)).not.toThrow();
    expect(() => envelope([{ ...SAMPLES[0], lines: [{ ...SAMPLES[0].lines[0]!, description: "a*b" }] }], D401)).toThrow(X12GenerateError);
  });
});
