import { unstorableText } from "@ipaas/db";

/**
 * Checks every procedure's raw input before its schema sees it, for what no
 * schema says and Postgres refuses as a server error: a NUL character (text and
 * jsonb cannot hold U+0000), a lone UTF-16 surrogate (jsonb refuses "\ud800"),
 * and nesting deeper than any flow, mapping or payload needs (deep enough
 * nesting overflows the stack of JSON.stringify or Postgres' jsonb parser).
 * Found by the tRPC fuzz target (apps/designer/test/trpc.fuzz.test.ts).
 *
 * Returns the first problem, naming where it is (`input.filter.errorCode …`), or null.
 */
export const MAX_INPUT_DEPTH = 100;

function isPlain(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return Array.isArray(value) || proto === Object.prototype || proto === null;
}

export function inputProblem(input: unknown): string | null {
  // Iterative (an explicit stack): the walk must not overflow on the input it refuses.
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: input, path: "input", depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === "string") {
      const problem = unstorableText(value);
      if (problem) return `${path} ${problem}`;
      continue;
    }
    // Dates, Maps, … (superjson delivers them) are left to the schemas.
    if (typeof value !== "object" || value === null || !isPlain(value)) continue;
    if (depth >= MAX_INPUT_DEPTH) return `${path} is nested deeper than ${MAX_INPUT_DEPTH} levels`;
    for (const [key, item] of Object.entries(value)) {
      const at = Array.isArray(value) ? `${path}[${key}]` : `${path}.${JSON.stringify(key).slice(1, -1).slice(0, 40)}`;
      const problem = unstorableText(key);
      if (problem) return `${at} (a key) ${problem}`;
      stack.push({ value: item, path: at, depth: depth + 1 });
    }
  }
  return null;
}
