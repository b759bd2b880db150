import { z } from "zod";
import { rateSchema } from "./decimal";
import { type Money, moneySchema, multiplyMoney, nonNegativeMoneySchema, subtractMoney, sumMoney } from "./money";

/** Pricing parts shared by orders, invoices and purchase orders. */

export const taxLineSchema = z
  .object({
    name: z.string().min(1).describe("Tax name as the source shows it (CA State Tax, VAT, GST)"),
    rate: rateSchema,
    amount: nonNegativeMoneySchema.describe("Tax amount charged"),
    jurisdiction: z.string().min(1).optional().describe("Taxing jurisdiction code (US-CA, DE)"),
  })
  .describe("One tax applied, with its rate and the exact amount");
export type TaxLine = z.infer<typeof taxLineSchema>;

export const lineDiscountSchema = z
  .object({
    code: z.string().min(1).optional().describe("Discount or promotion code, when there is one"),
    description: z.string().min(1).optional().describe("Why the discount applies"),
    amount: nonNegativeMoneySchema.describe("Discount for the whole line (not per unit), positive; it is subtracted"),
  })
  .describe("A discount on one line");
export type LineDiscount = z.infer<typeof lineDiscountSchema>;

export const orderDiscountSchema = z
  .object({
    code: z.string().min(1).describe("Discount code or promotion id (SPRING10, a coupon, a contract allowance)"),
    description: z.string().min(1).optional().describe("Why the discount applies"),
    amount: nonNegativeMoneySchema.describe("Discount amount, positive; it is subtracted from the order"),
  })
  .describe("A discount on the whole order (including shipping discounts)");
export type OrderDiscount = z.infer<typeof orderDiscountSchema>;

export const shippingLineSchema = z
  .object({
    carrier: z.string().min(1).optional().describe("Carrier code (UPS, FEDEX, USPS, an LTL SCAC)"),
    service: z.string().min(1).optional().describe("Service level (GROUND, 2DAY, LTL)"),
    code: z.string().min(1).optional().describe("The source's shipping method code, kept for lookups"),
    description: z.string().min(1).optional().describe("Shipping method as shown to the customer"),
    price: nonNegativeMoneySchema.describe("Shipping charged, before tax"),
    taxes: z.array(taxLineSchema).default([]).describe("Taxes on this shipping charge"),
  })
  .describe("A shipping charge");
export type ShippingLine = z.infer<typeof shippingLineSchema>;

export const totalsSchema = z
  .object({
    subtotal: nonNegativeMoneySchema.describe("Sum of quantity × unit price over the lines, before discounts"),
    discounts: nonNegativeMoneySchema.describe("All line and order discounts, positive"),
    tax: nonNegativeMoneySchema.describe("All taxes: lines and shipping"),
    shipping: nonNegativeMoneySchema.describe("All shipping charges, before tax"),
    grandTotal: moneySchema.describe("subtotal − discounts + shipping + tax (tax not added again when prices include tax)"),
  })
  .describe("Header totals as the source reported them");
export type Totals = z.infer<typeof totalsSchema>;

interface Amount {
  amount: Money;
}

/** What the totals arithmetic needs from a document; orders and invoices both fit. */
export interface PricedDocument {
  currency: string;
  lines: ReadonlyArray<{ quantity: number; unitPrice: Money; discounts?: readonly Amount[]; taxes?: readonly Amount[] }>;
  discounts?: readonly Amount[];
  shippingLines?: ReadonlyArray<{ price: Money; taxes?: readonly Amount[] }>;
  /** Header-level taxes (invoices carry their taxes here). */
  taxes?: readonly Amount[];
  taxesIncluded?: boolean;
}

/**
 * Totals derived from the lines. Each line's extended price is rounded half-even
 * once (quantity × unit price), then everything is integer addition.
 */
