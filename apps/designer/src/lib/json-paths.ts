/**
 * Field paths in JSON documents, in JSONata's notation: arrays are mapped over
 * implicitly, so every SKU of an order is `line_items.sku`, not `line_items[0].sku`.
 */

export type JsonKind = "object" | "array" | "string" | "number" | "boolean" | "null";

export interface FieldPath {
  path: string;
  kind: JsonKind;
}

export function kindOf(value: unknown): JsonKind {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "array";
  const t = typeof value;
  return t === "object" ? "object" : t === "number" || t === "boolean" ? t : "string";
}

/** A key as a JSONata path step: plain names as is, anything else in backticks. */
export function pathStep(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : `\`${key.replace(/`/g, "")}\``;
}

export function joinPath(parent: string, key: string): string {
  return parent ? `${parent}.${pathStep(key)}` : pathStep(key);
}

/** Every distinct field path of a sample (for autocomplete), capped so a huge sample stays cheap. */
export function collectPaths(sample: unknown, limit = 2000): FieldPath[] {
  const seen = new Map<string, JsonKind>();
  const visit = (value: unknown, path: string, depth: number) => {
    if (seen.size >= limit || depth > 16) return;
    if (Array.isArray(value)) {
      for (const item of value.slice(0, 50)) visit(item, path, depth + 1);
      return;
    }
    if (value && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        const childPath = joinPath(path, key);
        if (!seen.has(childPath)) seen.set(childPath, kindOf(child));
        visit(child, childPath, depth + 1);
      }
    }
  };
  visit(sample, "", 0);
  return [...seen].map(([path, kind]) => ({ path, kind }));
}

/**
 * Splits a validation path ("lines.0.sku", "lines[0].sku", "/lines/0/sku" or
 * "$.lines[0]") into segments, whatever notation the validator used.
 */
export function pathSegments(path: string): string[] {
  return path
    .replace(/^\$\.?/, "")
    .split(/[.[\]/]+/)
    .filter((s) => s !== "");
}

/** One line of pretty-printed JSON, tagged with the path of the value it shows. */
export interface JsonLine {
  indent: number;
  /** Segments joined with "." ("lines.0.sku"); "" for the root. */
  path: string;
  text: string;
}

/** Pretty-prints like JSON.stringify(v, null, 2) but keeps each line's path, so a problem's path can be found. */
export function jsonLines(value: unknown): JsonLine[] {
  const lines: JsonLine[] = [];
  const emit = (v: unknown, path: string, indent: number, prefix: string, suffix: string) => {
    const isArray = Array.isArray(v);
    if (v !== null && typeof v === "object") {
      const entries: Array<[string, unknown]> = isArray ? (v as unknown[]).map((item, i) => [String(i), item]) : Object.entries(v);
      const [open, close] = isArray ? ["[", "]"] : ["{", "}"];
      if (entries.length === 0) {
        lines.push({ indent, path, text: `${prefix}${open}${close}${suffix}` });
        return;
      }
      lines.push({ indent, path, text: `${prefix}${open}` });
      entries.forEach(([key, child], i) => {
        const childPath = path ? `${path}.${key}` : key;
        emit(child, childPath, indent + 1, isArray ? "" : `${JSON.stringify(key)}: `, i < entries.length - 1 ? "," : "");
      });
      lines.push({ indent, path, text: `${close}${suffix}` });
      return;
    }
    lines.push({ indent, path, text: `${prefix}${JSON.stringify(v) ?? "null"}${suffix}` });
  };
  emit(value, "", 0, "", "");
  return lines;
}

/** The deepest path of `lines` that is `target` or a prefix of it (a missing field points at its parent). */
export function nearestPath(lines: JsonLine[], target: string): string {
  const segments = pathSegments(target);
  const known = new Set(lines.map((l) => l.path));
  for (let n = segments.length; n > 0; n -= 1) {
    const candidate = segments.slice(0, n).join(".");
    if (known.has(candidate)) return candidate;
  }
  return "";
}
