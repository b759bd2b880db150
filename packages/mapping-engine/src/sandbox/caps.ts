import jsonata from "jsonata";
import { LimitError } from "../errors";

/**
 * Size caps of one evaluation. The time/depth hook (limits.ts) only runs between
 * evaluation steps, so a single step that builds something huge — a range, a
 * padded or joined text, a concatenation doubling itself, a flattened path — ran
 * to the end (or out of memory) before anything could stop it. These caps refuse
 * such a step before or right after it allocates, each with its own error code:
 *
 * - sequences: jsonata's own `sequence` option (every sequence it builds, ranges
 *   checked before allocation, path flattening push by push); reported as
 *   MAPPING_SEQUENCE_LIMIT.
 * - text: the guarded $pad/$join refuse before building, and they, $replace and
 *   $string check what they return; the `&` operator is rewritten at compile time
 *   into a call of a guarded concatenation (`guardConcatenation`), so a text that
 *   doubles itself is stopped at the cap. (A hook after every step would do the
 *   same but cost about a fifth of the hot path's time; only these make text grow
 *   by more than a constant factor in one step.)
 * - output: the evaluator checks the JSON size of the final result.
 */

/** Items in any one list an expression builds (ranges, paths, $sort input). */
export const MAX_SEQUENCE_LENGTH = 1_000_000;
/** Characters of any one text an expression builds (about 20 MB in memory). */
export const MAX_STRING_LENGTH = 10_000_000;
/** Characters of the result's JSON: what gets stored in run records and sent on. */
export const MAX_OUTPUT_LENGTH = 32 * 1024 * 1024;

const grouped = (n: number) => n.toLocaleString("en-US");

export function sequenceError(size?: number): LimitError {
  const found = size === undefined ? "" : ` (${grouped(size)} items)`;
  return new LimitError(
    `The mapping built a list longer than the limit of ${grouped(MAX_SEQUENCE_LENGTH)} items${found}`,
    "MAPPING_SEQUENCE_LIMIT",
  );
}

export function stringError(size?: number, position?: number): LimitError {
  const found = size === undefined ? "" : ` (${grouped(size)} characters)`;
  return new LimitError(
    `The mapping built a text longer than the limit of ${grouped(MAX_STRING_LENGTH)} characters${found}`,
    "MAPPING_STRING_LIMIT",
    position,
  );
}

export function outputError(size: number): LimitError {
  return new LimitError(
    `The mapping's result is larger than the limit of ${grouped(MAX_OUTPUT_LENGTH)} characters of JSON (${grouped(size)} characters)`,
    "MAPPING_OUTPUT_LIMIT",
  );
}

/** The binding the rewritten `&` calls; a name no `$variable` can spell (it has spaces). */
export const CONCAT_BINDING = "mapping engine concatenation";

/**
 * Rewrites every `a & b` of a parsed expression into a call of CONCAT_BINDING with
 * the same operands and position, in place, once per compiled expression.
 */
export function guardConcatenation(node: unknown, seen = new Set<object>()): void {
  if (typeof node !== "object" || node === null || seen.has(node)) return;
  seen.add(node);
  const record = node as Record<string, unknown>;
  for (const child of Object.values(record)) guardConcatenation(child, seen);
  if (record.type === "binary" && record.value === "&") {
    record.type = "function";
    record.value = "(";
    record.arguments = [record.lhs, record.rhs];
    record.procedure = { type: "variable", value: CONCAT_BINDING, position: record.position };
    delete record.lhs;
    delete record.rhs;
  }
}

function checkedText(result: unknown): unknown {
  if (typeof result === "string" && result.length > MAX_STRING_LENGTH) throw stringError(result.length);
  return result;
}

/** A jsonata built-in function object, as evaluating `$sort` returns it. */
interface NativeFunction {
  _jsonata_function: true;
  implementation: (...args: unknown[]) => unknown;
  signature?: unknown;
}

type Guard = (args: unknown[]) => unknown[] | { result: unknown };

function characters(value: unknown): number {
  return typeof value === "string" ? value.length : 0;
}

/**
 * Checks run before a built-in that would otherwise build its result in one
 * uninterruptible step. A guard returns the arguments to pass on, or
 * `{ result }` when it computes the result itself.
 */
const guards: Record<string, Guard> = {
  pad(args) {
    const [text, width, char] = args;
    const size = characters(text) + Math.abs(typeof width === "number" ? width : 0) * Math.max(1, characters(char));
    if (size > MAX_STRING_LENGTH) throw stringError(size);
    return args;
  },
  join(args) {
    const [list, separator] = args;
    if (!Array.isArray(list)) return args;
    let size = characters(separator) * Math.max(0, list.length - 1);
    for (const item of list) size += characters(item);
    if (size > MAX_STRING_LENGTH) throw stringError(size);
    return args;
  },
  // Checked on the way out only: their result can outgrow the input many times over.
  replace: (args) => args,
  string: (args) => args,
  // $eval parses its own expression at run time, whose `&` is not rewritten.
  eval: (args) => args,
  sort(args) {
    const [list, comparator] = args;
    if (!Array.isArray(list)) return args;
    if (list.length > MAX_SEQUENCE_LENGTH) throw sequenceError(list.length);
    // jsonata's merge sort copies the rest of the list at every comparison (quadratic)
    // and never returns to the evaluation loop when there is no comparator function,
    // so 40,000 items held the process for minutes. Without a comparator the order
    // is the natural one of numbers or of texts: V8's sort (stable, like jsonata's).
    // With a comparator every comparison is an evaluation step, so the time limit holds.
    if (comparator !== undefined || list.length < 2) return args;
    const numbers = list.every((item) => typeof item === "number");
    if (!numbers && !list.every((item) => typeof item === "string")) return args; // jsonata's own error (D3070)
    return { result: [...(list as Array<number | string>)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) };
  },
};

/**
 * Guarded versions of the dangerous built-ins, bound over them in every
 * evaluation (bindings shadow built-ins). They keep the built-in's signature, so
 * argument checking and the context argument (`"x".$pad(5)`) behave as before.
 * The built-ins are only reachable by evaluating them, which is asynchronous:
 * loaded once, on the first evaluation.
 */
let loaded: Promise<Record<string, NativeFunction>> | undefined;

export function guardedBuiltins(): Promise<Record<string, NativeFunction>> {
  return (loaded ??= (async () => {
    const entries = await Promise.all(
      Object.entries(guards).map(async ([name, guard]) => {
        const native = (await jsonata(`$${name}`).evaluate(undefined)) as NativeFunction;
        const guarded: NativeFunction = {
          _jsonata_function: true,
          signature: native.signature,
          implementation(this: unknown, ...args: unknown[]) {
            const checked = guard(args);
            if (!Array.isArray(checked)) return checked.result;
            const result = native.implementation.apply(this, checked);
            return result instanceof Promise ? result.then(checkedText) : checkedText(result);
          },
        };
        return [name, guarded] as const;
      }),
    );
    const toText = (await jsonata("$string").evaluate(undefined)) as NativeFunction;
    // jsonata's own `&`: both sides as text ($string), a missing side as "".
    const concat: NativeFunction = {
      _jsonata_function: true,
      implementation: (lhs: unknown, rhs: unknown) => {
        const left = lhs === undefined ? "" : (toText.implementation(lhs) as string);
        const right = rhs === undefined ? "" : (toText.implementation(rhs) as string);
        if (left.length + right.length > MAX_STRING_LENGTH) throw stringError(left.length + right.length);
        return left + right;
      },
    };
    return Object.freeze({ ...Object.fromEntries(entries), [CONCAT_BINDING]: concat });
  })());
}
