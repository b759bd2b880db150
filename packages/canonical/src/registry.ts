import type { z } from "zod";
import { salesOrderSchema } from "./sales-order";

/**
 * Every canonical object by name: the mapping editor lists these as target
 * schemas and validates mapping output against them.
 */
export const canonicalSchemas: Record<string, z.ZodType> = {
  SalesOrder: salesOrderSchema,
};
