import fc from "fast-check";
import { HOSTILE_KEYS, hostileValue, withOwnKey } from "./fuzz-hostile";

/*
 * A fast-check arbitrary from a zod v4 schema, for fuzzing an API with inputs that
 * are mostly shaped right (so they get past validation and reach the code behind
 * it) and sometimes hostile (so the validation itself is attacked). Reads the
 * schema's definition (`schema._zod.def`): structure, lengths, bounds, formats and
 * regexes; refinements and transforms are not understood and simply get values of
 * the underlying type.
 */

/** What the generator needs to know of a zod schema; structural, so no zod import is needed here. */
interface ZodLike {
  _zod: { def: Def };
}
interface Def {
  type: string;
  checks?: Array<{ _zod: { def: CheckDef } }>;
  format?: string;
  [key: string]: unknown;
}
interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  length?: number;
  value?: number | bigint;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
}

export interface ZodArbitraryOptions {
  /**
   * Values that exist for a field, by its key and the path of keys above it (ids of
   * rows, names of environments, …): mixed with generated ones so that inputs reach
   * past the "not found" checks. Return undefined for "nothing known".
   */
  known?: (key: string | undefined, path: readonly string[], format: string | undefined) => fc.Arbitrary<unknown> | undefined;
  /** One node in this many is replaced by a hostile value (default 12; 0 = never). */
  hostileEvery?: number;
  /** Below this depth, containers are generated empty (default 6). */
  maxDepth?: number;
}

/** Upper bound of generated collection sizes and ordinary string lengths: enough variety, fast cases. */
const MAX_ITEMS = 4;
const MAX_TEXT = 40;

export function zodArbitrary(schema: unknown, options: ZodArbitraryOptions = {}): fc.Arbitrary<unknown> {
  return new Builder(options).build(schema as ZodLike, [], 0);
}

class Builder {
  constructor(private readonly options: ZodArbitraryOptions) {}

  build(schema: ZodLike, path: readonly string[], depth: number): fc.Arbitrary<unknown> {
    const shaped = this.shaped(schema, path, depth);
    const every = this.options.hostileEvery ?? 12;
    // Wrappers (optional, default, …) pass through without their own chance of a hostile value.
    if (every === 0 || WRAPPERS.has(schema._zod.def.type)) return shaped;
    return fc.oneof({ arbitrary: shaped, weight: every - 1 }, { arbitrary: hostileValue(), weight: 1 });
  }

  private shaped(schema: ZodLike, path: readonly string[], depth: number): fc.Arbitrary<unknown> {
    const def = schema._zod.def;
    const key = path[path.length - 1];
    const checks = (def.checks ?? []).map((c) => c._zod.def);
    const known = this.options.known?.(key, path, def.format ?? checks.find((c) => c.check === "string_format")?.format);
    const inner = (name: string) => def[name] as ZodLike;
    switch (def.type) {
      case "string":
        return known ? fc.oneof({ arbitrary: known, weight: 3 }, { arbitrary: stringArb(def, checks), weight: 1 }) : stringArb(def, checks);
      case "number":
        return known ? fc.oneof(known, numberArb(checks)) : numberArb(checks);
      case "bigint":
        return fc.bigInt();
      case "boolean":
        return fc.boolean();
      case "date":
        // The whole range a JS Date holds, plus ordinary years, plus invalid dates.
        return fc.oneof(fc.date({ min: new Date("2000-01-01"), max: new Date("2040-01-01"), noInvalidDate: true }), fc.date({ noInvalidDate: false }));
      case "literal":
        return fc.constantFrom(...(def.values as unknown[]));
      case "enum":
        return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
      case "null":
        return fc.constant(null);
      case "undefined":
      case "void":
        return fc.constant(undefined);
      case "object":
        return this.object(def, path, depth);
      case "array": {
        const { min, max } = lengths(checks);
        if (depth >= this.maxDepth) return min === 0 ? fc.constant([]) : fc.array(fc.anything(), { minLength: min, maxLength: min });
        return fc.array(this.build(inner("element"), [...path, "[]"], depth + 1), { minLength: min, maxLength: Math.max(min, Math.min(max, MAX_ITEMS)) });
      }
      case "tuple":
        return fc.tuple(...(def.items as ZodLike[]).map((item, i) => this.build(item, [...path, String(i)], depth + 1)));
      case "record":
        return this.record(def, path, depth, known);
      case "union":
        return fc.oneof(...(def.options as ZodLike[]).map((option) => this.build(option, path, depth)));
      case "intersection":
        return fc.tuple(this.build(inner("left"), path, depth), this.build(inner("right"), path, depth)).map(([a, b]) => (isPlainObject(a) && isPlainObject(b) ? { ...a, ...b } : a));
      case "optional":
        return fc.option(this.build(inner("innerType"), path, depth), { nil: undefined, freq: 3 });
      case "nullable":
        return fc.option(this.build(inner("innerType"), path, depth), { nil: null, freq: 3 });
      case "default":
      case "prefault":
        return fc.option(this.build(inner("innerType"), path, depth), { nil: undefined, freq: 3 });
      case "nonoptional":
      case "readonly":
      case "catch":
      case "success":
        return this.build(inner("innerType"), path, depth);
      case "pipe":
        return this.build(inner("in"), path, depth);
      case "lazy":
        return depth >= this.maxDepth ? fc.constant(undefined) : this.build((def.getter as () => ZodLike)(), path, depth + 1);
      case "unknown":
      case "any":
        return known ? fc.oneof(known, jsonish(depth)) : jsonish(depth);
      default:
        // transform, custom, never, …: values of no particular type.
        return fc.anything({ maxDepth: 2 });
    }
  }

