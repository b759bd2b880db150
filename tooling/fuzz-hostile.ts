import fc from "fast-check";

/*
 * Hostile values every fuzz target can mix into what it generates: the strings and
 * shapes that break parsers, SQL, JSON columns and prototype chains. Built once
 * (the huge and deep ones are shared constants, not regenerated per case).
 */

const huge = "x".repeat(1_000_000);
const hugeAstral = "𝕏".repeat(100_000);

/** Strings a person or a script would try against a text field. */
export const HOSTILE_STRINGS: readonly string[] = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "\uDFFF\uD800",
  "\u202Eevil\u202C",
  "\u200B\uFEFF",
  "👩‍👩‍👧‍👦",
  "e\u0301",
  "\r\n\t",
  "'; DROP TABLE users; --",
  "' OR '1'='1",
  "%",
  "_%_",
  "\\",
  "$1",
  "::text",
  "../../../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "/\\evil.example",
  "//evil.example/x",
  "http://169.254.169.254/latest/meta-data/",
  "file:///etc/passwd",
  "javascript:alert(1)",
  "<script>alert(1)</script>",
  "{{7*7}}",
  "${7*7}",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "NaN",
  "Infinity",
  "-1",
  "1e309",
  "9".repeat(400),
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
  "2026-02-30",
  "0000-00-00T00:00:00Z",
  "99999-12-31T23:59:59Z",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  huge,
  hugeAstral,
];

function nested(depth: number, wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = 0;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}

/** An object whose own key is "__proto__" (as JSON.parse makes it), not a prototype change. */
function ownKey(key: string, value: unknown): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  return o;
}

/**
 * Values of the wrong type or shape for any field. Includes what superjson (the
 * designer's tRPC transformer) can deliver besides JSON: bigint, Map, Set, Date,
 * RegExp, URL, Error, undefined, NaN, ±Infinity, -0.
 */
export const HOSTILE_VALUES: readonly unknown[] = [
  null,
  undefined,
  0,
  -0,
  -1,
  NaN,
  Infinity,
  -Infinity,
  2 ** 53,
  -(2 ** 63),
  1e308,
  0.1,
  true,
  false,
  10n,
  [],
  {},
  [[[]]],
  new Date(NaN),
  new Date(8.64e15),
  new Date(-8.64e15),
  new Map([["a", 1]]),
  new Set([1]),
  /(a+)+$/,
  new URL("http://127.0.0.1:9/"),
  new Error("boom"),
  Array.from({ length: 50_000 }, (_, i) => i),
  nested(2_000, (inner) => [inner]),
  nested(2_000, (inner) => ({ a: inner })),
  nested(20_000, (inner) => [inner]),
  ownKey("__proto__", { polluted: true, isAdmin: true }),
  { constructor: { prototype: { polluted: true } } },
  ownKey("__proto__", ownKey("__proto__", { polluted: true })),
];

export const hostileString = (): fc.Arbitrary<string> => fc.constantFrom(...HOSTILE_STRINGS);

/** Any hostile string or value (for a field of any type). */
export const hostileValue = (): fc.Arbitrary<unknown> => fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.constantFrom(...HOSTILE_VALUES));

/** Keys that attack the object they are set on. */
export const HOSTILE_KEYS = ["__proto__", "constructor", "prototype", "toString", "", "\u0000", "a.b", "$where", "x".repeat(10_000)] as const;

/** Adds `key: value` as an own, enumerable property (safe for "__proto__"). */
export function withOwnKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

/** True when a case polluted Object.prototype (any enumerable or the usual marker keys). */
export function prototypePolluted(): string | null {
  const probe: Record<string, unknown> = {};
  for (const key of ["polluted", "isAdmin"]) if (key in probe) return key;
  const own = Object.keys(Object.prototype);
  return own.length > 0 ? own.join(", ") : null;
}

/**
 * A known-good value with one leaf (or key) replaced by a hostile value: gets past
 * the outer validation and attacks what sits behind it (e.g. one node's config in
 * an otherwise valid flow definition).
 */
export function mutatedFrom(values: readonly unknown[]): fc.Arbitrary<unknown> {
  return fc.tuple(fc.constantFrom(...values), fc.nat(), hostileValue()).map(([value, pick, replacement]) => {
    const copy = structuredClone(value);
    const slots: Array<{ parent: Record<string, unknown>; key: string }> = [];
    const walk = (node: unknown) => {
      if (!node || typeof node !== "object") return;
      for (const [key, child] of Object.entries(node)) {
        slots.push({ parent: node as Record<string, unknown>, key });
        walk(child);
      }
    };
    walk(copy);
    const slot = slots[pick % Math.max(1, slots.length)];
    if (slot) slot.parent[slot.key] = replacement;
    return copy;
  });
}
