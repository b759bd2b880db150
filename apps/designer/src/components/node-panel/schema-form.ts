/**
 * JSON Schema (as the palette sends it, from zod's toJSONSchema) → the fields of a
 * generated form. Only the shapes node configs and connector inputs use are handled;
 * anything else becomes a raw JSON field so that nothing is uneditable.
 */

export type FieldKind = "expression" | "string" | "number" | "integer" | "boolean" | "enum" | "json";

export interface FormField {
  key: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  description?: string;
  options?: string[];
  minimum?: number;
  maximum?: number;
}

type JsonSchema = Record<string, unknown>;

const isRecord = (v: unknown): v is JsonSchema => typeof v === "object" && v !== null && !Array.isArray(v);

/** zod emits ±MAX_SAFE_INTEGER for `.int()`; those are not limits a person chose. */
const limit = (v: unknown) => (typeof v === "number" && Math.abs(v) < Number.MAX_SAFE_INTEGER ? v : undefined);

/** "connectionName" → "Connection name", "intervalSeconds" → "Interval seconds". */
export function labelOf(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The kind of one property: enums first (a string enum is a select), then the primitive type. */
export function kindOf(property: unknown): Pick<FormField, "kind" | "options"> {
  if (!isRecord(property)) return { kind: "json" };
  const values = Array.isArray(property.enum) ? property.enum : Array.isArray(property.anyOf) ? property.anyOf.map((s) => (isRecord(s) ? s.const : undefined)) : undefined;
  if (values && values.length > 0 && values.every((v) => typeof v === "string")) return { kind: "enum", options: values as string[] };
  if (typeof property.const === "string") return { kind: "enum", options: [property.const] };
  switch (property.type) {
    case "string":
      return { kind: "string" };
    case "integer":
      return { kind: "integer" };
    case "number":
      return { kind: "number" };
    case "boolean":
      return { kind: "boolean" };
    default:
      return { kind: "json" };
  }
}

export interface DeriveOptions {
  /** Keys holding JSONata (string fields shown in the expression editor). */
  expressions?: readonly string[];
  /** Keys the panel edits with its own controls (connection, operation, cases…). */
  omit?: readonly string[];
}

/** The top-level properties of an object schema as form fields, in the schema's order. */
export function deriveFields(schema: unknown, options: DeriveOptions = {}): FormField[] {
  if (!isRecord(schema) || !isRecord(schema.properties)) return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((k): k is string => typeof k === "string") : []);
  const expressions = new Set(options.expressions ?? []);
  const omit = new Set(options.omit ?? []);
  return Object.entries(schema.properties)
    .filter(([key]) => !omit.has(key))
    .map(([key, property]): FormField => {
      const p = isRecord(property) ? property : {};
      const base = expressions.has(key) ? { kind: "expression" as const } : kindOf(property);
      const field: FormField = { key, label: labelOf(key), required: required.has(key), ...base };
      if (typeof p.description === "string") field.description = p.description;
      const min = limit(p.minimum);
      const max = limit(p.maximum);
      if (min !== undefined) field.minimum = min;
      if (max !== undefined) field.maximum = max;
      return field;
    });
}

/**
 * A form control's text → the config value. Empty text removes the key (undefined),
 * so an optional field left blank is absent rather than "" (which schemas reject).
 */
export function parseFieldValue(field: Pick<FormField, "kind">, text: string): { value: unknown } | { error: string } {
  if (text.trim() === "") return { value: undefined };
  switch (field.kind) {
    case "integer":
    case "number": {
      const n = Number(text);
      if (!Number.isFinite(n)) return { error: "must be a number" };
      if (field.kind === "integer" && !Number.isInteger(n)) return { error: "must be a whole number" };
      return { value: n };
    }
    case "json":
      try {
        return { value: JSON.parse(text) as unknown };
      } catch {
        return { error: "must be valid JSON" };
      }
    default:
      return { value: text };
  }
}

/** The config value → the text a control shows. */
export function formatFieldValue(field: Pick<FormField, "kind">, value: unknown): string {
  if (value === undefined || value === null) return "";
  if (field.kind === "json") return JSON.stringify(value, null, 2);
  return typeof value === "string" ? value : String(value);
}

/** Bounds a number field states in its schema (the server checks them again). */
export function checkBounds(field: FormField, value: unknown): string | undefined {
  if (typeof value !== "number") return undefined;
  if (field.minimum !== undefined && value < field.minimum) return `must be at least ${field.minimum}`;
  if (field.maximum !== undefined && value > field.maximum) return `must be at most ${field.maximum}`;
  return undefined;
}
