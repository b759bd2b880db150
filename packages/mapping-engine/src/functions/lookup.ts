import type { FunctionDoc } from "../docs";
import { describeValue, FunctionError, ResolverFailure } from "../errors";
import { STATE_BINDING, type EvaluationState } from "../limits";
import { define, fail, isMissing, type Focus } from "./helpers";

/**
 * $lookup(table, key, default?) reads a cross-reference table (SKU map, location
 * map) through the resolver the caller passed to evaluateExpression. A key the
 * table does not hold fails the mapping with LOOKUP_MISSING ("SKU-1001 not found
 * in netsuite-item") unless a default is given: an empty reference sent on to the
 * target only fails later, at the target, with a less useful message
 * (docs/architecture.md "Failures, retries and dead letters"). $lookupOr is the
 * form for tables where absence is expected. $lookup replaces
 * JSONata's built-in $lookup(object, field), which stays available: a first
 * argument that is not a table name (an object or list) gets the built-in meaning,
 * so existing expressions keep working.
 */

/** JSONata's $lookup(object, key): the field of an object, or of each object in a list. */
function field(input: unknown, key: string): unknown {
  if (Array.isArray(input)) {
    const found = input.flatMap((item) => {
      const value = field(item, key);
      return value === undefined ? [] : Array.isArray(value) ? value : [value];
    });
    return found.length === 0 ? undefined : found.length === 1 ? found[0] : found;
  }
  if (typeof input === "object" && input !== null && Object.prototype.hasOwnProperty.call(input, key)) {
    return (input as Record<string, unknown>)[key];
  }
  return undefined;
}

function keyText(key: unknown): string {
  if (typeof key !== "string" && typeof key !== "number" && typeof key !== "boolean") {
    return fail("lookup", `the key must be text or a number, but it is ${describeValue(key)}`);
  }
  return String(key);
}

/** The resolver's own failure (database down) is not a mapping error: ResolverFailure makes the evaluator rethrow it unchanged so the caller can retry. */
async function guarded<T>(read: () => Promise<T> | T): Promise<T> {
  try {
    return await read();
  } catch (err) {
    throw new ResolverFailure(err);
  }
}

const memoKey = (table: string, key: string) => `${table}\u0000${key}`;

/**
 * Starts the reads of the keys not yet asked for in this evaluation: one
 * `lookupMany` call for all of them when the caller offers it (one query for
 * `$lookup(table, [k1, k2, k3])`), else one `lookup` call per key.
 */
function request(state: EvaluationState, table: string, keys: string[]): void {
  const missing = [...new Set(keys)].filter((key) => !state.lookups.has(memoKey(table, key)));
  if (missing.length === 0) return;
  const { lookup, lookupMany } = state;
  if (lookupMany) {
    const batch = guarded(() => lookupMany(table, missing));
    for (const key of missing) state.lookups.set(memoKey(table, key), batch.then((found) => found.get(key)));
    return;
  }
  for (const key of missing) state.lookups.set(memoKey(table, key), guarded(() => lookup?.(table, key)));
}

/** What a key the table does not hold gives: the default, or (`required`) a LOOKUP_MISSING failure naming table and key. */
interface Absent {
  fn: string;
  required: boolean;
  fallback: unknown;
}

async function resolve(state: EvaluationState, table: string, keys: unknown[], absent: Absent): Promise<unknown[]> {
  const texts = keys.map((key) => (isMissing(key) ? undefined : keyText(key)));
  request(state, table, texts.filter((t): t is string => t !== undefined));
  return Promise.all(
    texts.map(async (text) => {
      // No key at all (the source field is empty): nothing to look up, as with every library function.
      if (text === undefined) return absent.fallback;
      const value = await state.lookups.get(memoKey(table, text));
      if (value !== undefined) return value;
      if (absent.required) throw new FunctionError(`$${absent.fn}: ${text} not found in ${table}`, "LOOKUP_MISSING");
      return absent.fallback;
    }),
  );
}

function readTable(focus: Focus, fn: string, table: string, key: unknown, absent: Absent): Promise<unknown> {
  const state = focus.environment.lookup(STATE_BINDING) as EvaluationState | undefined;
  if (!state?.lookup && !state?.lookupMany) {
    throw new FunctionError(
      `$${fn}: the cross-reference table "${table}" cannot be read here, because no lookup tables are available to this evaluation`,
      "MAPPING_LOOKUP_UNAVAILABLE",
    );
  }
  if (Array.isArray(key)) return resolve(state, table, key, absent);
  return resolve(state, table, [key], absent).then(([value]) => value);
}

export const lookupFunctions = {
  lookup: define(function (this: Focus, ...args: unknown[]) {
    const [table, key, fallback] = args;
    if (typeof table !== "string") {
      if (isMissing(table)) return undefined;
      if (typeof key !== "string") return fail("lookup", `the field name must be text, but it is ${describeValue(key)}`);
      return field(table, key);
    }
    // $lookup("field") with the context as the object: the built-in's one-argument form.
    if (args.length === 1) return field(this.input, table);
    // A default that is nothing counts as none: a wrapper passing its own unset $default on must not turn failures off.
    return readTable(this, "lookup", table, key, { fn: "lookup", required: fallback === undefined, fallback });
  }),
  lookupOr: define(function (this: Focus, table: unknown, key: unknown, fallback?: unknown) {
    if (typeof table !== "string") return fail("lookupOr", `the table name must be text, but it is ${describeValue(table)}`);
    return readTable(this, "lookupOr", table, key, { fn: "lookupOr", required: false, fallback });
  }),
};

export const lookupDocs: FunctionDoc[] = [
  {
    name: "lookup",
    signature: "$lookup(table, key, default?)",
    description:
      "The value a cross-reference table (edited under Lookups) holds for `key`. A key the table does not hold fails the run with a non-retryable error naming both (\"SKU-1001 not found in sku-map\"), before anything is sent on; add the entry and retry the dead letter. With `default` (not nothing) a missing key gives `default` instead. A list of keys gives a list of values, read in one query. Use $lookupOr where a missing key is expected. With an object instead of a table name it is JSONata's $lookup(object, field).",
    example: { expression: '$lookup("sku-map", "SHOP-123")', result: '"NS-9001"' },
    category: "lookup",
  },
  {
    name: "lookupOr",
    signature: "$lookupOr(table, key, default?)",
    description:
      "Like $lookup(table, key), for tables where a missing key is expected (optional codes, overrides): gives `default`, or nothing, instead of failing when the key is not in the table.",
    example: { expression: '$lookupOr("sku-map", "SHOP-404", "UNMAPPED")', result: '"UNMAPPED"' },
    category: "lookup",
  },
];
