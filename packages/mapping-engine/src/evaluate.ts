import jsonata from "jsonata";
import { library } from "./functions";
import {
  createState,
  DEFAULT_MAX_DEPTH,
  DEFAULT_TIMEOUT_MS,
  disableTailCalls,
  ENTRY_HOOK,
  onEvaluateEntry,
  STATE_BINDING,
  timeoutError,
  type LookupManyResolver,
  type LookupResolver,
} from "./limits";
import { toMappingError } from "./messages";
import { guardConcatenation, guardedBuiltins, MAX_OUTPUT_LENGTH, MAX_SEQUENCE_LENGTH, outputError } from "./sandbox/caps";
import { checkRegexes, Re2RegexEngine } from "./sandbox/regex";

export { MappingError } from "./errors";
export type { LookupManyResolver, LookupResolver } from "./limits";

type Expression = ReturnType<typeof jsonata>;

/**
 * Compile once, evaluate many: expressions are cached by text. Map keeps insertion
 * order, so deleting and re-inserting on hit makes it a small LRU.
 */
export const EXPRESSION_CACHE_LIMIT = 1000;
const cache = new Map<string, Expression>();

/** Synchronous: the flow validator uses it to report syntax errors (MappingError with position and token). */
export function compileExpression(text: string): Expression {
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  let compiled: Expression;
  try {
    // RE2 instead of backtracking regexes, and jsonata's own cap on every sequence it builds (sandbox/).
    compiled = jsonata(text, { RegexEngine: Re2RegexEngine as unknown as RegExpConstructor, sequence: MAX_SEQUENCE_LENGTH });
    checkRegexes(compiled.ast());
  } catch (err) {
    throw toMappingError(err);
  }
  // All of this happens once, before the expression is shared: the hooks are stateless (see limits.ts).
  disableTailCalls(compiled.ast());
  guardConcatenation(compiled.ast());
  // jsonata looks the hook up by symbol; its typings only admit string names.
  compiled.assign(ENTRY_HOOK as unknown as string, onEvaluateEntry);
  cache.set(text, compiled);
  if (cache.size > EXPRESSION_CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return compiled;
}

/** Empties the compiled-expression cache (tests, and the bench's compile-every-time case). */
export function clearExpressionCache(): void {
  cache.clear();
}

export interface EvaluateOptions {
  /** Variables bound as `$name` inside the expression; they shadow library functions of the same name. */
  bindings?: Record<string, unknown>;
  /** A runaway expression fails with MAPPING_TIMEOUT instead of blocking the worker. Default 5000; Infinity disables. */
  timeoutMs?: number;
  /**
   * Nesting limit in evaluation steps (about 3 per recursive call); beyond it the
   * evaluation fails with MAPPING_DEPTH. Default 3000.
   */
  maxDepth?: number;
  /**
   * Reads cross-reference tables for `$lookup(table, key, default?)`; resolves to
   * undefined when the key is not in the table. Without it $lookup fails with
   * MAPPING_LOOKUP_UNAVAILABLE. Errors it throws are rethrown unchanged (they are
   * not mapping errors: a caller may retry them).
   */
  lookup?: LookupResolver;
  /**
   * Reads many keys of one table at once, for `$lookup(table, [keys])`: one query
   * instead of one per key. Resolves to the values found, by key (missing keys
   * absent). Without it a list of keys goes through `lookup` key by key.
   */
  lookupMany?: LookupManyResolver;
}

function limit(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value > 0)) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}

/** Loaded on the first evaluation (see guardedBuiltins), then read synchronously. */
let guarded: Awaited<ReturnType<typeof guardedBuiltins>> | undefined;

export async function evaluateExpression(text: string, input: unknown, options: EvaluateOptions = {}): Promise<unknown> {
  const expression = compileExpression(text);
  const timeoutMs = limit("timeoutMs", options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const state = createState(timeoutMs, limit("maxDepth", options.maxDepth, DEFAULT_MAX_DEPTH), options.lookup, options.lookupMany);
  guarded ??= await guardedBuiltins();
  // The guarded built-ins come after the caller's bindings: a binding cannot unguard $sort.
  const evaluation = expression.evaluate(input, { ...library, ...options.bindings, ...guarded, [STATE_BINDING]: state });
  // The hook enforces the deadline between steps; this timer covers the time spent
  // awaiting a library function (a lookup that never answers).
  let timer: NodeJS.Timeout | undefined;
  const backstop = new Promise<never>((_, reject) => {
    if (!Number.isFinite(timeoutMs)) return;
    timer = setTimeout(() => {
      state.aborted = timeoutError(timeoutMs);
      reject(state.aborted);
    }, timeoutMs);
  });
  try {
    const result: unknown = await Promise.race([evaluation, backstop]);
    return toPlainJson(result);
  } catch (err) {
    throw toMappingError(err);
  } finally {
    clearTimeout(timer);
    // If the backstop won, the abandoned evaluation rejects at its next step: not an unhandled rejection.
    evaluation.catch(() => undefined);
  }
}

/**
 * JSONata returns arrays tagged as "sequences" and may return functions or
 * undefined; a mapping's output is data that gets persisted and sent on, so it
 * is normalised to plain JSON here once. Functions anywhere in it are dropped
 * (a JSONata lambda also holds its environment, which is circular).
 */
function toPlainJson(value: unknown): unknown {
  const json = JSON.stringify(value, (_key, item: unknown) => (isFunction(item) ? undefined : item));
  if (json !== undefined && json.length > MAX_OUTPUT_LENGTH) throw outputError(json.length);
  return json === undefined ? undefined : (JSON.parse(json) as unknown);
}

function isFunction(value: unknown): boolean {
  if (typeof value === "function") return true;
  if (typeof value !== "object" || value === null) return false;
  const marks = value as { _jsonata_lambda?: unknown; _jsonata_function?: unknown };
  return marks._jsonata_lambda === true || marks._jsonata_function === true;
}
