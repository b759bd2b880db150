import Decimal from "decimal.js";
import { describeValue, FunctionError } from "../errors";

/** What jsonata passes as `this` to a native function: the calling frame and the context value. */
export interface Focus {
  environment: { lookup(name: string): unknown };
  input: unknown;
}

export type Implementation = (this: Focus, ...args: never[]) => unknown;

/**
 * The shape jsonata's `defineFunction` produces. A plain JS function in the bindings
 * would be called with the context value as `this`; this shape gets the focus
 * (and so the evaluation's frame), which $lookup needs. No signature: each function
 * checks its own arguments so the messages can say what was wrong in plain words.
 */
export interface LibraryFunction {
  _jsonata_function: true;
  implementation: Implementation;
}

export function define(implementation: Implementation): LibraryFunction {
  return { _jsonata_function: true, implementation };
}

export function fail(fn: string, message: string): never {
  throw new FunctionError(`$${fn}: ${message}`);
}

/** Absent or null: library functions give no result for a missing primary input, like JSONata's own. */
export function isMissing(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

/** Text, or a number/boolean written as text (JSON often carries codes as numbers). */
export function text(fn: string, what: string, value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return String(value);
  return fail(fn, `${what} must be text, but it is ${describeValue(value)}`);
}

export function optionalText(fn: string, what: string, value: unknown): string | undefined {
  return isMissing(value) ? undefined : text(fn, what, value);
}

/** A whole number within [min, max]; numeric text is accepted. */
export function integer(fn: string, what: string, value: unknown, min: number, max: number): number {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n)) return fail(fn, `${what} must be a whole number, but it is ${describeValue(value)}`);
  if (n < min || n > max) return fail(fn, `${what} must be between ${min} and ${max}, but it is ${n}`);
  return n;
}

/** JSONata hands over sequences as arrays; a single value is a one-item list. */
export function asList(value: unknown): unknown[] {
  if (isMissing(value)) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * decimal.js with enough significant digits that money and unit arithmetic never
 * rounds silently (the default, 20, would round a 19-digit total).
 */
export const Exact = Decimal.clone({ precision: 50 });
export type Exact = InstanceType<typeof Exact>;

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A number or decimal text ("19.99", "-0.5", "1e3") as an exact decimal. Numbers go
 * through their shortest round-trip text, which is the decimal the JSON's author
 * wrote. Hex, "NaN", "1,234.50" or "$5" are refused rather than guessed at.
 */
export function readDecimal(fn: string, what: string, value: unknown): Exact {
  if (typeof value === "number" && Number.isFinite(value)) return new Exact(String(value));
  if (typeof value === "string" && DECIMAL_TEXT.test(value.trim())) return new Exact(value.trim());
  return fail(fn, `${what} must be a number or decimal text such as "19.99", but it is ${describeValue(value)}`);
}

/** Plain decimal text: no exponent, no "-0". */
export function decimalText(value: Exact, places?: number): string {
  const out = places === undefined ? value.toFixed() : value.toFixed(places);
  return /^-0(\.0*)?$/.test(out) ? out.slice(1) : out;
}
