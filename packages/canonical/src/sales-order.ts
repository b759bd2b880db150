import { z } from "zod";
import { addressSchema } from "./address";
import { isoDateSchema, timestampSchema } from "./dates";
import { positiveQuantitySchema } from "./decimal";
import { externalIdsSchema, gtinSchema, skuSchema } from "./identifiers";
import { currencySchema, nonNegativeMoneySchema } from "./money";
import {
  type Totals,
  type TotalsCheck,
  compareTotals,
  computeTotals,
  lineDiscountSchema,
  orderDiscountSchema,
  reportCurrencyMismatches,
  reportDuplicates,
  shippingLineSchema,
  taxLineSchema,
  totalsSchema,
} from "./pricing";
import { kitComponentSchema } from "./product";
import { customerRefSchema } from "./refs";
import { unitsPerUomSchema, uomCodeSchema } from "./uom";

/**
 * The canonical sales order: what every channel (Shopify, EDI 850, B2B portal)
 * maps into and every fulfilment/ERP target maps out of. Amounts are exact
 * Money in the order currency; quantities are numbers with ≤ 6 decimals.
 */
export const salesOrderLineSchema = z
  .object({
    lineId: z.string().min(1).describe("Line id, unique within the order; shipments, invoices and returns refer to it"),
    sku: skuSchema,
    gtin: gtinSchema.optional().describe("UPC/GTIN of the ordered unit, when the source sends one"),
    description: z.string().min(1).describe("Item description as ordered"),
    quantity: positiveQuantitySchema.describe("Quantity ordered, in uom"),
    uom: uomCodeSchema.describe("Unit of measure of quantity and unit price (EA, CS, PK…)"),
    unitsPerUom: unitsPerUomSchema.optional().describe("Base units in one uom (12 for a case of 12); omitted means 1"),
    unitPrice: nonNegativeMoneySchema.describe("Price of one uom, before discounts and (unless taxesIncluded) tax"),
    discounts: z.array(lineDiscountSchema).default([]).describe("Discounts on this line"),
    taxes: z.array(taxLineSchema).default([]).describe("Taxes on this line"),
    kitComponents: z.array(kitComponentSchema).min(1).optional().describe("For a kit SKU: its components per one kit, as the warehouse will pick them"),
  })
  .describe("One ordered item");
export type SalesOrderLine = z.infer<typeof salesOrderLineSchema>;

export const salesOrderStatusSchema = z
  .enum(["pending", "open", "on_hold", "partially_shipped", "shipped", "cancelled", "closed"])
  .describe("Order status: pending (not yet released, e.g. awaiting payment), open, on_hold, partially_shipped, shipped, cancelled, closed");

export const salesOrderSchema = z
  .object({
    externalId: z.string().min(1).describe("Primary id of the order in the source system (the upsert key downstream)"),
    externalIds: externalIdsSchema,
    orderNumber: z.string().min(1).describe("Order number the customer sees (#1001, the buyer's PO number for EDI)"),
    channel: z.string().min(1).describe("Sales channel the order came from: shopify, amazon, edi, b2b-portal, phone…"),
    orderDate: timestampSchema.describe("When the order was placed"),
    currency: currencySchema.describe("Order currency; every amount in the order must use it"),
    status: salesOrderStatusSchema,
    customer: customerRefSchema,
    customerPoNumber: z.string().min(1).optional().describe("The customer's purchase order number (B2B)"),
    billTo: addressSchema.optional().describe("Billing address"),
    shipTo: addressSchema.optional().describe("Shipping address; absent for pickup or digital orders"),
    lines: z.array(salesOrderLineSchema).min(1).describe("Ordered items, at least one"),
    discounts: z.array(orderDiscountSchema).default([]).describe("Order-level discounts (code, amount)"),
    shippingLines: z.array(shippingLineSchema).default([]).describe("Shipping charges"),
    taxesIncluded: z.boolean().default(false).describe("True when unit and shipping prices already include tax (EU VAT, Shopify taxes_included)"),
    totals: totalsSchema.optional().describe("Header totals as reported by the source; checkTotals compares them with the lines, computeOrderTotals derives them"),
    notes: z.array(z.string().min(1)).default([]).describe("Customer and internal notes, in source order"),
    tags: z.array(z.string().min(1)).default([]).describe("Free-form tags"),
    requestedShipDate: isoDateSchema.optional().describe("Date the customer wants the order shipped"),
    updatedAt: timestampSchema.optional().describe("Last change in the source: an update older than the stored one is stale"),
  })
  .superRefine((order, ctx) => {
    reportDuplicates(ctx, order.lines, (l) => l.lineId, ["lines"], "lineId");
    reportCurrencyMismatches(ctx, order, order.currency);
  })
  .meta({ title: "SalesOrder", description: "A customer order from any channel: parties, addresses, priced lines, discounts, taxes, shipping, totals" });
export type SalesOrder = z.infer<typeof salesOrderSchema>;
/** What a mapping must produce: defaults (empty lists, taxesIncluded false) may be omitted. */
export type SalesOrderInput = z.input<typeof salesOrderSchema>;

/** Totals derived exactly from lines, discounts and shipping lines. */
export function computeOrderTotals(order: SalesOrder): Totals {
  return computeTotals(order);
}

/**
 * Checks the reported header totals against the lines (a soft check, not a
 * refinement: see compareTotals). ok is true when totals are absent.
 */
export function checkTotals(order: SalesOrder, options: { toleranceMinor?: number } = {}): TotalsCheck {
  return compareTotals(order, order.totals, options.toleranceMinor ?? 0);
}
