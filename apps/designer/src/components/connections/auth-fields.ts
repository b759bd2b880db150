/** One input of a connection form, derived from the connector's auth JSON Schema. */
export interface AuthField {
  key: string;
  label: string;
  kind: "text" | "number" | "boolean";
  required: boolean;
  secret: boolean;
  description?: string;
  placeholder?: string;
}

interface JsonSchemaProperty {
  type?: string | string[];
  format?: string;
  description?: string;
  title?: string;
  default?: unknown;
}

const WORDS: Record<string, string> = { url: "URL", id: "ID", api: "API", oauth: "OAuth" };

/** "baseUrl" → "Base URL", "webhookSecret" → "Webhook secret". */
export function labelOf(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").toLowerCase().split(" ");
  return words
    .map((w, i) => WORDS[w] ?? (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w))
    .join(" ");
}

/**
 * The form's fields, in schema order: secret fields become password inputs, the
 * rest text, number or checkbox inputs. Anything richer (objects, arrays) is
 * edited as text and sent as typed; the server validates either way.
 */
export function authFieldsOf(authSchema: Record<string, unknown>, secretFields: readonly string[]): AuthField[] {
  const properties = (authSchema.properties ?? {}) as Record<string, JsonSchemaProperty>;
  const required = new Set(Array.isArray(authSchema.required) ? (authSchema.required as string[]) : []);
  return Object.entries(properties).map(([key, prop]) => {
    const type = Array.isArray(prop.type) ? prop.type.find((t) => t !== "null") : prop.type;
    const kind = type === "number" || type === "integer" ? "number" : type === "boolean" ? "boolean" : "text";
    const placeholder = prop.format === "uri" ? "https://…" : prop.default !== undefined ? String(prop.default) : undefined;
    return { key, label: prop.title ?? labelOf(key), kind, required: required.has(key), secret: secretFields.includes(key), description: prop.description, placeholder };
  });
}

/** A form value as the API wants it: empty inputs are left out, numbers and booleans typed. */
export function configValue(field: AuthField, raw: string | boolean): unknown {
  if (field.kind === "boolean") return raw === true;
  if (typeof raw !== "string" || raw.trim() === "") return undefined;
  if (field.kind === "number") return Number(raw);
  return raw.trim();
}

/** A stored config value shown in its input. */
export function inputValue(field: AuthField, value: unknown): string | boolean {
  if (field.kind === "boolean") return value === true;
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}
