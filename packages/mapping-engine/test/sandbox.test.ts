import { describe, expect, it } from "vitest";
import { compileExpression, evaluateExpression, MappingError, MAX_SEQUENCE_LENGTH, MAX_STRING_LENGTH } from "../src";
import { failure, run } from "./helpers";

/**
 * The in-process sandbox: RE2 regexes and the size caps. Each catastrophic
 * expression from issue 13 must end with its own error (or, for the regex, a
 * plain answer) well within its limit, while the event loop keeps serving others.
 */

/** Catastrophic on a backtracking engine: every extra "a" doubles the work. */
const EVIL_REGEX = '$match("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", /(a+)+$/)';
/** Doubles a text 40 times: 2^40 characters if nothing stops it. */
const DOUBLING = '($f := function($s, $n){ $n = 0 ? $s : $f($s & $s, $n - 1) }; $f("ab", 40))';

/**
 * Runs `expression` while a timer and a trivial evaluation compete for the event
 * loop; resolves with how late the timer fired and how the expression ended.
 */
async function underLoad(expression: string) {
  const scheduled = performance.now();
  const timer = new Promise<number>((resolve) => setTimeout(() => resolve(performance.now() - scheduled), 10));
  const runaway = evaluateExpression(expression, {}).then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error }),
  );
  const [lateBy, trivial, outcome] = await Promise.all([timer, evaluateExpression("1 + 1", {}), runaway]);
  return { lateBy, trivial, ms: performance.now() - scheduled, ...outcome };
}

describe("catastrophic expressions stop within their limits while the event loop keeps serving", () => {
  const cases: Array<{ name: string; expression: string; code?: string; value?: unknown }> = [
    { name: "exponential regex (RE2: linear, so it just answers)", expression: EVIL_REGEX, value: undefined },
    { name: "$sort of 40,000 items (native order, no quadratic merge)", expression: "$count($sort([1..40000].(40000 - $)))", value: 40000 },
    { name: "$pad to 50 million characters", expression: '$pad("x", 50000000, "y")', code: "MAPPING_STRING_LIMIT" },
    { name: "a range of ten million items", expression: "$count([1..1e7])", code: "MAPPING_SEQUENCE_LIMIT" },
    { name: "a text doubled until it is huge", expression: DOUBLING, code: "MAPPING_STRING_LIMIT" },
    { name: "endless recursion", expression: "($f := function($x){ 1 + $f($x) }; $f(1))", code: "MAPPING_DEPTH" },
    { name: "$join into a huge text", expression: '$join([$pad("", 6000000, "x"), $pad("", 6000000, "x")])', code: "MAPPING_STRING_LIMIT" },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const outcome = await underLoad(c.expression);
      expect(outcome.trivial).toBe(2);
      // Generous bounds: this is about "never blocks for long", not speed.
      expect(outcome.lateBy).toBeLessThan(10_000);
      expect(outcome.ms).toBeLessThan(30_000);
      if (c.code) {
        expect(outcome.error).toBeInstanceOf(MappingError);
        expect((outcome.error as MappingError).code).toBe(c.code);
      } else {
        expect(outcome.error).toBeUndefined();
        expect(outcome.value).toEqual(c.value);
      }
    }, 60_000);
  }

  it("names the limit in the message", async () => {
    expect((await failure("[1..1e7]")).message).toMatch(/^The mapping built a list longer than the limit of 1,000,000 items/);
    expect((await failure('$pad("x", 50000000)')).message).toMatch(/^The mapping built a text longer than the limit of 10,000,000 characters/);
    expect(MAX_SEQUENCE_LENGTH).toBe(1_000_000);
    expect(MAX_STRING_LENGTH).toBe(10_000_000);
  });

  it("caps a path that flattens into a huge list, push by push", async () => {
    expect((await failure("($x := [1..2000]; $x.$x)")).code).toBe("MAPPING_SEQUENCE_LIMIT");
  });

  it("caps the size of the result", { timeout: 60_000 }, async () => {
    // 6 million control characters: under the text cap, but each is six characters of JSON (\u0001).
    const error = await failure('$pad("", 6000000, "\\u0001")');
    expect(error.code).toBe("MAPPING_OUTPUT_LIMIT");
    expect(error.message).toMatch(/larger than the limit of 33,554,432 characters of JSON/);
  });

  it("keeps what is under the limits working", async () => {
    expect(await run('$pad("7", -3, "0")')).toBe("007");
    expect(await run('$join(["a", "b"], "-")')).toBe("a-b");
    expect(await run('$sort(["b", "a", "c"])')).toEqual(["a", "b", "c"]);
    expect(await run("$sort([3, 1, 2], function($a, $b){ $a < $b })")).toEqual([3, 2, 1]);
    expect(await run('$sort(items, function($a, $b){ $a.n > $b.n }).id', { items: [{ id: "x", n: 2 }, { id: "y", n: 1 }] })).toEqual(["y", "x"]);
    expect((await failure('$sort([1, "a"])')).code).toBe("D3070");
    // The context-free form and ~> keep working through the guard (the signature is jsonata's own).
    expect(await run('"ab" ~> $pad(4, "-")')).toBe("ab--");
  });
});

