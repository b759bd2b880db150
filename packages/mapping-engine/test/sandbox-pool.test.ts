import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExpressionSandbox, MappingError } from "../src";

/**
 * The worker-thread sandbox (evaluateIsolated's pool): the hard limits that do not
 * depend on the expression cooperating. Threads load the engine when they start
 * (seconds on a busy machine), hence the generous timeouts.
 */
const SLOW = 60_000;

let sandbox: ExpressionSandbox;
/** A tiny heap, so building a million-item list exhausts it. */
let small: ExpressionSandbox;

beforeAll(async () => {
  sandbox = new ExpressionSandbox({ minThreads: 1, maxThreads: 1 });
  small = new ExpressionSandbox({ minThreads: 1, maxThreads: 1, maxHeapMb: 16 });
  // Warm both pools: the first evaluation waits for a thread to load the engine.
  await Promise.all([sandbox.evaluate("1", {}), small.evaluate("1", {})]);
}, SLOW);
afterAll(async () => {
  await sandbox?.close();
  await small?.close();
});

async function outcome(promise: Promise<unknown>): Promise<{ value?: unknown; error?: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

describe("evaluation in a sandbox thread", () => {
  it("returns values and mapping errors (with position) like in-process evaluation", async () => {
    expect(await sandbox.evaluate("$sum(items.price)", { items: [{ price: 2 }, { price: 3 }] })).toBe(5);
    const { error } = await outcome(sandbox.evaluate('"abc" + 1', {}));
    expect(error).toBeInstanceOf(MappingError);
    expect((error as MappingError).code).toBe("T2001");
    expect((error as MappingError).position).toBeTypeOf("number");
  });

  it("stops the catastrophic expressions with their own errors while the caller's event loop stays free", async () => {
    const scheduled = performance.now();
    const timer = new Promise<number>((resolve) => setTimeout(() => resolve(performance.now() - scheduled), 10));
    const results = await Promise.all([
      outcome(sandbox.evaluate('$match("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", /(a+)+$/)', {})),
      outcome(sandbox.evaluate("$count([1..1e7])", {})),
      outcome(sandbox.evaluate('$pad("x", 50000000)', {})),
      outcome(sandbox.evaluate("($f := function($x){ 1 + $f($x) }; $f(1))", {})),
    ]);
    expect(await timer).toBeLessThan(3000);
    expect(results[0]).toEqual({ value: undefined });
    expect(results.slice(1).map((r) => (r.error as MappingError).code)).toEqual(["MAPPING_SEQUENCE_LIMIT", "MAPPING_STRING_LIMIT", "MAPPING_DEPTH"]);
  }, SLOW);

  it("terminates a thread past its wall clock, replaces it, and the next evaluation works", async () => {
    const before = sandbox.threadIds;
    // The soft limit is off, so only the hard wall clock can stop this long loop.
    const { error } = await outcome(sandbox.evaluate("$sum([1..900000].($string($) & 'x').$length($))", {}, { timeoutMs: Infinity, hardTimeoutMs: 300 }));
    expect(error).toBeInstanceOf(MappingError);
    expect((error as MappingError).code).toBe("MAPPING_TIMEOUT");
    expect((error as MappingError).message).toMatch(/stopped after 300 ms of wall-clock time and its sandbox thread terminated/);
    expect(await sandbox.evaluate("1 + 1", {})).toBe(2);
    expect(sandbox.threadIds).toHaveLength(1);
    expect(sandbox.threadIds).not.toEqual(before);
  }, SLOW);

  it("stops an evaluation that exhausts its thread's heap with MAPPING_MEMORY_LIMIT, and recovers", async () => {
    const { error } = await outcome(small.evaluate("[1..999999]", {}));
    expect(error).toBeInstanceOf(MappingError);
    expect((error as MappingError).code).toBe("MAPPING_MEMORY_LIMIT");
    expect(await small.evaluate('"still " & "here"', {})).toBe("still here");
  }, SLOW);
});

describe("$lookup through the sandbox", () => {
  it("reaches the caller's lookupMany once for a list of keys", async () => {
    const calls: Array<[string, string[]]> = [];
    const lookupMany = (table: string, keys: string[]) => {
      calls.push([table, keys]);
      return new Map(keys.filter((k) => k !== "NOPE").map((k) => [k, `NS-${k}`]));
    };
    const result = await sandbox.evaluate('$lookup("sku-map", skus, "UNMAPPED")', { skus: ["A", "B", "NOPE", "A"] }, { lookupMany });
    expect(result).toEqual(["NS-A", "NS-B", "UNMAPPED", "NS-A"]);
    expect(calls).toEqual([["sku-map", ["A", "B", "NOPE"]]]);
  }, SLOW);

  it("falls back to the caller's per-key resolver", async () => {
    const lookup = (table: string, key: string) => (table === "loc" ? { key } : undefined);
    expect(await sandbox.evaluate('$lookup("loc", "W1").key', {}, { lookup })).toBe("W1");
  }, SLOW);

  it("fails with the resolver's own error, so the caller can retry it", async () => {
    const down = new Error("database unavailable");
    const { error } = await outcome(sandbox.evaluate('$lookup("sku-map", "A")', {}, { lookupMany: () => Promise.reject(down) }));
    expect(error).toBe(down);
  }, SLOW);

  it("says lookups are unavailable without a resolver", async () => {
    const { error } = await outcome(sandbox.evaluate('$lookup("sku-map", "A")', {}));
    expect((error as MappingError).code).toBe("MAPPING_LOOKUP_UNAVAILABLE");
  }, SLOW);
});
