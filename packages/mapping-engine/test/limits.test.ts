import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_DEPTH, evaluateExpression, MappingError } from "../src";
import { failure, run } from "./helpers";

const INFINITE_TAIL = "($f := function($x){ $f($x) }; $f(1))";
const INFINITE = "($f := function($x){ 1 + $f($x) }; $f(1))";
const COUNT_DOWN = "($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(n))";
/**
 * Ten million small steps (about 20 s of work) in small ranges: a single range of
 * a million items would be one uninterruptible step of ~150 ms that no limit can split.
 */
const LONG_LOOP = "$sum([1..1000].($sum([1..10000].($ * 2))))";

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const start = performance.now();
  try {
    const value = await work();
    return { ms: performance.now() - start, value };
  } catch (error) {
    return { ms: performance.now() - start, error };
  }
}

describe("recursion depth limit", () => {
  it("stops an endless tail recursion quickly with MAPPING_DEPTH", async () => {
    const { ms, error } = await timed(() => evaluateExpression(INFINITE_TAIL, {}));
    expect(error).toBeInstanceOf(MappingError);
    expect((error as MappingError).code).toBe("MAPPING_DEPTH");
    expect((error as MappingError).message).toMatch(/^The mapping nested deeper than 3000 levels; .* at position \d+$/);
    expect((error as MappingError).position).toBeTypeOf("number");
    // Endless without the limit; the bound is loose so a saturated machine does not fail it.
    expect(ms).toBeLessThan(5000);
  });

  it("stops an endless non-tail recursion with MAPPING_DEPTH", async () => {
    expect((await failure(INFINITE)).code).toBe("MAPPING_DEPTH");
  });

  it("lets legitimate recursion through, and is configurable per evaluation", async () => {
    expect(await run(COUNT_DOWN, { n: 300 })).toBe(300);
    expect(DEFAULT_MAX_DEPTH).toBe(3000);
    expect((await failure(COUNT_DOWN, { n: 300 }, { maxDepth: 200 })).code).toBe("MAPPING_DEPTH");
    expect(await run(COUNT_DOWN, { n: 2000 }, { maxDepth: 10_000 })).toBe(2000);
    // Tail calls run as ordinary calls (see disableTailCalls) and still compute the same result.
    expect(await run("($total := function($n, $acc){ $n = 0 ? $acc : $total($n - 1, $acc + $n) }; $total(100, 0))")).toBe(5050);
  });

  it("applies inside $eval too", async () => {
    expect((await failure(`$eval('${INFINITE}')`)).code).toBe("MAPPING_DEPTH");
  });
});

describe("time limit", () => {
  it("stops a long loop with MAPPING_TIMEOUT within the limit plus a small margin", async () => {
    const { ms, error } = await timed(() => evaluateExpression(LONG_LOOP, {}, { timeoutMs: 200 }));
    expect((error as MappingError).code).toBe("MAPPING_TIMEOUT");
    // The step that notices the deadline names its position; when the backstop timer
    // fires first (a busy machine delays the hook's yield), there is no step to name.
    expect((error as MappingError).message).toMatch(/^The mapping did not finish within 200 ms; it may loop forever or work on too much data( at position \d+)?$/);
    expect(ms).toBeGreaterThanOrEqual(199);
    // The loop is ~20 s of work: stopping within a few scheduler slices of the limit proves the limit, a tighter bound would time the machine.
    expect(ms).toBeLessThan(200 + 2000);
  });

  it("does not block the event loop while a runaway evaluation runs", async () => {
    let ticks = 0;
    let last = performance.now();
    let longestGap = 0;
    const interval = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      ticks++;
    }, 5);
    try {
      const { error } = await timed(() => evaluateExpression(LONG_LOOP, {}, { timeoutMs: 300 }));
      expect((error as MappingError).code).toBe("MAPPING_TIMEOUT");
    } finally {
      clearInterval(interval);
    }
    // A blocked loop would see at most one tick in 300 ms; yielding every ~10 ms gives dozens
    // on a quiet machine and still several on a saturated one, and never a gap as long as the evaluation.
    expect(ticks).toBeGreaterThanOrEqual(5);
    expect(longestGap).toBeLessThan(300);
  });

  it("times out a library call that never answers (a hung lookup)", async () => {
    const { ms, error } = await timed(() => evaluateExpression('$lookup("t", "k")', {}, { timeoutMs: 100, lookup: () => new Promise(() => undefined) }));
    expect((error as MappingError).code).toBe("MAPPING_TIMEOUT");
    expect(ms).toBeLessThan(100 + 2000);
  });

  it("refuses nonsensical limits", async () => {
    await expect(evaluateExpression("1", {}, { timeoutMs: 0 })).rejects.toThrow(RangeError);
    await expect(evaluateExpression("1", {}, { maxDepth: -1 })).rejects.toThrow(RangeError);
    expect(await run("1 + 1", {}, { timeoutMs: Infinity })).toBe(2);
  });
});

describe("concurrent evaluations", () => {
  it("keep their own limits on the same cached expression", async () => {
    const [shallow, deep] = await Promise.allSettled([
      evaluateExpression(COUNT_DOWN, { n: 400 }, { maxDepth: 100 }),
      evaluateExpression(COUNT_DOWN, { n: 400 }),
    ]);
    expect(shallow.status === "rejected" && (shallow.reason as MappingError).code).toBe("MAPPING_DEPTH");
    expect(deep).toEqual({ status: "fulfilled", value: 400 });
  });

  it("finish on time while a runaway evaluation is stopped by its own limit", async () => {
    const started = performance.now();
    const runaway = timed(() => evaluateExpression(LONG_LOOP, {}, { timeoutMs: 400 }));
    const quick = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        timed(() => evaluateExpression("$sum(lines.(qty * price))", { lines: [{ qty: i, price: 2 }, { qty: 1, price: 1 }] })),
      ),
    );
    const quickDone = performance.now() - started;
    expect(quick.map((q) => q.value)).toEqual(Array.from({ length: 20 }, (_, i) => i * 2 + 1));
    const stopped = await runaway;
    expect((stopped.error as MappingError).code).toBe("MAPPING_TIMEOUT");
    // The quick ones did not wait for the runaway to be stopped.
    expect(quickDone).toBeLessThan(stopped.ms);
  });

  it("see only their own lookup tables and bindings", async () => {
    const text = '{ "sku": $lookup("sku-map", sku), "who": $who }';
    const results = await Promise.all(
      ["a", "b", "c"].map((who) =>
        evaluateExpression(text, { sku: "S" }, {
          bindings: { who },
          lookup: async (_table, key) => {
            await new Promise((resolve) => setTimeout(resolve, who === "a" ? 20 : 1));
            return `${key}-${who}`;
          },
        }),
      ),
    );
    expect(results).toEqual([
      { sku: "S-a", who: "a" },
      { sku: "S-b", who: "b" },
      { sku: "S-c", who: "c" },
    ]);
  });
});
