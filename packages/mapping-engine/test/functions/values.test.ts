import { describe, expect, it } from "vitest";
import { run } from "../helpers";

describe("$coalesce", () => {
  it("returns the first value that is not missing, null or empty text", async () => {
    expect(await run('$coalesce(a, b, c)', { a: null, b: "", c: "C" })).toBe("C");
    expect(await run("$coalesce(a, b)", { a: 0, b: 1 })).toBe(0);
    expect(await run("$coalesce(a, b)", { a: false, b: true })).toBe(false);
    expect(await run('{ "x": $coalesce(a, b) }', {})).toEqual({});
  });
});

describe("$default", () => {
  it("replaces missing and null only", async () => {
    expect(await run('$default(a, "d")', {})).toBe("d");
    expect(await run('$default(a, "d")', { a: null })).toBe("d");
    expect(await run('$default(a, "d")', { a: "" })).toBe("");
    expect(await run('$default(a, "d")', { a: 0 })).toBe(0);
  });
});

describe("$toNumberSafe", () => {
  it("converts numbers and plain decimal text, else gives the fallback", async () => {
    expect(await run("$toNumberSafe(a)", { a: " 12.5 " })).toBe(12.5);
    expect(await run("$toNumberSafe(a)", { a: "-3" })).toBe(-3);
    expect(await run("$toNumberSafe(a)", { a: "1e3" })).toBe(1000);
    expect(await run("$toNumberSafe(a)", { a: 7 })).toBe(7);
    expect(await run("$toNumberSafe(a, 0)", { a: "0x1F" })).toBe(0);
    expect(await run("$toNumberSafe(a, 0)", { a: "Infinity" })).toBe(0);
    expect(await run("$toNumberSafe(a, 0)", { a: "  " })).toBe(0);
    expect(await run("$toNumberSafe(a, 0)", { a: true })).toBe(0);
    expect(await run("$toNumberSafe(a, -1)", {})).toBe(-1);
    expect(await run('{ "n": $toNumberSafe("abc") }')).toEqual({});
  });
});

describe("$ensureArray", () => {
  it("always gives a list, even for a single match", async () => {
    expect(await run("$ensureArray(lines)", { lines: { sku: "A" } })).toEqual([{ sku: "A" }]);
    expect(await run("$ensureArray(lines)", { lines: [{ sku: "A" }, { sku: "B" }] })).toEqual([{ sku: "A" }, { sku: "B" }]);
    expect(await run("$ensureArray(lines)", {})).toEqual([]);
    // Without it JSONata collapses a single match to the item itself.
    const input = { lines: [{ sku: "A" }, { sku: "B" }] };
    expect(await run('{ "skus": lines[sku = "A"].sku }', input)).toEqual({ skus: "A" });
    expect(await run('{ "skus": $ensureArray(lines[sku = "A"].sku) }', input)).toEqual({ skus: ["A"] });
  });
});