  private get maxDepth() {
    return this.options.maxDepth ?? 6;
  }

  private object(def: Def, path: readonly string[], depth: number): fc.Arbitrary<unknown> {
    const shape = def.shape as Record<string, ZodLike>;
    const arbs: Record<string, fc.Arbitrary<unknown>> = {};
    const required: string[] = [];
    for (const [key, field] of Object.entries(shape)) {
      arbs[key] = this.build(field, [...path, key], depth + 1);
      // Optional and defaulted keys are sometimes absent (not only undefined).
      if (!["optional", "default", "prefault"].includes(field._zod.def.type)) required.push(key);
    }
    const base = fc.record(arbs, { requiredKeys: required });
    // Now and then an unexpected extra key, hostile ones included.
    const extra = fc.option(fc.tuple(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 8 })), hostileValue()), { freq: 6 });
    return fc.tuple(base, extra).map(([value, more]) => (more ? withOwnKey({ ...value }, more[0], more[1]) : value));
  }

  private record(def: Def, path: readonly string[], depth: number, known: fc.Arbitrary<unknown> | undefined): fc.Arbitrary<unknown> {
    if (depth >= this.maxDepth) return fc.constant({});
    const keyDef = (def.keyType as ZodLike)._zod.def;
    const keys = keyDef.type === "enum" ? fc.constantFrom(...Object.values(keyDef.entries as Record<string, string>)) : fc.oneof({ arbitrary: fc.string({ maxLength: 12 }), weight: 5 }, { arbitrary: fc.constantFrom(...HOSTILE_KEYS), weight: 1 });
    const value = this.build(def.valueType as ZodLike, [...path, "{}"], depth + 1);
    const entries = fc.array(fc.tuple(keys, value), { maxLength: MAX_ITEMS }).map((pairs) => pairs.reduce<Record<string, unknown>>((o, [k, v]) => withOwnKey(o, k, v), {}));
    return known ? fc.oneof(known, entries) : entries;
  }
}

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "nonoptional", "readonly", "catch", "success", "pipe", "lazy"]);

function lengths(checks: CheckDef[]): { min: number; max: number } {
  let min = 0;
  let max = Number.POSITIVE_INFINITY;
  for (const c of checks) {
    if (c.check === "min_length" && c.minimum !== undefined) min = c.minimum;
    if (c.check === "max_length" && c.maximum !== undefined) max = c.maximum;
    if (c.check === "length_equals" && c.length !== undefined) min = max = c.length;
  }
  return { min, max };
}

