import { describe, expect, it } from "vitest";
import { completeGs1, externalIdsSchema, gs1CheckDigit, gtinSchema, isValidGtin, isValidSscc, skuSchema, ssccSchema, toGtin14 } from "../src";

describe("GS1 identifiers", () => {
  it("computes mod-10 check digits", () => {
    expect(gs1CheckDigit("03600029145")).toBe(2); // UPC-A 036000291452
    expect(gs1CheckDigit("400638133393")).toBe(1); // EAN-13 4006381333931
    expect(gs1CheckDigit("10614141123456789")).toBe(7); // GS1 General Specifications SSCC example
    expect(completeGs1("1008123450002")).toBe("10081234500020");
    expect(() => gs1CheckDigit("12a")).toThrow(/digits/);
  });

  it("validates GTIN-8/12/13/14 and SSCC-18", () => {
    for (const code of ["036000291452", "4006381333931", "10081234500020", "96385074"]) expect(isValidGtin(code)).toBe(true);
    expect(isValidGtin("036000291453")).toBe(false); // wrong check digit
    expect(isValidGtin("36000291452")).toBe(false); // leading zero lost (11 digits)
    expect(isValidSscc("000812345000000016")).toBe(true);
    expect(isValidSscc("000812345000000017")).toBe(false);
    expect(isValidSscc("036000291452")).toBe(false);
    expect(toGtin14("036000291452")).toBe("00036000291452");
  });

  it("reports one clear issue per mistake", () => {
    const wrongDigit = gtinSchema.safeParse("036000291453");
    expect(wrongDigit.error?.issues.map((i) => i.message)).toEqual(["GS1 check digit is wrong"]);
    const wrongLength = gtinSchema.safeParse("36000291452");
    expect(wrongLength.error?.issues).toHaveLength(1);
    expect(wrongLength.error?.issues[0]?.message).toMatch(/leading zeros/);
    // A numeric GTIN (the JSON producer dropped the quotes) is a type error, not a silent coercion.
    expect(gtinSchema.safeParse(36000291452).success).toBe(false);
    expect(ssccSchema.safeParse("00000812345000000016").error?.issues[0]?.message).toMatch(/18 digits/); // "(00)" AI left in
  });

  it("keeps SKUs exact and external ids unique", () => {
    expect(skuSchema.safeParse("WID-100 ").success).toBe(false);
    expect(skuSchema.safeParse("WID 100").success).toBe(true);
    const ids = externalIdsSchema.safeParse([
      { system: "shopify", id: "1" },
      { system: "netsuite", id: "1" },
      { system: "shopify", id: "1" },
    ]);
    expect(ids.error?.issues[0]?.path).toEqual([2]);
    expect(externalIdsSchema.parse(undefined)).toEqual([]);
  });
});
