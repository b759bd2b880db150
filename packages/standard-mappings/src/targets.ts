import { canonicalJsonSchemas, canonicalSchemas } from "@ipaas/canonical";
import { targetSchemaByName } from "@ipaas/mapping-engine";
import { X12_DOCUMENT_JSON_SCHEMAS, X12_DOCUMENT_SCHEMAS, X12_DOCUMENT_SET_IDS } from "@ipaas/x12";
import { z } from "zod";
import { inventorySetQuantitiesSchema } from "./inventory-position-to-shopify-quantities";
import { fulfillmentInputSchema } from "./shipment-to-shopify-fulfillment";

/**
 * Every target schema a mapping can name (docs/architecture.md "Expressions and the
 * sandbox"): the canonical objects, plus the outside documents the standard
 * mappings produce (Shopify inputs, the typed JSON of each X12 transaction set
 * "X12 850" … "X12 997" from @ipaas/x12), so a copy of a standard mapping keeps
 * validating its output. "X[]" names a list of X.
 */
const shopifyJsonSchemas: Record<string, Record<string, unknown>> = {
  "Shopify inventorySetQuantities": inventorySetQuantitiesSchema,
  "Shopify fulfillmentCreate": fulfillmentInputSchema,
};
const x12Name = (set: string) => `X12 ${set}`;
const externalJsonSchemas: Record<string, Record<string, unknown>> = {
  ...shopifyJsonSchemas,
  ...Object.fromEntries(X12_DOCUMENT_SET_IDS.map((set) => [x12Name(set), X12_DOCUMENT_JSON_SCHEMAS[set]])),
};

/** Zod schemas by name, for the engine's `targetSchemas` option (object names only; lists are derived). */
export const mappingTargetSchemas: Record<string, z.ZodType> = {
  ...canonicalSchemas,
  ...Object.fromEntries(Object.entries(shopifyJsonSchemas).map(([name, schema]) => [name, z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0])])),
  // The X12 documents keep their own zod schemas (refinements included), not a JSON Schema round trip.
  ...Object.fromEntries(X12_DOCUMENT_SET_IDS.map((set) => [x12Name(set), X12_DOCUMENT_SCHEMAS[set]])),
};

/** A target name the registry resolves: "SalesOrder", "InventoryPosition[]", "X12 856". */
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