/** A string of the schema's format or pattern, else of its length bounds, around the bounds too. */
function stringArb(def: Def, checks: CheckDef[]): fc.Arbitrary<string> {
  const format = def.format ?? checks.find((c) => c.check === "string_format" && c.format !== "regex")?.format;
  const pattern = checks.find((c) => c.check === "string_format" && c.pattern)?.pattern;
  const { min, max } = lengths(checks);
  const ordinary = fc.oneof(
    fc.string({ minLength: Math.min(min, MAX_TEXT), maxLength: Math.max(Math.min(min, MAX_TEXT), Math.min(max, MAX_TEXT)) }),
    fc.string({ minLength: Math.min(min, MAX_TEXT), maxLength: Math.max(Math.min(min, MAX_TEXT), Math.min(max, MAX_TEXT)), unit: "binary" }),
    // Just over the limit: the check must refuse it, not the database.
    ...(Number.isFinite(max) && max <= 300_000 ? [fc.constant("y".repeat(max + 1)), fc.constant("y".repeat(max))] : []),
  );
  switch (format) {
    case "uuid":
    case "guid":
      return fc.oneof({ arbitrary: fc.uuid(), weight: 4 }, { arbitrary: ordinary, weight: 1 });
    case "email":
      return fc.oneof({ arbitrary: fc.emailAddress(), weight: 4 }, { arbitrary: ordinary, weight: 1 });
    case "url":
      // Loopback only: a generated URL may be stored and later fetched (tests never send traffic elsewhere).
      return fc.oneof({ arbitrary: fc.webPath().map((p) => `http://127.0.0.1:9${p.startsWith("/") ? p : `/${p}`}`), weight: 4 }, { arbitrary: ordinary, weight: 1 });
  }
  if (pattern) {
    const matching = safeStringMatching(pattern);
    if (matching) return fc.oneof({ arbitrary: matching, weight: 4 }, { arbitrary: ordinary, weight: 1 });
  }
  return ordinary;
}

function safeStringMatching(pattern: RegExp): fc.Arbitrary<string> | null {
  try {
    return fc.stringMatching(pattern);
  } catch {
    return null; // a regex feature fast-check does not generate from
  }
}

function numberArb(checks: CheckDef[]): fc.Arbitrary<number> {
  const isInt = checks.some((c) => c.check === "number_format" && /int/.test(c.format ?? ""));
  let min = isInt ? Number.MIN_SAFE_INTEGER : -Number.MAX_VALUE;
  let max = isInt ? Number.MAX_SAFE_INTEGER : Number.MAX_VALUE;
  for (const c of checks) {
    const value = Number(c.value);
    if (c.check === "greater_than") min = Math.max(min, c.inclusive ? value : isInt ? Math.floor(value) + 1 : value);
    if (c.check === "less_than") max = Math.min(max, c.inclusive ? value : isInt ? Math.ceil(value) - 1 : value);
  }
  const near = (bound: number) => [bound, bound + 1, bound - 1].filter((n) => n >= min && n <= max);
  const edges = [...new Set([...near(min), ...near(max), ...near(0), ...near(1)])];
  // Mostly a 32-bit range (where columns live), but never outside the schema's own bounds.
  const [lo, hi] = [Math.max(min, -(2 ** 31)), Math.min(max, 2 ** 31)];
  const whole = isInt ? fc.integer(lo <= hi ? { min: lo, max: hi } : { min, max }) : fc.double({ min, max, noNaN: true });
  const smallMin = Math.min(Math.max(min, -3), max);
  const small = isInt ? fc.integer({ min: smallMin, max: Math.min(max, smallMin + 10) }) : fc.double({ min: smallMin, max: Math.min(max, smallMin + 10), noNaN: true });
  return fc.oneof(small, whole, ...(edges.length > 0 ? [fc.constantFrom(...edges)] : []), fc.double({ noNaN: false }));
}

/** JSON-like values (what z.unknown() fields usually carry), shallow enough to stay fast. */
function jsonish(depth: number): fc.Arbitrary<unknown> {
  return fc.jsonValue({ maxDepth: Math.max(0, 3 - Math.floor(depth / 2)) });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
