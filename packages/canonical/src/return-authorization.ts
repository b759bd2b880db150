import { z } from "zod";
import { addressSchema } from "./address";
import { isoDateSchema, timestampSchema } from "./dates";
import { positiveQuantitySchema } from "./decimal";
import { externalIdsSchema, skuSchema } from "./identifiers";
import { nonNegativeMoneySchema } from "./money";
import { reportCurrencyMismatches, reportDuplicates } from "./pricing";
import { customerRefSchema, orderRefSchema } from "./refs";
import { uomCodeSchema } from "./uom";

/**
 * Return reasons, conditions and dispositions are enums: downstream logic
 * (restock or scrap, refund or not, vendor claim) branches on them. Sources'
 * own codes are translated with a lookup table in the mapping; "other" plus
 * reasonText keeps anything that does not fit.
 */
export const returnReasonSchema = z
  .enum(["damaged_in_transit", "defective", "wrong_item", "not_as_described", "no_longer_needed", "ordered_by_mistake", "late_delivery", "other"])
  .describe("Why the customer returns the item");
export const itemConditionSchema = z
  .enum(["new", "opened", "used", "damaged", "defective", "unknown"])
  .describe("Condition of the returned item (as stated, or as inspected once received)");
export const dispositionSchema = z
  .enum(["restock", "refurbish", "return_to_vendor", "scrap", "inspect"])
  .describe("What happens to the returned item");

export const returnLineSchema = z
  .object({
    lineId: z.string().min(1).describe("Line id, unique within the return"),
    orderLineId: z.string().min(1).optional().describe("lineId of the sales order line being returned"),
    sku: skuSchema,
    quantity: positiveQuantitySchema.describe("Quantity authorized for return, in uom"),
    uom: uomCodeSchema.describe("Unit of the quantity"),
    reasonCode: returnReasonSchema,
    reasonText: z.string().min(1).optional().describe("Customer's own words, or the source's reason when reasonCode is other"),
    condition: itemConditionSchema,
    disposition: dispositionSchema.optional().describe("What happens to the item; decided at authorization or after inspection"),
    refundAmount: nonNegativeMoneySchema.optional().describe("Refund for this line"),
  })
  .describe("One returned item");
export type ReturnLine = z.infer<typeof returnLineSchema>;

export const returnAuthorizationSchema = z
  .object({
    rmaNumber: z.string().min(1).describe("Return merchandise authorization number"),
    externalIds: externalIdsSchema,
    orderRef: orderRefSchema.describe("The sales order the goods were shipped on"),
    customer: customerRefSchema,
    status: z.enum(["requested", "authorized", "received", "closed", "rejected"]).describe("Return status"),
    requestedAt: timestampSchema.describe("When the return was requested"),
    expiresOn: isoDateSchema.optional().describe("Last day the goods are accepted under this RMA"),
    returnTo: addressSchema.optional().describe("Where the goods are to be sent"),
    lines: z.array(returnLineSchema).min(1).describe("Returned items, at least one"),
    refundAmount: nonNegativeMoneySchema.optional().describe("Total refund (lines, plus any shipping or tax refunded, minus restocking fees)"),
    restockingFee: nonNegativeMoneySchema.optional().describe("Fee withheld from the refund"),
    notes: z.array(z.string().min(1)).default([]).describe("Notes"),
    updatedAt: timestampSchema.optional().describe("Last change in the source: newer updates win"),
  })
  .superRefine((rma, ctx) => {
    reportDuplicates(ctx, rma.lines, (l) => l.lineId, ["lines"], "lineId");
    // All refund amounts share one currency: the first one found sets it.
    const currency = rma.refundAmount?.currency ?? rma.lines.find((l) => l.refundAmount)?.refundAmount?.currency;
    if (currency !== undefined) reportCurrencyMismatches(ctx, rma, currency);
  })
  .meta({ title: "ReturnAuthorization", description: "An RMA: order reference, returned lines with reason, condition and disposition, refund" });
export type ReturnAuthorization = z.infer<typeof returnAuthorizationSchema>;
