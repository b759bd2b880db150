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

async function resolve(state: EvaluationState, table: string, key: unknown, fallback: unknown): Promise<unknown> {
  if (isMissing(key)) return fallback;
  if (typeof key !== "string" && typeof key !== "number" && typeof key !== "boolean") {
    return fail("lookup", `the key must be text or a number, but it is ${describeValue(key)}`);
  }
  const text = String(key);
  const memo = `${table}\u0000${text}`;
  let answer = state.lookups.get(memo);
  if (!answer) {
    const resolver = state.lookup;
    // The resolver's own failure (database down) is not a mapping error: ResolverFailure
    // makes the evaluator rethrow it unchanged so the caller can retry.
    answer = (async () => {
      try {
        return await resolver?.(table, text);
      } catch (err) {
        throw new ResolverFailure(err);
      }
    })();
    state.lookups.set(memo, answer);
  }
  const value = await answer;
  return value === undefined ? fallback : value;
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
    if (!state?.lookup) {
      throw new FunctionError(
        `$lookup: the cross-reference table "${table}" cannot be read here, because no lookup tables are available to this evaluation`,
        "MAPPING_LOOKUP_UNAVAILABLE",
      );
    }
    if (Array.isArray(key)) return Promise.all(key.map((k) => resolve(state, table, k, fallback)));
    return resolve(state, table, key, fallback);
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
