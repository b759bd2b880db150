import { canonicalJsonSchemas, canonicalSchemas } from "@ipaas/canonical";
import { targetSchemaByName } from "@ipaas/mapping-engine";
import { z } from "zod";
import { inventorySetQuantitiesSchema } from "./inventory-position-to-shopify-quantities";
import { fulfillmentInputSchema } from "./shipment-to-shopify-fulfillment";
import { x12TransactionSetSchema } from "./x12-json";

/**
 * Every target schema a mapping can name (docs/architecture.md "Expressions and the
 * sandbox"): the canonical objects, plus the outside documents the standard
 * mappings produce (Shopify inputs, X12 transaction sets), so a copy of a standard
 * mapping keeps validating its output. "X[]" names a list of X.
 */
const externalJsonSchemas: Record<string, Record<string, unknown>> = {
  "Shopify inventorySetQuantities": inventorySetQuantitiesSchema,
  "Shopify fulfillmentCreate": fulfillmentInputSchema,
  "X12 transaction set": x12TransactionSetSchema,
};

/** Zod schemas by name, for the engine's `targetSchemas` option (object names only; lists are derived). */
export const mappingTargetSchemas: Record<string, z.ZodType> = {
  ...canonicalSchemas,
  ...Object.fromEntries(Object.entries(externalJsonSchemas).map(([name, schema]) => [name, z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0])])),
};

/** A target name the registry resolves: "SalesOrder", "InventoryPosition[]", "X12 transaction set". */
export function isTargetSchemaName(name: string): boolean {
  return targetSchemaByName(name, mappingTargetSchemas) !== undefined;
}

export interface TargetSchemaInfo {
  /** The object's name; "<name>[]" targets a list of it. */
  name: string;
  /** Canonical object or an outside system's document. */
  kind: "canonical" | "external";
  /** JSON Schema of one object (field completion, field-mapping rows). */
  jsonSchema: Record<string, unknown>;
}

/** The object schemas as JSON Schema, canonical first; the editor wraps one in an array for a list target. */
export function targetJsonSchemas(): TargetSchemaInfo[] {
  const canonical = Object.entries(canonicalJsonSchemas()).map(([name, jsonSchema]) => ({ name, kind: "canonical" as const, jsonSchema: jsonSchema as Record<string, unknown> }));
  const external = Object.entries(externalJsonSchemas).map(([name, jsonSchema]) => ({ name, kind: "external" as const, jsonSchema: structuredClone(jsonSchema) }));
  return [...canonical.sort((a, b) => a.name.localeCompare(b.name)), ...external];
}
