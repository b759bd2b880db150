import { describe, expect, it } from "vitest";
import { clearExpressionCache, compileExpression, evaluateExpression, EXPRESSION_CACHE_LIMIT, MappingError } from "../src";

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

  it("normalises the output to plain JSON", async () => {
    const out = await evaluateExpression("{ 'skus': lines.sku, 'fn': function($x) { $x }, 'none': missing }", { lines: [{ sku: "A" }, { sku: "B" }] });
    expect(out).toEqual({ skus: ["A", "B"] });
    expect(Object.getPrototypeOf((out as { skus: unknown[] }).skus)).toBe(Array.prototype);
    expect(await evaluateExpression("missing", {})).toBeUndefined();
  });

  it("registers the library on every expression; caller bindings take precedence", async () => {
    expect(await evaluateExpression('$padLeft("1", 3, "0")', {})).toBe("001");
    expect(await evaluateExpression('$padLeft("1", 3, "0")', {}, { bindings: { padLeft: () => "mine" } })).toBe("mine");
    // The caller's binding did not leak into the shared compiled expression.
    expect(await evaluateExpression('$padLeft("1", 3, "0")', {})).toBe("001");
  });
});

describe("compiled-expression cache", () => {
  it("evicts the least recently used expression beyond its limit", () => {
    clearExpressionCache();
    const first = compileExpression("1");
    const second = compileExpression("2");
    expect(compileExpression("1")).toBe(first); // now the most recently used
    for (let i = 0; i < EXPRESSION_CACHE_LIMIT - 1; i++) compileExpression(`${i} + 1000`);
    expect(compileExpression("1")).toBe(first);
    expect(compileExpression("2")).not.toBe(second);
  });

  it("does not cache expressions that fail to compile", () => {
    clearExpressionCache();
    expect(() => compileExpression("(")).toThrow(MappingError);
    expect(() => compileExpression("(")).toThrow(MappingError);
  });
});
