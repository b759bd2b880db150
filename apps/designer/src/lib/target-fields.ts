import type { TargetField } from "@/components/mapping/field-mapping";

/** Top-level fields of an object JSON Schema (what the field view and key completion offer). */
export function targetFieldsOf(jsonSchema: Record<string, unknown> | undefined): TargetField[] {
  const properties = jsonSchema?.properties;
  if (!properties || typeof properties !== "object") return [];
  const required = new Set(Array.isArray(jsonSchema.required) ? (jsonSchema.required as string[]) : []);
  return Object.entries(properties as Record<string, { description?: unknown }>).map(([name, schema]) => ({
    name,
    description: typeof schema?.description === "string" ? schema.description : undefined,
    required: required.has(name),
  }));
}
