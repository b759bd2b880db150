import { describe, expect, it } from "vitest";
import { failure, run } from "../helpers";

describe("$money", () => {
  it("gives exact decimal text, rounded half-even to the currency's minor units", async () => {
    expect(await run("$money(19.9)")).toBe("19.9");
    expect(await run('$money("19.9", "USD")')).toBe("19.90");
    expect(await run('$money(1.005, "USD")')).toBe("1.00");
    expect(await run('$money(1.015, "USD")')).toBe("1.02");
    expect(await run('$money("1234.5", "JPY")')).toBe("1234");
    expect(await run('$money("1.2345", "kwd")')).toBe("1.234");
    expect(await run('$money("-0.001", "USD")')).toBe("0.00");
    expect(await run("$money(1e-7)")).toBe("0.0000001");
  });

  it("refuses text that is not a plain decimal, and unknown currencies", async () => {
    expect((await failure('$money("$5")')).message).toContain('decimal text such as "19.99"');
    expect((await failure('$money("1,234.50")')).code).toBe("MAPPING_ARGUMENT");
    expect((await failure('$money("0x10")')).code).toBe("MAPPING_ARGUMENT");
    expect((await failure('$money(5, "XYZ")')).message).toContain('"XYZ" is not an ISO 4217 currency code');
  });
});

describe("money arithmetic", () => {
  it("adds and sums exactly, skipping missing values", async () => {
    expect(await run("$moneyAdd(0.1, 0.2)")).toBe("0.3");
    expect(await run('$moneyAdd("19.99", missing, ["0.01", "1"])', {})).toBe("21");
    expect(await run("$moneySum(lines.price)", { lines: [{ price: "0.1" }, { price: 0.2 }, {}] })).toBe("0.3");
    expect(await run("$moneySum(lines.price)", { lines: [{ price: "7.5" }] })).toBe("7.5");
    expect(await run("$moneySum([])")).toBe("0");
    expect(await run('$moneySum(["99999999999999999.99", "0.01"])')).toBe("100000000000000000");
  });

  it("subtracts and multiplies exactly, nothing when an operand is missing", async () => {
    expect(await run('$moneySub("0.3", 0.1)')).toBe("0.2");
    expect(await run('$moneySub("1", "2.50")')).toBe("-1.5");
    expect(await run('$moneyMul("19.99", 1.5)')).toBe("29.985");
    expect(await run('$moneyMul("0.1", 3)')).toBe("0.3");
    expect(await run('$moneyMul(price, 2)', {})).toBeUndefined();
    expect(await run('$moneySub("1", nothing)', {})).toBeUndefined();
  });

  it("rounds half-even by default, half-up and others on request", async () => {
    expect(await run('$moneyRound("2.675")')).toBe("2.68");
    expect(await run('$moneyRound("2.665")')).toBe("2.66");
    expect(await run('$moneyRound("2.665", 2, "half-up")')).toBe("2.67");
    expect(await run('$moneyRound("-2.665", 2, "half-up")')).toBe("-2.67");
    expect(await run("$moneyRound(2.5, 0)")).toBe("2");
    expect(await run('$moneyRound(2.5, 0, "half-up")')).toBe("3");
    expect(await run('$moneyRound("2.611", 2, "ceiling")')).toBe("2.62");
    expect(await run('$moneyRound("2.619", 2, "down")')).toBe("2.61");
    expect(await run('$moneyRound("3", 2)')).toBe("3.00");
    expect((await failure('$moneyRound("1", 2, "nearest")')).message).toContain("rounding mode must be one of half-even, half-up");
    expect((await failure('$moneyRound("1", -1)')).message).toContain("between 0 and 20");
  });
});

describe("minor units", () => {
  it("converts to and from minor units with the currency's exponent", async () => {
    expect(await run('$toMinor("19.99", "USD")')).toBe(1999);
    expect(await run('$toMinor(19.9, "USD")')).toBe(1990);
    expect(await run('$toMinor("-0.5", "EUR")')).toBe(-50);
    expect(await run('$toMinor(1500, "JPY")')).toBe(1500);
    expect(await run('$toMinor("1.234", "KWD")')).toBe(1234);
    expect(await run('$fromMinor(1999, "USD")')).toBe("19.99");
    expect(await run('$fromMinor(5, "USD")')).toBe("0.05");
    expect(await run('$fromMinor(1500, "JPY")')).toBe("1500");
    expect(await run('$fromMinor("1234", "KWD")')).toBe("1.234");
  });

  it("refuses amounts the currency cannot hold instead of rounding them away", async () => {
    const err = await failure('$toMinor("19.999", "USD")');
    expect(err.message).toContain("19.999 has more decimal places than USD allows (2); round it first with $moneyRound");
    expect((await failure('$toMinor("1.5", "JPY")')).code).toBe("MAPPING_ARGUMENT");
    expect((await failure('$toMinor("1e30", "USD")')).message).toContain("too large");
    expect((await failure('$fromMinor(1.5, "USD")')).message).toContain("whole number");
    expect((await failure('$toMinor(1, "dollars")')).message).toContain("not an ISO 4217 currency code");
  });
});
