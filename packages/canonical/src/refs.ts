import { z } from "zod";
import { addressSchema } from "./address";
import { glnSchema } from "./identifiers";

/**
 * References from one canonical object to another. They hold only what a
 * source can be expected to know; lookups resolve them to full records.
 * Each needs at least one usable key, or it would reference nothing.
 */

export const customerRefSchema = z
  .object({
    externalId: z.string().min(1).optional().describe("Customer id in the source system"),
    email: z.email().optional().describe("Customer email (the usual match key for web orders)"),
    name: z.string().min(1).optional().describe("Customer or company name"),
  })
  .refine((ref) => ref.externalId !== undefined || ref.email !== undefined || ref.name !== undefined, {
    message: "customer needs at least one of externalId, email, name",
  })
  .describe("Who placed the order: at least one of externalId, email, name");
export type CustomerRef = z.infer<typeof customerRefSchema>;

export const orderRefSchema = z
  .object({
    orderNumber: z.string().min(1).optional().describe("Order number as the customer sees it (#1001, PO number for EDI)"),
    externalId: z.string().min(1).optional().describe("Primary external id of the sales order"),
  })
  .refine((ref) => ref.orderNumber !== undefined || ref.externalId !== undefined, {
    message: "order reference needs orderNumber or externalId",
  })
  .describe("Reference to a sales order: orderNumber and/or externalId");
export type OrderRef = z.infer<typeof orderRefSchema>;

export const contactSchema = z
  .object({
    name: z.string().min(1).optional().describe("Contact person"),
    email: z.email().optional().describe("Contact email"),
    phone: z.string().min(1).optional().describe("Contact phone"),
  })
  .describe("A contact person at a party");

/** A trading partner on a purchase order (buyer, seller/vendor). */
export const partySchema = z
  .object({
    name: z.string().min(1).describe("Legal or trading name"),
    externalId: z.string().min(1).optional().describe("The party's id in the source system (vendor or customer record)"),
    gln: glnSchema.optional(),
    ediId: z.string().min(1).optional().describe("EDI interchange id (ISA qualifier:id, e.g. 01:123456789)"),
    address: addressSchema.optional().describe("The party's business address"),
    contact: contactSchema.optional(),
  })
  .describe("A trading partner: name plus any ids that identify it");
export type Party = z.infer<typeof partySchema>;
