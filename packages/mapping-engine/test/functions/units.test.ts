import { describe, expect, it } from "vitest";
import { failure, run } from "../helpers";

describe("$convertUom", () => {
  it("converts built-in weights and lengths exactly", async () => {
    expect(await run('$convertUom(1, "lb", "kg")')).toBe(0.45359237);
    expect(await run('$convertUom(16, "oz", "lb")')).toBe(1);
    expect(await run('$convertUom(1, "kg", "lb")')).toBe(2.2046226218487757);
    expect(await run('$convertUom(1500, "g", "kg")')).toBe(1.5);
    expect(await run('$convertUom(1, "in", "cm")')).toBe(2.54);
    expect(await run('$convertUom("0.3", "m", "cm")')).toBe(30);
    expect(await run('$convertUom(12, "IN", "FT")')).toBe(1);
  });

  it("uses the item's packaging conversions, with EA as the base", async () => {
    const cs = '[{"uom": "CS", "unitsPerUom": 12}, {"uom": "PK", "unitsPerUom": "6"}]';
    expect(await run(`$convertUom(2, "CS", "EA", ${cs})`)).toBe(24);
    expect(await run(`$convertUom(36, "ea", "cs", ${cs})`)).toBe(3);
    expect(await run(`$convertUom(3, "PK", "CS", ${cs})`)).toBe(1.5);
    expect(await run('$convertUom(5, "PAL", "PAL")')).toBe(5);
  });

  it("gives nothing for a missing quantity", async () => {
    expect(await run('$convertUom(qty, "kg", "lb")', {})).toBeUndefined();
  });

  it("fails on unknown units, mixed dimensions and bad conversions", async () => {
    const unknown = await failure('$convertUom(1, "CS", "EA")');
    expect(unknown.code).toBe("MAPPING_ARGUMENT");
    expect(unknown.message).toContain('unknown unit "CS"');
    expect((await failure('$convertUom(1, "kg", "m")')).message).toContain("cannot convert kg (weight) to m (length)");
    expect((await failure('$convertUom(1, "CS", "EA", [{"uom": "CS", "unitsPerUom": 0}])')).message).toContain("greater than 0");
    expect((await failure('$convertUom(1, "CS", "EA", [{"unit": "CS"}])')).message).toContain("each conversion must look like");
    expect((await failure('$convertUom("ten", "kg", "lb")')).message).toContain("the quantity must be a number");
  });
});