describe("regular expressions run on RE2", () => {
  it("gives $match's match, index and groups like JavaScript's engine", async () => {
    expect(await run('$match("ab12cd345", /([a-z]+)(\\d+)/)')).toEqual([
      { match: "ab12", index: 0, groups: ["ab", "12"] },
      { match: "cd345", index: 4, groups: ["cd", "345"] },
    ]);
    expect(await run('$match("x😀ab", /a|b/)')).toEqual([
      { match: "a", index: 3, groups: [] },
      { match: "b", index: 4, groups: [] },
    ]);
    expect(await run('$match("ABC", /b/i).index')).toBe(1);
    expect(await run('$match("one\\ntwo", /^t\\w+/m).match')).toBe("two");
    expect(await run('$match("a-b-c", /-/, 1).index')).toBe(1);
  });

  it("supports $replace (with $1), $split and $contains with a regex", async () => {
    expect(await run('$replace("John Smith", /(\\w+)\\s(\\w+)/, "$2, $1")')).toBe("Smith, John");
    expect(await run('$replace("a1b22c", /\\d+/, "#")')).toBe("a#b#c");
    expect(await run('$split("a1b22c", /\\d+/)')).toEqual(["a", "b", "c"]);
    expect(await run('$contains("Order #1001", /#\\d{4}/)')).toBe(true);
    expect(await run('$contains("Order", /#\\d/)')).toBe(false);
    expect(await run('$replace("abc", /(x)?b/, "[$1]")')).toBe("a[]c");
  });

  it("keeps jsonata's refusal of a pattern matching the empty text in a loop", async () => {
    expect((await failure('$match("abc", /x*/)')).code).toBe("D1004");
  });

  it("refuses backreferences and lookarounds when the expression is compiled, with the position", () => {
    for (const expression of ['$match(s, /(a)\\1/)', '$replace(s, /a(?=b)/, "")']) {
      let error: unknown;
      try {
        compileExpression(expression);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(MappingError);
      expect((error as MappingError).code).toBe("MAPPING_REGEX");
      expect((error as MappingError).message).toMatch(/cannot be used: .*linear time\) at position \d+$/);
    }
  });
});

describe("text caps on every way a text can grow in one step", () => {
  it("stops doubling through $eval, $replace and $string as well as &", async () => {
    const viaEval = '($f := function($s, $n){ $n = 0 ? $s : $f($eval("$s & $s", {}), $n - 1) }; $f("ab", 40))';
    expect((await failure(viaEval)).code).toBe("MAPPING_STRING_LIMIT");
    const viaReplace = '($f := function($s, $n){ $n = 0 ? $s : $f($replace($s, /^(.*)$/, "$1$1"), $n - 1) }; $f("ab", 40))';
    expect((await failure(viaReplace)).code).toBe("MAPPING_STRING_LIMIT");
    expect(await run('"a" & 1 & true & null & missing & ["x"]')).toBe('a1truenull["x"]');
  });
});
