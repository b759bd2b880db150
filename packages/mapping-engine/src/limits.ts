import { performance } from "node:perf_hooks";
import { LimitError } from "./errors";

/**
 * Time and depth limits of one evaluation, enforced from JSONata's
 * `__evaluate_entry` hook, which jsonata 2.x calls (and awaits) before every
 * evaluation step.
 *
 * Why not a timer: JSONata runs on promises that are already resolved, so a
 * runaway expression is an endless chain of microtasks — timers never fire and
 * the worker's event loop is blocked. The hook checks the clock itself, and every
 * SLICE_MS it yields to the event loop (setImmediate) so other runs, lock renewals
 * and HTTP traffic keep flowing while a long mapping works.
 *
 * Why not `expr.assign(...)` per evaluation: compiled expressions are cached and
 * shared by evaluations that interleave on one event loop. The hook is assigned
 * once per compiled expression and is stateless; the per-evaluation state travels
 * in that evaluation's own bindings under STATE_BINDING, a name that cannot be
 * written as a `$variable` (it contains spaces), and the hook reads it from the
 * evaluation's root frame (`environment.base`).
 *
 * Depth is jsonata's own per-evaluation counter (`environment.base.depth`, nested
 * evaluation steps; it also drives jsonata's `stack` option). A recursive call
 * costs about 3 steps of depth.
 */

export const ENTRY_HOOK = Symbol.for("jsonata.__evaluate_entry");
export const STATE_BINDING = "mapping engine state";

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_DEPTH = 3000;
/** Longest stretch an evaluation keeps the event loop before yielding. */
const SLICE_MS = 10;

export interface EvaluationState {
  timeoutMs: number;
  maxDepth: number;
  deadline: number;
  nextYield: number;
  /** Set when the backstop timer fired (a library function awaited too long); the next step throws it. */
  aborted?: LimitError;
  /** The caller's cross-reference resolvers, for $lookup. */
  lookup?: LookupResolver;
  lookupMany?: LookupManyResolver;
  /** $lookup answers of this evaluation: a table does not change while one mapping runs. */
  lookups: Map<string, Promise<unknown>>;
}

/** Resolves a key of a cross-reference table (SKU map, location map, …); undefined when the key is not in it. */
export type LookupResolver = (table: string, key: string) => Promise<unknown> | unknown;

/** Resolves many keys of one table in one read; keys not in the table are absent from the answer. */
export type LookupManyResolver = (table: string, keys: string[]) => Promise<ReadonlyMap<string, unknown>> | ReadonlyMap<string, unknown>;

export function createState(
  timeoutMs: number,
  maxDepth: number,
  lookup: LookupResolver | undefined,
  lookupMany?: LookupManyResolver,
): EvaluationState {
  const now = performance.now();
  return { timeoutMs, maxDepth, deadline: now + timeoutMs, nextYield: now + SLICE_MS, lookup, lookupMany, lookups: new Map() };
}

export function timeoutError(timeoutMs: number, position?: number): LimitError {
  return new LimitError(
    `The mapping did not finish within ${timeoutMs} ms; it may loop forever or work on too much data`,
    "MAPPING_TIMEOUT",
    position,
  );
}

function depthError(maxDepth: number, position?: number): LimitError {
  return new LimitError(
    `The mapping nested deeper than ${maxDepth} levels; a recursive function probably never reaches its stop condition`,
    "MAPPING_DEPTH",
    position,
  );
}

/** The parts of a jsonata environment frame the hook uses (internal to jsonata 2.x). */
interface Frame {
  base: { depth: number; lookup(name: string): unknown };
}

export function onEvaluateEntry(expr: { position?: number }, _input: unknown, environment: Frame): Promise<void> | undefined {
  const base = environment.base;
  const state = base.lookup(STATE_BINDING) as EvaluationState | undefined;
  // Evaluated without evaluateExpression (someone called .evaluate() on a compiled expression): no limits armed.
  if (state === undefined) return undefined;
  if (state.aborted) throw state.aborted;
  if (base.depth > state.maxDepth) throw depthError(state.maxDepth, expr.position);
  const now = performance.now();
  if (now > state.deadline) throw timeoutError(state.timeoutMs, expr.position);
  if (now >= state.nextYield) {
    state.nextYield = now + SLICE_MS;
    return new Promise((resolve) => setImmediate(resolve));
  }
  return undefined;
}

/**
 * jsonata rewrites a call in tail position into a thunk run by a trampoline, so an
 * endless tail recursion such as `$f := function($x){ $f($x) }` never grows the
 * depth and would spin until the timeout. Replacing each thunk by the call it
 * wraps makes tail calls ordinary calls: runaway recursion then fails fast with
 * MAPPING_DEPTH, and legitimate recursion is bounded by maxDepth like any other.
 * Done once per compiled expression, before its first evaluation.
 */
export function disableTailCalls(node: unknown, seen = new Set<object>()): void {
  if (typeof node !== "object" || node === null || seen.has(node)) return;
  seen.add(node);
  const record = node as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    let child = record[key];
    if (isThunk(child)) {
      child = child.body;
      record[key] = child;
    }
    disableTailCalls(child, seen);
  }
}

function isThunk(value: unknown): value is { body: unknown } {
  if (typeof value !== "object" || value === null) return false;
  const node = value as { type?: unknown; thunk?: unknown };
  return node.type === "lambda" && node.thunk === true;
}
