import { describe, expect, it } from "vitest";
import { failure, run } from "../helpers";

describe("GTIN", () => {
  it("computes GS1 check digits", async () => {
    expect(await run('$gtinCheckDigit("03600029145")')).toBe("2");
    expect(await run('$gtinCheckDigit("400638133393")')).toBe("1");
    expect(await run('$gtinCheckDigit("9638507")')).toBe("4");
    expect(await run("$gtinCheckDigit(3600029145)")).toBe("2");
    expect((await failure('$gtinCheckDigit("12A")')).message).toContain("must contain only digits");
    expect((await failure('$gtinCheckDigit("123456789012345678")')).message).toContain("at most 17 digits");
  });

  it("validates GTIN-8, UPC-A, EAN-13 and GTIN-14, never failing", async () => {
    expect(await run('$isValidGtin("96385074")')).toBe(true);
    expect(await run('$isValidGtin("0 36000 29145 2")')).toBe(true);
    expect(await run('$isValidGtin("4006381333931")')).toBe(true);
    expect(await run('$isValidGtin("10036000291459")')).toBe(true);
    expect(await run("$isValidGtin(36000291452)")).toBe(true); // a number that lost its leading zero
    expect(await run('$isValidGtin("4006381333932")')).toBe(false);
    expect(await run('$isValidGtin("12345")')).toBe(false);
    expect(await run('$isValidGtin("ABC")')).toBe(false);
    expect(await run("$isValidGtin(missing)", {})).toBe(false);
    expect(await run('$isValidGtin({"a": 1})')).toBe(false);
  });

  it("normalizes to the requested length with leading zeros", async () => {
    expect(await run('$normalizeGtin("036000291452")')).toBe("00036000291452");
    expect(await run('$normalizeGtin("00036000291452", 12)')).toBe("036000291452");
    expect(await run('$normalizeGtin("96385074", 13)')).toBe("0000096385074");
    expect(await run("$normalizeGtin(36000291452, 12)")).toBe("036000291452");
  });

  it("refuses a wrong check digit, a bad length, or losing digits", async () => {
    const err = await failure('$normalizeGtin("036000291453")');
    expect(err.message).toContain("its check digit is 3 but should be 2");
    expect(err.token).toBe("normalizeGtin");
    expect((await failure('$normalizeGtin("4006381333931", 12)')).message).toContain("without losing its leading 4");
    expect((await failure('$normalizeGtin("036000291452", 10)')).message).toContain("must be 8, 12, 13 or 14");
    expect((await failure('$normalizeGtin("1234567890")')).message).toContain("has 10");
  });
});

describe("$normalizeSku", () => {
  it("trims, upper-cases and turns runs of spaces and dashes into one dash", async () => {
    expect(await run('$normalizeSku(" ab 12 ")')).toBe("AB-12");
    expect(await run('$normalizeSku("ab - 12--x")')).toBe("AB-12-X");
    expect(await run('$normalizeSku("-ab_12.v2-")')).toBe("AB_12.V2");
    expect(await run("$normalizeSku(1001)")).toBe("1001");
    expect(await run("$normalizeSku(sku)", {})).toBeUndefined();
  });
});

describe("SSCC", () => {
  it("computes the check digit and builds 18-digit codes", async () => {
    expect(await run('$ssccCheckDigit("10614141123456789")')).toBe("7");
    expect(await run('$makeSscc(0, "0614141", "42")')).toBe("006141410000000425");
    expect(await run('$makeSscc(3, "012345678901", 1)')).toMatch(/^3012345678901000\d\d$/);
  });

  it("fails on wrong lengths and digits", async () => {
    expect((await failure('$ssccCheckDigit("123")')).message).toContain("has 17 digits, got 3");
    expect((await failure('$makeSscc(10, "0614141", 1)')).message).toContain("between 0 and 9");
    expect((await failure('$makeSscc(1, 614141, 1)')).message).toContain("must be text");
    expect((await failure('$makeSscc(1, "0614141", 1234567890)')).message).toContain("at most 9 digits, got 10");
  });
});
