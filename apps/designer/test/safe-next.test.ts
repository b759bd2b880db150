import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_NEXT, safeNext } from "../src/lib/safe-next";

// `next` after sign-in: what URLSearchParams.get hands the sign-in form (one level of
// percent-decoding done) must never take the browser to another site.
const ORIGIN = "https://designer.example.com";
const nextParam = (raw: string) => new URLSearchParams(`next=${raw}`).get("next");

describe("safeNext", () => {
  it.each([
    ["/%5Cevil.example", "backslash, percent-encoded"],
    ["/\\evil.example", "backslash"],
    ["\\\\evil.example", "two backslashes"],
    ["//evil.example", "protocol-relative"],
    ["//evil.example/flows", "protocol-relative with a path"],
    ["https://evil.example", "absolute URL"],
    ["https:evil.example", "scheme without slashes"],
    ["javascript:alert(1)", "script URL"],
    ["/%09/evil.example", "tab, percent-encoded"],
    ["/%0A/evil.example", "newline, percent-encoded"],
    ["/%0D%0A/evil.example", "CRLF, percent-encoded"],
    ["%2F%2Fevil.example", "slashes, percent-encoded"],
    ["///evil.example", "triple slash"],
    ["/\t/evil.example", "literal tab"],
    [" //evil.example", "leading space"],
    ["evil.example", "no leading slash"],
  ])("refuses %s (%s)", (raw) => {
    expect(safeNext(nextParam(raw))).toBe(DEFAULT_NEXT);
  });

  it("refuses a missing or empty value", () => {
    expect(safeNext(null)).toBe(DEFAULT_NEXT);
    expect(safeNext("")).toBe(DEFAULT_NEXT);
  });

  it.each([
    ["/flows", "/flows"],
    ["/flows/0b5c?tab=versions#top", "/flows/0b5c?tab=versions#top"],
    ["/runs?status=failed&flow=a%2Fb", "/runs?status=failed&flow=a%2Fb"],
    ["/flows/../users", "/users"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ])("keeps the same-site path %s", (value, expected) => {
    expect(safeNext(value)).toBe(expected);
  });

  it("whatever it is given, the browser stays on this site", () => {
    const hostile = fc.constantFrom("/", "//", "\\", "%5C", "\t", "\n", "\r", ":", "@", "evil.example", "https:", ".", "..", "?", "#", "%2F", " ", "\u0000");
    const value = fc.oneof(fc.string(), fc.array(hostile, { maxLength: 8 }).map((parts) => parts.join("")));
    fc.assert(
      fc.property(value, (raw) => {
        const target = new URL(safeNext(raw), ORIGIN);
        expect(target.origin).toBe(ORIGIN);
      }),
      { seed: 13, numRuns: 2000 },
    );
  });
});
