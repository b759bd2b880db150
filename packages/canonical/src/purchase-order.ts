import { z } from "zod";
import { addressSchema } from "./address";
import { isoDateSchema, timestampSchema } from "./dates";
import { positiveQuantitySchema } from "./decimal";
import { externalIdsSchema, gtinSchema, skuSchema } from "./identifiers";
import { currencySchema, nonNegativeMoneySchema } from "./money";
import { reportCurrencyMismatches, reportDuplicates } from "./pricing";
import { partySchema } from "./refs";
import { unitsPerUomSchema, uomCodeSchema } from "./uom";

/**
 * A purchase order between two parties. It serves both directions a
 * distributor sees: POs it sends to vendors (buyer = us) and POs retailers
 * send to it over EDI 850 (seller = us). Part numbers are therefore named by
 * party, not "our"/"their".
 */
export const purchaseOrderLineSchema = z
  .object({
    lineId: z.string().min(1).describe("Line id (EDI PO1 assigned id), unique within the PO"),
    buyerPartNumber: skuSchema.optional().describe("The buyer's item number"),
    vendorPartNumber: z.string().min(1).optional().describe("The seller's (vendor's) item number"),
    gtin: gtinSchema.optional().describe("UPC/GTIN of the ordered unit"),
    description: z.string().min(1).optional().describe("Item description"),
    quantity: positiveQuantitySchema.describe("Quantity ordered, in uom"),
    uom: uomCodeSchema.describe("Unit of quantity and unit price"),
    unitsPerUom: unitsPerUomSchema.optional().describe("Base units in one uom (inner pack / case size); omitted means 1"),
    unitPrice: nonNegativeMoneySchema.optional().describe("Agreed price of one uom (absent when priced by contract)"),
    requestedDeliveryDate: isoDateSchema.optional().describe("Delivery date for this line, when it differs from the header"),
  })
  .refine((l) => l.buyerPartNumber !== undefined || l.vendorPartNumber !== undefined || l.gtin !== undefined, {
    message: "a PO line needs buyerPartNumber, vendorPartNumber or gtin to identify the item",
    path: ["buyerPartNumber"],
  })
  .describe("One ordered item");
export type PurchaseOrderLine = z.infer<typeof purchaseOrderLineSchema>;

export const purchaseOrderSchema = z
  .object({
    poNumber: z.string().min(1).describe("Purchase order number"),
    externalId: z.string().min(1).optional().describe("Primary id of the PO in the source system"),
    externalIds: externalIdsSchema,
    type: z.enum(["standard", "blanket", "release", "dropship"]).default("standard").describe("standard, blanket, release (against a blanket) or dropship (ship direct to the end customer)"),
    status: z.enum(["draft", "open", "acknowledged", "partially_received", "received", "cancelled", "closed"]).describe("PO status"),
    buyer: partySchema.describe("The party buying"),
    seller: partySchema.describe("The party selling (vendor)"),
    orderDate: isoDateSchema.describe("PO date"),
    requestedShipDate: isoDateSchema.optional().describe("Ship-not-before / requested ship date"),
    requestedDeliveryDate: isoDateSchema.optional().describe("Date the goods are to arrive"),
    cancelAfter: isoDateSchema.optional().describe("Cancel if not shipped by this date"),
    shipTo: addressSchema.describe("Delivery address"),
    shipToLocationCode: z.string().min(1).optional().describe("Buyer's store or DC code for the ship-to"),
    billTo: addressSchema.optional().describe("Address invoices go to"),
    currency: currencySchema.describe("PO currency; every amount must use it"),
    paymentTerms: z.string().min(1).optional().describe("Payment terms code (NET30)"),
    shippingMethod: z.string().min(1).optional().describe("Requested carrier / routing"),
    lines: z.array(purchaseOrderLineSchema).min(1).describe("Ordered items, at least one"),
    totalAmount: nonNegativeMoneySchema.optional().describe("PO total as stated by the source"),
    notes: z.array(z.string().min(1)).default([]).describe("Notes and instructions"),
    updatedAt: timestampSchema.optional().describe("Last change in the source: newer updates win"),
  })
  .superRefine((po, ctx) => {
    reportDuplicates(ctx, po.lines, (l) => l.lineId, ["lines"], "lineId");
    reportCurrencyMismatches(ctx, po, po.currency);
    if (po.cancelAfter !== undefined && po.cancelAfter < po.orderDate) {
      ctx.addIssue({ code: "custom", message: "cancelAfter is before orderDate", path: ["cancelAfter"] });
    }
  })
  .meta({ title: "PurchaseOrder", description: "A purchase order between a buyer and a seller: parties, dates, ship-to, lines with part numbers, quantities and prices" });
export type PurchaseOrder = z.infer<typeof purchaseOrderSchema>;