export function computeTotals(doc: PricedDocument): Totals {
  const c = doc.currency;
  const amounts = (list: readonly Amount[] | undefined) => (list ?? []).map((x) => x.amount);
  const subtotal = sumMoney(doc.lines.map((l) => multiplyMoney(l.unitPrice, l.quantity)), c);
  const discounts = sumMoney([...doc.lines.flatMap((l) => amounts(l.discounts)), ...amounts(doc.discounts)], c);
  const shippingLines = doc.shippingLines ?? [];
  const shipping = sumMoney(shippingLines.map((s) => s.price), c);
  const tax = sumMoney(
    [...doc.lines.flatMap((l) => amounts(l.taxes)), ...shippingLines.flatMap((s) => amounts(s.taxes)), ...amounts(doc.taxes)],
    c,
  );
  const beforeTax = sumMoney([subtractMoney(subtotal, discounts), shipping], c);
  const grandTotal = doc.taxesIncluded ? beforeTax : sumMoney([beforeTax, tax], c);
  return { subtotal, discounts, tax, shipping, grandTotal };
}

export interface TotalsMismatch {
  field: keyof Totals;
  path: (string | number)[];
  /** Derived from the lines. */
  expected: Money;
  /** As reported. */
  actual: Money;
  differenceMinor: number;
}

export interface TotalsCheck {
  /** True when every reported total is within tolerance (or nothing was reported). */
  ok: boolean;
  computed: Totals;
  mismatches: TotalsMismatch[];
}

/**
 * Compares reported totals with derived ones. A soft check rather than a schema
 * refinement: sources legitimately differ by a cent (per-unit vs per-line tax
 * rounding), so a flow decides whether to block, warn or use `computed`.
 */
export function compareTotals(doc: PricedDocument, reported: Totals | undefined, toleranceMinor = 0): TotalsCheck {
  const computed = computeTotals(doc);
  const mismatches: TotalsMismatch[] = [];
  if (reported) {
    for (const field of ["subtotal", "discounts", "tax", "shipping", "grandTotal"] as const) {
      const expected = computed[field];
      const actual = reported[field];
      const differenceMinor = actual.currency === expected.currency ? actual.amountMinor - expected.amountMinor : Number.NaN;
      if (!(Math.abs(differenceMinor) <= toleranceMinor)) {
        mismatches.push({ field, path: ["totals", field], expected, actual, differenceMinor });
      }
    }
  }
  return { ok: mismatches.length === 0, computed, mismatches };
}

/**
 * Reports every amount in `value` whose currency differs from the document's,
 * at its own path. Walking the value (rather than listing fields) keeps the
 * check complete as schemas grow: a mixed-currency document is always a
 * mapping bug and would make every sum throw later.
 */
export function reportCurrencyMismatches(ctx: z.RefinementCtx, value: unknown, currency: string, path: (string | number)[] = []): void {
  // An invalid document currency is already reported on its own field; flagging every amount too would bury that.
  if (!/^[A-Z]{3}$/.test(currency)) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => reportCurrencyMismatches(ctx, item, currency, [...path, i]));
    return;
  }
  if (typeof value !== "object" || value === null) return;
  const record = value as Record<string, unknown>;
  if (typeof record.amountMinor === "number" && typeof record.currency === "string") {
    if (record.currency !== currency) {
      ctx.addIssue({ code: "custom", message: `amount is in ${record.currency} but the document currency is ${currency}`, path: [...path, "currency"] });
    }
    return;
  }
  for (const [key, child] of Object.entries(record)) reportCurrencyMismatches(ctx, child, currency, [...path, key]);
}

/** Reports duplicate values of `key` among `items` (line ids must be unique: shipments and returns point at them). */
export function reportDuplicates<T>(ctx: z.RefinementCtx, items: readonly T[], key: (item: T) => string | undefined, arrayPath: (string | number)[], field: string): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const value = key(item);
    if (value === undefined) return;
    if (seen.has(value)) ctx.addIssue({ code: "custom", message: `duplicate ${field} "${value}"`, path: [...arrayPath, i, field] });
    seen.add(value);
  });
}
