import { describe, expect, it } from "vitest";
import { z } from "zod";
import { validateOutput } from "../src";

const salesOrder = z.object({
  externalId: z.string().min(1),
  customer: z.object({ email: z.string().email() }),
  lines: z.array(z.object({ sku: z.string().min(1), quantity: z.number().positive() })).min(1),
});

describe("validateOutput", () => {
  it("is empty for valid output", () => {
    expect(validateOutput(salesOrder, { externalId: "X", customer: { email: "a@b.co" }, lines: [{ sku: "A", quantity: 1 }] })).toEqual([]);
  });

  it("lists each problem by field path", () => {
    const issues = validateOutput(salesOrder, {
      externalId: "",
      customer: { email: "nope" },
      lines: [{ sku: "A", quantity: 1 }, { quantity: -2 }],
    });
    expect(issues.map((i) => i.path)).toEqual(["externalId", "customer.email", "lines.1.sku", "lines.1.quantity"]);
    expect(issues.find((i) => i.path === "lines.1.sku")?.message).toBe("Missing: expected string");
    expect(issues.find((i) => i.path === "lines.1.quantity")?.message).toMatch(/>0/);
  });

  it("uses an empty path for the whole output", () => {
    expect(validateOutput(salesOrder, "not an object")).toEqual([{ path: "", message: "Invalid input: expected object, received string" }]);
    expect(validateOutput(salesOrder, undefined)).toEqual([{ path: "", message: "Missing: expected object" }]);
  });
});
