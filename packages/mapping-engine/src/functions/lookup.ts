import type { FunctionDoc } from "../docs";
import { describeValue, FunctionError, ResolverFailure } from "../errors";
import { STATE_BINDING, type EvaluationState } from "../limits";
import { define, fail, isMissing, type Focus } from "./helpers";

/**
 * $lookup(table, key, default?) reads a cross-reference table (SKU map, location
 * map) through the resolver the caller passed to evaluateExpression. It replaces
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

async function resolve(state: EvaluationState, table: string, keys: unknown[], fallback: unknown): Promise<unknown[]> {
  const texts = keys.map((key) => (isMissing(key) ? undefined : keyText(key)));
  request(state, table, texts.filter((t): t is string => t !== undefined));
  return Promise.all(
    texts.map(async (text) => {
      if (text === undefined) return fallback;
      const value = await state.lookups.get(memoKey(table, text));
      return value === undefined ? fallback : value;
    }),
  );
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
    const state = this.environment.lookup(STATE_BINDING) as EvaluationState | undefined;
    if (!state?.lookup && !state?.lookupMany) {
      throw new FunctionError(
        `$lookup: the cross-reference table "${table}" cannot be read here, because no lookup tables are available to this evaluation`,
        "MAPPING_LOOKUP_UNAVAILABLE",
      );
    }
    if (Array.isArray(key)) return resolve(state, table, key, fallback);
    return resolve(state, table, [key], fallback).then(([value]) => value);
  }),
};

export const lookupDocs: FunctionDoc[] = [
  {
    name: "lookup",
    signature: "$lookup(table, key, default?)",
    description:
      "The value a cross-reference table (edited under Lookups) holds for `key`, or `default` (else nothing) when the key is not in the table. A list of keys gives a list of values. Fails when the mapping runs where no tables are available. With an object instead of a table name it is JSONata's $lookup(object, field).",
    example: { expression: '$lookup("sku-map", "SHOP-123", "UNMAPPED")', result: '"NS-9001"' },
    category: "lookup",
  },
];
