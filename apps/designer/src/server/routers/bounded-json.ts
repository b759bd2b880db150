import { z } from "zod";

/**
 * Free-form JSON inputs (samples, payloads, test cases, connection config) with a
 * cap on size and nesting. The HTTP layer caps the whole body, but superjson can
 * rebuild shared references (one big object referenced a thousand times is a few
 * bytes on the wire), and deep nesting breaks the recursive code that later
 * walks the value (JSON.stringify, the diff, the mapping engine). So the value
 * is measured here, iteratively and with early exit, before anything recurses.
 */
export interface JsonLimits {
  /** Characters of the value written as JSON (approximately: keys, strings and numbers counted). */
  maxChars: number;
  /** Levels of nested objects/arrays; the value itself is level 1. */
  maxDepth: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxChars: 1024 * 1024, maxDepth: 64 };

const isPlainContainer = (v: object) => Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null;

/** Why the value breaks the limits (a phrase to follow the field's name), or null when it fits. */
export function jsonLimitProblem(value: unknown, limits: JsonLimits = DEFAULT_JSON_LIMITS): string | null {
  let chars = 0;
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    const v = item.value;
    if (typeof v === "string") chars += v.length + 2;
    else if (typeof v === "number" || typeof v === "boolean") chars += String(v).length;
    else if (v === null || v === undefined) chars += 4;
    else if (v instanceof Date) chars += 26;
    else if (typeof v === "object" && isPlainContainer(v)) {
      if (item.depth > limits.maxDepth) return `nests deeper than ${limits.maxDepth} levels`;
      chars += 2;
      for (const [key, child] of Object.entries(v)) {
        chars += key.length + 4;
        stack.push({ value: child, depth: item.depth + 1 });
      }
    } else {
      // Map, Set, BigInt, RegExp …: superjson can decode them, JSON has no such thing.
      return `must be plain JSON (found ${typeof v === "object" ? (v.constructor?.name ?? "an object") : typeof v})`;
    }
    if (chars > limits.maxChars) return `is larger than ${formatChars(limits.maxChars)} as JSON`;
  }
  return null;
}

function formatChars(n: number): string {
  return n >= 1024 * 1024 ? `${n / (1024 * 1024)} MB` : n >= 1024 ? `${n / 1024} KB` : `${n} characters`;
}

/** z.unknown() with the limits; the message starts with the field's name, e.g. "sourceSample is larger than 1 MB as JSON". */
export function boundedJson(field: string, limits: Partial<JsonLimits> = {}) {
  const all = { ...DEFAULT_JSON_LIMITS, ...limits };
  return z.unknown().superRefine((value, ctx) => {
    const problem = jsonLimitProblem(value, all);
    if (problem) ctx.addIssue({ code: "custom", message: `${field} ${problem}` });
  });
}

/** A string-keyed object of free-form values (connection config, `$steps`), bounded as a whole. */
export function boundedRecord(field: string, limits: Partial<JsonLimits> = {}) {
  return boundedJson(field, limits).pipe(z.record(z.string(), z.unknown()));
}
