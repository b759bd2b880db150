import { describeValue, LimitError, MappingError, ResolverFailure } from "./errors";
import { sequenceError, stringError } from "./sandbox/caps";

/** The fields JSONata puts on the plain objects it throws (see `errorCodes` in jsonata.js). */
interface RawError {
  code?: string;
  position?: number;
  token?: unknown;
  value?: unknown;
  value2?: unknown;
  index?: number;
  type?: string;
  message?: string;
  /** $eval wraps the error of the inner expression (D3120/D3121). */
  error?: unknown;
}

const quote = (token: unknown) => JSON.stringify(token);
const fnName = (token: unknown) => (typeof token === "string" ? `$${token}()` : "the function");
const operator = (token: unknown) => (typeof token === "string" ? token : "this");

/**
 * Plain-English versions of the JSONata errors analysts actually meet. Codes not
 * listed keep JSONata's message. S0203 is deliberately not rewritten: its text
 * ('Expected "}" before end of expression') is already plain, and the flow
 * validator's messages (and tests) quote it.
 */
const plainEnglish: Record<string, (e: RawError) => string> = {
  S0101: () => "A text value is missing its closing quote",
  S0102: (e) => `The number ${String(e.token)} is too large`,
  S0105: () => "A quoted field name is missing its closing backquote (`)",
  S0106: () => "A comment is missing its closing */",
  S0201: (e) => `Syntax error near ${quote(e.token)}`,
  S0202: (e) => `Expected ${quote(e.value)}, got ${quote(e.token)}`,
  S0204: (e) => `${quote(e.token)} is not a known operator`,
  S0205: (e) => `Unexpected ${quote(e.token)}`,
  S0207: () => "The expression ends too early: something is missing at the end",
  S0211: (e) => `Unexpected ${quote(e.token)}: a value is missing before it`,
  T0410: (e) => `Argument ${e.index ?? "?"} of ${fnName(e.token)} has the wrong type: it is ${describeValue(e.value)}`,
  T0411: (e) =>
    `${fnName(e.token)} is missing argument ${e.index ?? "?"}, and the current value (${describeValue(e.value)}) cannot stand in for it`,
  T0412: (e) => `Argument ${e.index ?? "?"} of ${fnName(e.token)} must be a list of ${e.type ?? "values"}`,
  T1003: (e) => `Field names of an object must be text, but one is ${describeValue(e.value)}`,
  T1005: (e) => `${String(e.token)} is not a function. Did you mean $${String(e.token)}?`,
  T1006: (e) => (typeof e.token === "string" ? `$${e.token} is not a function` : "This is not a function"),
  T1008: (e) => (typeof e.token === "string" ? `$${e.token} is not a function, so it cannot be partially applied` : "This is not a function"),
  T2001: (e) => `The left side of the ${operator(e.token)} operator must be a number, but it is ${describeValue(e.value)}`,
  T2002: (e) => `The right side of the ${operator(e.token)} operator must be a number, but it is ${describeValue(e.value)}`,
  T2003: () => "The start of a range (..) must be a whole number",
  T2004: () => "The end of a range (..) must be a whole number",
  T2006: () => "The right side of ~> must be a function",
  T2009: (e) =>
    `Cannot compare ${describeValue(e.value)} with ${describeValue(e.value2)} using ${operator(e.token)}: both sides must be numbers, or both text`,
  T2010: (e) => `Both sides of ${operator(e.token)} must be numbers or text`,
  D1001: (e) => `The number ${String(e.value)} is out of range`,
  D1002: (e) => `Only numbers can be negated, but this is ${describeValue(e.value)}`,
  D1009: (e) => `Two fields of this object have the same name ${quote(e.value)}`,
  D2014: (e) => `A range (..) can hold at most 10,000,000 items; this one would hold ${String(e.value)}`,
  D3001: () => "Infinity or NaN cannot be turned into text (a division by zero?)",
  D3030: (e) => `Cannot convert ${describeValue(e.value)} to a number`,
  D3110: (e) => `$toMillis() expects an ISO 8601 timestamp such as "2024-05-01T10:00:00Z", but got ${describeValue(e.value)}`,
};

function isRaw(err: unknown): err is RawError {
  return typeof err === "object" && err !== null;
}

/**
 * $eval reports its inner expression's failure as D3120/D3121 with the original in
 * `error`: a limit or a resolver failure inside $eval must still surface as itself.
 */
function innermost(err: unknown): unknown {
  if (isRaw(err) && (err.code === "D3120" || err.code === "D3121")) {
    const inner = innermost(err.error);
    if (inner instanceof LimitError || inner instanceof ResolverFailure) return inner;
  }
  return err;
}

/**
 * jsonata's own sequence cap (its `sequence` option, set to ours) and V8 running
 * out of string or array length are the size limits too: one code each, so an
 * analyst sees which limit was hit whichever layer noticed it first.
 */
function asLimit(e: RawError): LimitError | undefined {
  const position = typeof e.position === "number" ? e.position : undefined;
  if (e.code === "D2015" || e.code === "D2014") return Object.assign(sequenceError(typeof e.value === "number" ? e.value : undefined), { position });
  if (e instanceof RangeError && /Invalid string length/.test(e.message)) return Object.assign(stringError(), { position });
  if (e instanceof RangeError && /Invalid array length/.test(e.message)) return Object.assign(sequenceError(), { position });
  return undefined;
}

/**
 * What the evaluator throws for anything that went wrong: a MappingError with an
 * analyst-readable message ending in " at position N" (the flow engine relies on
 * that suffix), or — for a failed lookup resolver — the resolver's own error.
 */
export function toMappingError(err: unknown): unknown {
  if (err instanceof MappingError) return err;
  const e = innermost(err);
  if (e instanceof ResolverFailure) return e.cause;
  if (!isRaw(e)) return new MappingError(String(e), "MAPPING_ERROR");
  const limit = asLimit(e);
  if (limit) return toMappingError(limit);
  const code = e.code ?? "MAPPING_ERROR";
  const rewrite = plainEnglish[code];
  const text = (rewrite ? rewrite(e) : e.message) ?? String(err);
  const position = typeof e.position === "number" ? e.position : undefined;
  const token = typeof e.token === "string" ? e.token : undefined;
  const at = position !== undefined ? ` at position ${position}` : "";
  return new MappingError(`${text}${at}`, code, position, token);
}
