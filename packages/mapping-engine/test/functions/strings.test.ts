import { describe, expect, it } from "vitest";
import { failure, run } from "../helpers";

describe("$padLeft / $padRight", () => {
  it("pads to the width, leaving longer text alone", async () => {
    expect(await run('$padLeft("7", 3, "0")')).toBe("007");
    expect(await run('$padLeft("ABC", 5)')).toBe("  ABC");
    expect(await run('$padRight("ABC", 5)')).toBe("ABC  ");
    expect(await run('$padRight(12.5, 6, "*")')).toBe("12.5**");
    expect(await run('$padLeft("ABCDEF", 3, "0")')).toBe("ABCDEF");
    expect(await run('$padLeft(nothing, 3, "0")', {})).toBeUndefined();
  });

  it("fails on a bad width or padding character", async () => {
    expect((await failure('$padLeft("A", 3, "00")')).message).toContain("exactly one character");
    expect((await failure('$padLeft("A", -1)')).message).toContain("between 0 and 100000");
    expect((await failure('$padLeft("A", 1e9)')).message).toContain("between 0 and 100000");
    expect((await failure('$padRight("A", "wide")')).message).toContain("must be a whole number");
    expect((await failure('$padRight({"a": 1}, 3)')).message).toContain("the value must be text, but it is an object");
  });
});

describe("$truncate", () => {
  it("keeps the first characters, never splitting one", async () => {
    expect(await run('$truncate("ABCDEF", 3)')).toBe("ABC");
    expect(await run('$truncate("AB", 3)')).toBe("AB");
    expect(await run('$truncate("a😀b", 2)')).toBe("a😀");
    expect(await run('$truncate("ABC", 0)')).toBe("");
    expect((await failure('$truncate("ABC", -1)')).code).toBe("MAPPING_ARGUMENT");
  });
});

describe("$ediSafe", () => {
  it("strips X12 delimiters and control characters", async () => {
    expect(await run('$ediSafe("A*B~C:D^E")')).toBe("ABCDE");
    expect(await run('$ediSafe("Line 1\\r\\nLine 2\\tEnd")')).toBe("Line 1 Line 2 End");
    expect(await run('$ediSafe("bell\\u0007 here")')).toBe("bell here");
    expect(await run('$ediSafe("  a  *  b  ")')).toBe("a b");
    expect(await run('$ediSafe("a|b>c~d", "|>")')).toBe("abc~d");
    expect(await run("$ediSafe(123)")).toBe("123");
  });
});
