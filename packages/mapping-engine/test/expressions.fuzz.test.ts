import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fuzzMode, fuzzParams } from "../../../tooling/fuzz";
import { evaluateExpression, MappingError } from "../src";

/**
 * User expressions as an external input: random JSONata from a small grammar,
 * mixed with the known-catastrophic patterns. Every evaluation must end with a
 * value or a MappingError within its limit — never another exception (a crash
 * in the engine), never a hang.
 */

const TIMEOUT_MS = 500;
/** Far beyond the soft limit: only a step the limits cannot interrupt gets near it. */
const MUST_END_WITHIN_MS = 15_000;

/** The evaluation's outcome, or "hung" once MUST_END_WITHIN_MS has passed: a hang is a counterexample, not a test timeout. */
async function settle(expression: string): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve("hung"), MUST_END_WITHIN_MS);
  });
  const evaluation = evaluateExpression(expression, input, { timeoutMs: TIMEOUT_MS }).then(
    () => undefined,
    (error: unknown) => error,
  );
  try {
    return await Promise.race([evaluation, hung]);
  } finally {
    clearTimeout(timer);
  }
}

const CATASTROPHIC = [
  '$match("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", /(a+)+$/)',
  '$match(name, /(x+x+)+y/)',
  "$sort([1..40000].(40000 - $))",
  '$pad("x", 50000000)',
  "[1..1e7]",
  "($x := [1..5000]; $x.$x)",
  '($f := function($s, $n){ $n = 0 ? $s : $f($s & $s, $n - 1) }; $f("ab", 40))',
  "($f := function($x){ $f($x) }; $f(1))",
  "($f := function($x){ 1 + $f($x) }; $f(1))",
  '$join([$pad("", 6000000), $pad("", 6000000)])',
  "$sum([1..1000].($sum([1..10000])))",
  '$match(name, /(a)\\1/)',
];

const input = { name: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", n: 3, items: [{ price: "1.5", qty: 2 }, { price: "x", qty: null }], tags: "a,b,c" };

const { expr } = fc.letrec<{ expr: string; atom: string }>((tie) => ({
  atom: fc.oneof(
    fc.integer({ min: -5, max: 5 }).map(String),
    fc.constantFrom("1e7", "1e300", "0.5", "-0", '""', '"ab"', '"a,b"', "true", "null", "name", "n", "items", "items.price", "items[qty > 1]", "tags", "$", "$$", "missing"),
  ),
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    tie("atom"),
    fc.tuple(tie("expr"), fc.constantFrom("+", "-", "*", "/", "%", "&", "=", "!=", "<", "and", "or", "in"), tie("expr")).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie("expr"), tie("expr")).map(([a, b]) => `[${a}..${b}]`),
    fc.array(tie("expr"), { maxLength: 3 }).map((items) => `[${items.join(", ")}]`),
    fc.tuple(tie("expr"), tie("expr")).map(([k, v]) => `{"k": ${k}, "v": ${v}}`),
    fc.tuple(tie("expr"), tie("expr"), tie("expr")).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
    fc.tuple(tie("expr"), tie("expr")).map(([a, b]) => `${a}.(${b})`),
    fc.tuple(tie("expr"), tie("expr")).map(([a, b]) => `${a}[${b}]`),
    fc
      .tuple(
        fc.constantFrom("$string", "$count", "$sum", "$sort", "$reverse", "$uppercase", "$length", "$keys", "$number", "$join", "$distinct", "$exists", "$toMinor", "$trim", "$ediSafe"),
        tie("expr"),
      )
      .map(([fn, a]) => `${fn}(${a})`),
    fc.tuple(fc.constantFrom("$pad", "$substring", "$split", "$join", "$padLeft", "$truncate", "$append", "$lookup"), tie("expr"), tie("expr")).map(([fn, a, b]) => `${fn}(${a}, ${b})`),
    fc
      .tuple(fc.constantFrom("$match", "$contains", "$split", "$replace"), tie("expr"), fc.constantFrom("/a+/", "/(a|b)*c/i", "/^\\d+$/m", "/(a+)+$/", "/x*/", "/(?<y>a)/", "/a(?!b)/"))
      .map(([fn, a, re]) => (fn === "$replace" ? `${fn}(${a}, ${re}, "[$0]")` : `${fn}(${a}, ${re})`)),
    fc.tuple(tie("expr"), tie("expr")).map(([a, b]) => `$map(${a}, function($v){ ${b} })`),
    fc.tuple(tie("expr"), tie("expr")).map(([a, b]) => `($f := function($x){ ${a} ? $x : $f(${b}) }; $f(1))`),
    fc.constantFrom(...CATASTROPHIC),
  ),
}));

describe("user expressions (fuzz)", () => {
  it("end with a value or a MappingError within the limit, never hang or crash", async () => {
    await fc.assert(
      fc.asyncProperty(expr, async (expression) => {
        const outcome = await settle(expression);
        expect(outcome).not.toBe("hung");
        // Anything else than a MappingError is a crash of the engine, not a refusal of the expression.
        if (outcome !== undefined && !(outcome instanceof MappingError)) throw outcome;
      }),
      fuzzParams("expressions.random", { short: 100, long: 3000 }),
    );
  }, fuzzMode === "long" ? 4 * 3_600_000 : 600_000);
});
