import { describe, expect, it } from "vitest";
import { addMoney, salesOrderSchema, toMinorUnits } from "../src";

describe("money", () => {
  it("parses decimals exactly", () => {
    expect(toMinorUnits("19.99")).toBe(1999);
    expect(toMinorUnits("0.1")).toBe(10);
    expect(toMinorUnits("-3.05")).toBe(-305);
  });

  it("sums without floating point drift", () => {
    const total = ["0.1", "0.2"].map((d) => ({ amountMinor: toMinorUnits(d), currency: "USD" })).reduce(addMoney);
    expect(total.amountMinor).toBe(30);
  });

  it("rejects currency mixes and over-precise amounts", () => {
    expect(() => addMoney({ amountMinor: 1, currency: "USD" }, { amountMinor: 1, currency: "EUR" })).toThrow(/USD/);
    expect(() => toMinorUnits("1.234")).toThrow(/decimal places/);
  });

  it("validates a sales order and names the failing field", () => {
    const result = salesOrderSchema.safeParse({ externalId: "x", channel: "shopify", lines: [{ sku: "", quantity: 1, unitPrice: { amountMinor: 1, currency: "USD" } }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["lines", 0, "sku"]);
  });
});
