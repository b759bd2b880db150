import { describe, expect, it } from "vitest";
import {
  addQuantities,
  baseQuantity,
  convertQuantity,
  decimalPlaces,
  divideHalfEven,
  formatScaled,
  parseDecimal,
  positiveQuantitySchema,
  quantitySchema,
  rateSchema,
  subtractQuantities,
} from "../src";

describe("decimals and quantities", () => {
  it("parses strings and numbers into exact scaled integers", () => {
    expect(parseDecimal("19.99")).toEqual({ units: 1999n, scale: 2 });
    expect(parseDecimal("2.50")).toEqual({ units: 25n, scale: 1 });
    expect(parseDecimal(-0.5)).toEqual({ units: -5n, scale: 1 });
    expect(parseDecimal(".5")).toEqual({ units: 5n, scale: 1 });
    expect(parseDecimal(1e-7)).toEqual({ units: 1n, scale: 7 });
    expect(parseDecimal(1.5e21)).toEqual({ units: 1_500_000_000_000_000_000_000n, scale: 0 });
    for (const bad of ["", "1,5", "abc", "1.2.3", "1e999999999", Number.NaN, Number.POSITIVE_INFINITY]) expect(() => parseDecimal(bad)).toThrow();
  });

  it("rounds half to even", () => {
    expect([25n, 35n, -25n, -35n, 26n, 24n].map((n) => divideHalfEven(n, 10n))).toEqual([2n, 4n, -2n, -4n, 3n, 2n]);
    expect(formatScaled(-5n, 2)).toBe("-0.05");
    expect(formatScaled(123n, 0)).toBe("123");
  });

  it("limits quantities to 6 decimal places, catching float drift", () => {
    expect(quantitySchema.safeParse(2.5).success).toBe(true);
    expect(quantitySchema.safeParse(0.000001).success).toBe(true);
    expect(decimalPlaces(0.1 + 0.2)).toBe(17);
    expect(quantitySchema.safeParse(0.1 + 0.2).error?.issues[0]?.message).toMatch(/6 decimal places/);
    expect(positiveQuantitySchema.safeParse(0).success).toBe(false);
    expect(positiveQuantitySchema.safeParse(-1).success).toBe(false);
    expect(quantitySchema.safeParse("2").success).toBe(false);
  });

  it("does quantity arithmetic exactly", () => {
    expect(addQuantities(0.1, 0.2)).toBe(0.3);
    expect(subtractQuantities(10.1, 0.3)).toBe(9.8);
    expect(baseQuantity(2, 12)).toBe(24);
    expect(baseQuantity(0.5, 2.5)).toBe(1.25);
    expect(baseQuantity(3)).toBe(3);
    expect(convertQuantity(24, 1, 12)).toBe(2);
    expect(convertQuantity(1, 1, 3)).toBe(0.333333);
    expect(convertQuantity(2, 12, 6)).toBe(4);
  });

  it("takes rates as fraction strings", () => {
    expect(rateSchema.safeParse("0.0825").success).toBe(true);
    expect(rateSchema.safeParse("1").success).toBe(true);
    expect(rateSchema.safeParse("8.25").error?.issues[0]?.message).toMatch(/fraction/);
    expect(rateSchema.safeParse(0.0825).success).toBe(false);
    expect(rateSchema.safeParse("8.25%").error?.issues).toHaveLength(1);
  });
});
