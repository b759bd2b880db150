import { z } from "zod";
import { moneySchema } from "./money";

/** First cut of the canonical SalesOrder; issue 4 completes it (taxes, discounts, UoM, addresses). */
export const salesOrderLineSchema = z.object({
  sku: z.string().min(1),
  quantity: z.number().positive(),
  unitPrice: moneySchema,
});

export const salesOrderSchema = z.object({
  externalId: z.string().min(1),
  channel: z.string().min(1),
  customerEmail: z.string().email().optional(),
  lines: z.array(salesOrderLineSchema).min(1),
});
export type SalesOrder = z.infer<typeof salesOrderSchema>;
