import { describe, expect, it } from "vitest";
import { compileExpression, evaluateExpression, MappingError } from "../src";

describe("mapping engine", () => {
  it("evaluates JSONata against the input with bindings", async () => {
    const out = await evaluateExpression(
      "{ 'orderNo': $.name, 'total': $sum(lines.(qty * price)), 'run': $run.runId }",
      { name: "#1001", lines: [{ qty: 2, price: 5 }, { qty: 1, price: 3 }] },
      { bindings: { run: { runId: "r1" } } },
    );
    expect(out).toEqual({ orderNo: "#1001", total: 13, run: "r1" });
  });

  it("caches compiled expressions by text", () => {
    expect(compileExpression("$.a + 1")).toBe(compileExpression("$.a + 1"));
  });

  it("reports syntax errors with a position", async () => {
    const err = await evaluateExpression("{ 'a': }", {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MappingError);
    expect((err as MappingError).position).toBeTypeOf("number");
    expect((err as MappingError).message).toMatch(/position/);
  });
});
