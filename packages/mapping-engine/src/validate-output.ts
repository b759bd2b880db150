import type { z } from "zod";

/** One problem of a mapping's output: `path` is the field ("lines.0.sku"; "" for the whole output). */
export interface OutputIssue {
  path: string;
  message: string;
}

/**
 * Checks a mapping's output against the target schema (a canonical object's zod
 * schema, or one built from JSON Schema) and lists every problem by field path, so
 * the editor can point at the field. Synchronous: schemas with async refinements
 * are not supported.
 */
export function validateOutput(schema: z.ZodType, value: unknown): OutputIssue[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    // zod says "expected string, received undefined"; for an analyst the field is simply missing.
    if (issue.code === "invalid_type" && valueAt(value, issue.path) === undefined) {
      return { path, message: `Missing: expected ${issue.expected}` };
    }
    return { path, message: issue.message };
  });
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
