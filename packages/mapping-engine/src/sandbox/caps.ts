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
 * - text: the exit hook below checks every step's result (concatenation is an
 *   operator, not a function), and the guarded $pad/$join refuse before building.
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

export const EXIT_HOOK = Symbol.for("jsonata.__evaluate_exit");

/**
 * Runs after every evaluation step with its result. Synchronous and cheap (a type
 * test), because it runs on the hot path; jsonata awaits whatever it returns.
 */
export function onEvaluateExit(expr: { position?: number }, _input: unknown, _environment: unknown, result: unknown): undefined {
  if (typeof result === "string" && result.length > MAX_STRING_LENGTH) throw stringError(result.length, expr.position);
  return undefined;
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
            return Array.isArray(checked) ? native.implementation.apply(this, checked) : checked.result;
          },
        };
        return [name, guarded] as const;
      }),
    );
    return Object.freeze(Object.fromEntries(entries));
  })());
}
