import { z } from "zod";
import { addressSchema } from "./address";
import { isoDateSchema, timestampSchema } from "./dates";
import { positiveQuantitySchema, rateSchema } from "./decimal";
import { externalIdsSchema, skuSchema } from "./identifiers";
import { currencySchema, moneySchema, nonNegativeMoneySchema } from "./money";
import {
  type TotalsCheck,
  compareTotals,
  lineDiscountSchema,
  orderDiscountSchema,
  reportCurrencyMismatches,
  reportDuplicates,
  shippingLineSchema,
  taxLineSchema,
  totalsSchema,
} from "./pricing";
import { customerRefSchema, orderRefSchema } from "./refs";
import { unitsPerUomSchema, uomCodeSchema } from "./uom";

export const paymentTermsSchema = z
  .object({
    code: z.string().min(1).describe("Terms code (NET30, 2/10NET30, DUE_ON_RECEIPT)"),
    description: z.string().min(1).optional().describe("Terms as printed"),
    netDays: z.number().int().nonnegative().optional().describe("Days after the invoice date the net amount is due"),
    discountRate: rateSchema.optional().describe("Early-payment discount as a fraction (\"0.02\" for 2 %)"),
    discountDays: z.number().int().nonnegative().optional().describe("Days within which the early-payment discount applies"),
  })
  .describe("Payment terms");

export const invoiceLineSchema = z
  .object({
    lineId: z.string().min(1).describe("Line id, unique within the invoice"),
    orderLineId: z.string().min(1).optional().describe("lineId of the sales order line being billed"),
    sku: skuSchema,
    description: z.string().min(1).describe("Item description as billed"),
    quantity: positiveQuantitySchema.describe("Quantity billed, in uom"),
    uom: uomCodeSchema.describe("Unit of quantity and unit price"),
    unitsPerUom: unitsPerUomSchema.optional().describe("Base units in one uom; omitted means 1"),
    unitPrice: nonNegativeMoneySchema.describe("Price of one uom before discounts"),
    discounts: z.array(lineDiscountSchema).default([]).describe("Discounts on this line"),
  })
  .describe("One billed item");
export type InvoiceLine = z.infer<typeof invoiceLineSchema>;

export const invoiceTotalsSchema = totalsSchema
  .extend({
    amountPaid: nonNegativeMoneySchema.optional().describe("Already paid (payments and applied credits)"),
    amountDue: moneySchema.optional().describe("Still owed"),
  })
  .describe("Invoice totals as reported");

export const invoiceSchema = z
  .object({
    invoiceNumber: z.string().min(1).describe("Invoice number as printed"),
    externalId: z.string().min(1).optional().describe("Primary id of the invoice in the source system"),
    externalIds: externalIdsSchema,
    orderRef: orderRefSchema.optional().describe("The sales order billed (absent for stand-alone invoices)"),
    customer: customerRefSchema,
    billTo: addressSchema.optional().describe("Billing address"),
    shipTo: addressSchema.optional().describe("Address the billed goods went to"),
    invoiceDate: isoDateSchema.describe("Invoice date; terms count from it"),
    dueDate: isoDateSchema.optional().describe("Date payment is due; not before invoiceDate"),
    terms: paymentTermsSchema.optional(),
    currency: currencySchema.describe("Invoice currency; every amount must use it"),
    status: z.enum(["draft", "open", "partially_paid", "paid", "void"]).describe("Invoice status"),
    lines: z.array(invoiceLineSchema).min(1).describe("Billed items, at least one"),
    discounts: z.array(orderDiscountSchema).default([]).describe("Invoice-level discounts"),
    shippingLines: z.array(shippingLineSchema).default([]).describe("Freight and handling charges"),
    taxes: z.array(taxLineSchema).default([]).describe("Taxes on the invoice, one per tax and jurisdiction"),
    taxesIncluded: z.boolean().default(false).describe("True when prices already include tax"),
    totals: invoiceTotalsSchema,
    notes: z.array(z.string().min(1)).default([]).describe("Notes printed on the invoice"),
    updatedAt: timestampSchema.optional().describe("Last change in the source: newer updates win"),
  })
  .superRefine((invoice, ctx) => {
    reportDuplicates(ctx, invoice.lines, (l) => l.lineId, ["lines"], "lineId");
    reportCurrencyMismatches(ctx, invoice, invoice.currency);
    // ISO dates compare correctly as strings.
    if (invoice.dueDate !== undefined && invoice.dueDate < invoice.invoiceDate) {
      ctx.addIssue({ code: "custom", message: "dueDate is before invoiceDate", path: ["dueDate"] });
    }
  })
  .meta({ title: "Invoice", description: "A customer invoice: order reference, dates and terms, billed lines, taxes, totals" });
export type Invoice = z.infer<typeof invoiceSchema>;

/** Invoice counterpart of checkTotals: header totals against lines, shipping and header taxes. */
export function checkInvoiceTotals(invoice: Invoice, options: { toleranceMinor?: number } = {}): TotalsCheck {
  return compareTotals(invoice, invoice.totals, options.toleranceMinor ?? 0);
}
