import { z } from "zod";
import { customerSchema } from "./customer";
import { inventoryPositionSchema } from "./inventory-position";
import { invoiceSchema } from "./invoice";
import { productSchema } from "./product";
import { purchaseOrderSchema } from "./purchase-order";
import { returnAuthorizationSchema } from "./return-authorization";
import { salesOrderSchema } from "./sales-order";
import { shipmentSchema } from "./shipment";

export const canonicalObjectNames = [
  "SalesOrder",
  "Customer",
  "Product",
  "InventoryPosition",
  "Shipment",
  "Invoice",
  "ReturnAuthorization",
  "PurchaseOrder",
] as const;
export type CanonicalObjectName = (typeof canonicalObjectNames)[number];

/**
 * Every canonical object by name: the mapping editor lists these as target
 * schemas and validates mapping output against them.
 */
export const canonicalSchemas: Record<string, z.ZodType> = {
  SalesOrder: salesOrderSchema,
  Customer: customerSchema,
  Product: productSchema,
  InventoryPosition: inventoryPositionSchema,
  Shipment: shipmentSchema,
  Invoice: invoiceSchema,
  ReturnAuthorization: returnAuthorizationSchema,
  PurchaseOrder: purchaseOrderSchema,
} satisfies Record<CanonicalObjectName, z.ZodType>;

/**
 * JSON Schema (draft 2020-12) of one canonical object, for the mapping editor's
 * field tree and help texts. io "input" because a mapping produces the input
 * side: fields with defaults (empty lists) are optional there. Refinements
 * (check digits, cross-field rules) cannot be expressed and are left out;
 * "any" keeps the export from throwing should a future field be unrepresentable.
 */
export function canonicalJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>;
}

/** JSON Schemas of every canonical object, freshly built (callers may mutate them). */
export function canonicalJsonSchemas(): Record<string, object> {
  return Object.fromEntries(Object.entries(canonicalSchemas).map(([name, schema]) => [name, canonicalJsonSchema(schema)]));
}
