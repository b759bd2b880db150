import { z } from "zod";
import { timestampSchema } from "./dates";
import { nonNegativeQuantitySchema, quantitySchema, subtractQuantities } from "./decimal";
import { skuSchema } from "./identifiers";
import { uomCodeSchema } from "./uom";

/**
 * Stock of one SKU at one location at one instant, in the item's base unit.
 *
 * Decision: available = onHand − allocated, and when all three are given the
 * schema enforces it (exactly, in decimal). A source whose "available" also
 * nets out holds or quarantine should map allocated to include them, or omit
 * allocated; a position whose numbers do not add up would make every consumer
 * pick a different truth. available may be negative (over-allocation happens);
 * onHand and allocated may not. Safety stock is reported, not subtracted:
 * availableToPromise() does that.
 */
export const inventoryPositionSchema = z
  .object({
    sku: skuSchema,
    locationCode: z.string().min(1).describe("Warehouse or location code (after the location lookup: canonical codes)"),
    onHand: nonNegativeQuantitySchema.describe("Physically on hand, in base units"),
    allocated: nonNegativeQuantitySchema.optional().describe("Reserved for open orders, in base units"),
    available: quantitySchema.optional().describe("onHand − allocated; may be negative when over-allocated"),
    safetyStock: nonNegativeQuantitySchema.optional().describe("Quantity to keep back from sale channels"),
    uom: uomCodeSchema.optional().describe("Unit of the quantities; the item's base unit when omitted"),
    asOf: timestampSchema.describe("When the source measured these numbers"),
    sourceSequence: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe("Monotonic sequence number from the source (event offset, version); when present it decides which update is newer"),
  })
  .superRefine((p, ctx) => {
    if (p.allocated !== undefined && p.available !== undefined) {
      const expected = subtractQuantities(p.onHand, p.allocated);
      if (p.available !== expected) {
        ctx.addIssue({ code: "custom", message: `available must equal onHand − allocated (${expected})`, path: ["available"] });
      }
    }
  })
  .meta({ title: "InventoryPosition", description: "Stock of one SKU at one location at one instant: on hand, allocated, available, safety stock" });
export type InventoryPosition = z.infer<typeof inventoryPositionSchema>;

/** available if reported, else onHand − allocated (allocated 0 when unknown). */
export function availableQuantity(p: InventoryPosition): number {
  return p.available ?? subtractQuantities(p.onHand, p.allocated ?? 0);
}

/** What channels may sell: available minus safety stock, never below zero. */
export function availableToPromise(p: InventoryPosition): number {
  return Math.max(0, subtractQuantities(availableQuantity(p), p.safetyStock ?? 0));
}

/**
 * True when `next` should replace `current` (same SKU and location). When both
 * carry a sourceSequence it decides (a source's own counter does not suffer
 * clock skew); otherwise, or on a tie, the later asOf wins. Instants are
 * compared parsed, not as strings, because sources use different offsets.
 */
export function isNewerPosition(next: InventoryPosition, current: InventoryPosition): boolean {
  if (next.sourceSequence !== undefined && current.sourceSequence !== undefined && next.sourceSequence !== current.sourceSequence) {
    return next.sourceSequence > current.sourceSequence;
  }
  return Date.parse(next.asOf) > Date.parse(current.asOf);
}
