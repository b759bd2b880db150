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

/**
 * A target schema name ending in "[]" is a list of the object before it
 * (docs/architecture.md "Expressions and the sandbox"); the engine resolves it the
 * same way (targetSchemaByName), kept off the client bundle.
 */
const LIST_SUFFIX = "[]";

export function listTargetOf(name: string): string | null {
  return name.endsWith(LIST_SUFFIX) ? name.slice(0, -LIST_SUFFIX.length) : null;
}

export const listTargetName = (objectName: string) => `${objectName}${LIST_SUFFIX}`;

/** "list of InventoryPosition" for "InventoryPosition[]". */
export function targetLabel(name: string): string {
  const element = listTargetOf(name);
  return element === null ? name : `list of ${element}`;
}

/** Fields a target's objects have: for a list, those of its elements (written inside `[items.{ … }]`). */
export function targetFieldsFor(name: string | null, schemas: ReadonlyArray<{ name: string; jsonSchema: Record<string, unknown> }>): TargetField[] {
  if (name === null) return [];
  const objectName = listTargetOf(name) ?? name;
  return targetFieldsOf(schemas.find((s) => s.name === objectName)?.jsonSchema);
}
