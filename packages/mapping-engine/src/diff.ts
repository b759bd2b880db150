/** One difference between the expected and the actual output of a mapping test. */
export interface DiffEntry {
  /** Field path such as "lines.0.sku"; "" for the whole output. */
  path: string;
  expected: unknown;
  actual: unknown;
  /** changed: both present but different; missing: expected but absent; extra: present but not expected. */
  kind: "changed" | "missing" | "extra";
}

const join = (path: string, key: string | number) => (path === "" ? String(key) : `${path}.${key}`);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Structural diff down to the leaves, so a failing test shows "lines.1.quantity:
 * expected 2, got 3" rather than two whole documents. Lists compare by position;
 * object keys holding undefined count as absent (they vanish in JSON anyway).
 */
export function structuralDiff(expected: unknown, actual: unknown, path = ""): DiffEntry[] {
  if (expected === undefined && actual === undefined) return [];
  if (expected === undefined) return [{ path, expected, actual, kind: "extra" }];
  if (actual === undefined) return [{ path, expected, actual, kind: "missing" }];
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const out: DiffEntry[] = [];
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
      out.push(...structuralDiff(i < expected.length ? expected[i] : undefined, i < actual.length ? actual[i] : undefined, join(path, i)));
    }
    return out;
  }
  if (isObject(expected) && isObject(actual)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    return [...keys].flatMap((key) => structuralDiff(expected[key], actual[key], join(path, key)));
  }
  return expected === actual ? [] : [{ path, expected, actual, kind: "changed" }];
}
