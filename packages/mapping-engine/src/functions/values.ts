import type { FunctionDoc } from "../docs";
import { define, isMissing } from "./helpers";

/** Helpers for the gaps in source data: missing fields, numbers sent as text, one-item lists. */

const isBlank = (value: unknown) => isMissing(value) || value === "";
const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export const valueFunctions = {
  coalesce: define((...values: unknown[]) => values.find((value) => !isBlank(value))),
  default: define((value: unknown, fallback?: unknown) => (isMissing(value) ? fallback : value)),
  toNumberSafe: define((value: unknown, fallback?: unknown) => {
    if (typeof value === "number") return Number.isFinite(value) ? value : fallback;
    // Number() alone would accept "0x1F", " " and "Infinity"; only plain decimal text counts.
    if (typeof value === "string" && NUMBER_TEXT.test(value.trim())) {
      const n = Number(value.trim());
      return Number.isFinite(n) ? n : fallback;
    }
    return fallback;
  }),
  /**
   * JSONata turns a one-item result into the item itself; a target that wants a list
   * gets one here. The copy is a plain array, which JSONata does not unwrap again.
   */
  ensureArray: define((value: unknown) => (isMissing(value) ? [] : Array.isArray(value) ? [...(value as unknown[])] : [value])),
};

const doc = (name: string, signature: string, description: string, expression: string, result: string): FunctionDoc => ({
  name,
  signature,
  description,
  example: { expression, result },
  category: "values",
});

export const valueDocs: FunctionDoc[] = [
  doc("coalesce", "$coalesce(a, b, ...)", 'The first argument that is not missing, null or empty text "".', '$coalesce(null, "", "fallback", "later")', '"fallback"'),
  doc(
    "default",
    "$default(value, fallback)",
    'The value, or `fallback` when it is missing or null. Empty text "" is kept (use $coalesce to replace it too).',
    '[$default(null, "N/A"), $default("", "N/A")]',
    '["N/A", ""]',
  ),
  doc(
    "toNumberSafe",
    "$toNumberSafe(value, fallback?)",
    'The value as a number when it is a number or plain decimal text ("12", " -3.5 ", "1e3"); otherwise `fallback` (default: nothing). Never fails, unlike $number.',
    '[$toNumberSafe("12.50"), $toNumberSafe("n/a", 0)]',
    "[12.5, 0]",
  ),
  doc(
    "ensureArray",
    "$ensureArray(value)",
    "Always a list: a list stays a list, a single value becomes a one-item list, a missing value an empty list. Fixes JSONata returning a lone item instead of a one-item list.",
    '$ensureArray({"sku": "A"}.sku)',
    '["A"]',
  ),
];
