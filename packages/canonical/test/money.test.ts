import { describe, expect, it } from "vitest";
import {
  type Money,
  addMoney,
  currencyFractionDigits,
  formatMoney,
  moneyFromDecimal,
  moneySchema,
  multiplyMoney,
  negateMoney,
  salesOrderSchema,
  sampleSalesOrder,
  subtractMoney,
  sumMoney,
  toMinorUnits,
} from "../src";

const usd = (amountMinor: number): Money => ({ amountMinor, currency: "USD" });

describe("money", () => {
  it("parses decimals exactly", () => {
    expect(toMinorUnits("19.99")).toBe(1999);
    expect(toMinorUnits("0.1")).toBe(10);
    expect(toMinorUnits("-3.05")).toBe(-305);
    expect(toMinorUnits("1500", 0)).toBe(1500);
    expect(toMinorUnits("1.234", 3)).toBe(1234);
  });

  it("sums without floating point drift", () => {
    const total = ["0.1", "0.2"].map((d) => ({ amountMinor: toMinorUnits(d), currency: "USD" })).reduce(addMoney);
    expect(total.amountMinor).toBe(30);
    expect(formatMoney(total)).toBe("0.30");
    // A thousand dimes are exactly 100.00, where a float sum would not be.
    expect(sumMoney(Array.from({ length: 1000 }, () => moneyFromDecimal(0.1, "USD")))).toEqual(usd(10000));
  });

  it("rejects currency mixes and over-precise amounts", () => {
    expect(() => addMoney({ amountMinor: 1, currency: "USD" }, { amountMinor: 1, currency: "EUR" })).toThrow(/USD/);
    expect(() => toMinorUnits("1.234")).toThrow(/decimal places/);
    expect(() => toMinorUnits("12,50")).toThrow(/not a decimal amount/);
    expect(() => subtractMoney(usd(1), { amountMinor: 1, currency: "EUR" })).toThrow(/EUR/);
    expect(() => sumMoney([usd(1), { amountMinor: 1, currency: "CAD" }])).toThrow(/CAD/);
  });

  it("validates a sales order and names the failing field", () => {
    const order = structuredClone(sampleSalesOrder);
    order.lines[0]!.sku = "";
    const result = salesOrderSchema.safeParse(order);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["lines", 0, "sku"]);
  });

  it("subtracts, negates and sums, including the empty list", () => {
    expect(subtractMoney(usd(1000), usd(1999))).toEqual(usd(-999));
    expect(negateMoney(usd(5))).toEqual(usd(-5));
    expect(negateMoney(usd(0)).amountMinor).toBe(0); // never -0: it would serialise oddly and fail toEqual
    expect(sumMoney([], "USD")).toEqual(usd(0));
    expect(() => sumMoney([])).toThrow(/currency/);
  });

  it("multiplies with half-even rounding", () => {
    // Exact ties go to the even neighbour, in both directions.
    expect(multiplyMoney(usd(5), "0.5")).toEqual(usd(2)); // 2.5 → 2
    expect(multiplyMoney(usd(7), "0.5")).toEqual(usd(4)); // 3.5 → 4
    expect(multiplyMoney(usd(-5), "0.5")).toEqual(usd(-2));
    expect(multiplyMoney(usd(-7), 0.5)).toEqual(usd(-4));
    // Non-ties round to nearest.
    expect(multiplyMoney(usd(1), "2.675")).toEqual(usd(3));
    expect(multiplyMoney(usd(1999), 3)).toEqual(usd(5997));
    // 8.25 % tax on 35.98: 2.96835 → 2.97.
    expect(multiplyMoney(usd(3598), "0.0825")).toEqual(usd(297));
    // Quantities as numbers are read as the decimal written: 0.1 is exactly a tenth.
    expect(multiplyMoney(usd(1000), 0.1)).toEqual(usd(100));
    expect(multiplyMoney(usd(1999), 2.5)).toEqual(usd(4998)); // 4997.5 → 4998 (even)
    expect(multiplyMoney(usd(1997), 2.5)).toEqual(usd(4992)); // 4992.5 → 4992 (even)
  });

  it("converts decimals to money half-even at the currency's precision (2.675 × 1)", () => {
    // Float: 2.675 is 2.67499999… in binary, so toFixed says 2.67 (and 1.005 → "1.00").
    expect((2.675).toFixed(2)).toBe("2.67");
    expect(moneyFromDecimal(1.005, "USD")).toEqual(usd(100)); // tie, 0 even → 1.00, but for the right reason
    expect(moneyFromDecimal(1.015, "USD")).toEqual(usd(102)); // tie, 1 odd → 1.02 (toFixed says 1.01)
    expect(moneyFromDecimal(2.675, "USD")).toEqual(usd(268));
    expect(moneyFromDecimal("2.675", "USD")).toEqual(usd(268)); // tie, 7 odd → 8
    expect(moneyFromDecimal("2.665", "USD")).toEqual(usd(266)); // tie, 6 even → stays
    expect(moneyFromDecimal("2.6751", "USD")).toEqual(usd(268));
    expect(moneyFromDecimal("-2.675", "USD")).toEqual(usd(-268));
    expect(moneyFromDecimal("1234.5", "JPY")).toEqual({ amountMinor: 1234, currency: "JPY" });
    expect(moneyFromDecimal("1.2345", "KWD")).toEqual({ amountMinor: 1234, currency: "KWD" });
  });

  it("stays exact for large values and refuses to overflow", () => {
    const big = usd(5_000_000_000_000_000); // 50 trillion dollars; 2^53 cents is about 90 trillion
    // The intermediate product (≈ 9e22) is far beyond 2^53; BigInt keeps it exact.
    expect(multiplyMoney(usd(9_000_000_000_000), "1.0000001")).toEqual(usd(9_000_000_900_000));
    expect(multiplyMoney(usd(123_456_789_012), "0.0725")).toEqual(usd(8_950_617_203)); // 8950617203.37 → …203
    expect(() => multiplyMoney(big, 2)).toThrow(/safe integer/);
    expect(() => addMoney(usd(Number.MAX_SAFE_INTEGER), usd(1))).toThrow(/safe integer/);
    expect(formatMoney(usd(Number.MAX_SAFE_INTEGER))).toBe("90071992547409.91");
    expect(sumMoney([usd(Number.MAX_SAFE_INTEGER), usd(-1), usd(-Number.MAX_SAFE_INTEGER)])).toEqual(usd(-1));
  });

  it("formats as a decimal string with the currency's places", () => {
    expect(formatMoney(usd(1999))).toBe("19.99");
    expect(formatMoney(usd(-5))).toBe("-0.05");
    expect(formatMoney(usd(0))).toBe("0.00");
    expect(formatMoney(usd(100000))).toBe("1000.00");
    expect(formatMoney({ amountMinor: 1500, currency: "JPY" })).toBe("1500");
    expect(formatMoney({ amountMinor: 1234, currency: "KWD" })).toBe("1.234");
    expect(formatMoney(usd(1999), { withCurrency: true })).toBe("19.99 USD");
    expect(currencyFractionDigits("EUR")).toBe(2);
    for (const m of [usd(1), usd(-123456), { amountMinor: 7, currency: "KWD" }]) {
      expect(toMinorUnits(formatMoney(m), currencyFractionDigits(m.currency))).toBe(m.amountMinor);
    }
  });

  it("schema rejects fractional minor units and bad currency codes", () => {
    expect(moneySchema.safeParse({ amountMinor: 19.99, currency: "USD" }).error?.issues[0]?.path).toEqual(["amountMinor"]);
    expect(moneySchema.safeParse({ amountMinor: 1999, currency: "usd" }).error?.issues[0]?.path).toEqual(["currency"]);
    expect(moneySchema.safeParse({ amountMinor: 2 ** 60, currency: "USD" }).success).toBe(false);
  });
});
