import { z } from "zod";
import { formatScaled, parseDecimal, rescale, toSafeNumber } from "./decimal";

/**
 * Money is exact: an integer amount of minor units (cents) plus an ISO 4217
 * currency. Binary floating point never takes part in sums; products and
 * conversions go through BigInt and round half-even.
 */
export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, "currency must be an ISO 4217 code such as USD")
  .describe("ISO 4217 currency code, upper case (USD, EUR, JPY)");

export const moneySchema = z
  .object({
    amountMinor: z
      .number()
      .int()
      .describe("Amount in the currency's minor units (cents for USD, yen for JPY, fils for KWD): an integer, never a float"),
    currency: currencySchema,
  })
  .describe("An exact amount of money: integer minor units plus currency");
export type Money = z.infer<typeof moneySchema>;

/** Money that cannot be negative (prices, discounts, taxes on a sale; a discount is stored positive and subtracted). */
export const nonNegativeMoneySchema = moneySchema
  .extend({ amountMinor: moneySchema.shape.amountMinor.nonnegative() })
  .describe("A non-negative exact amount of money");

/**
 * ISO 4217 minor-unit exponents that differ from 2. Every other code has 2;
 * keeping only the exceptions keeps the table short and reviewable.
 */
const FRACTION_DIGITS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0,
  UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** Decimal places of a currency's minor unit: 2 for USD, 0 for JPY, 3 for KWD. */
export function currencyFractionDigits(currency: string): number {
  return FRACTION_DIGITS[currency] ?? 2;
}

/** Parses a decimal string ("19.99") into minor units without floating point; throws if it has too many places. */
export function toMinorUnits(decimal: string, fractionDigits = 2): number {
  let parsed;
  try {
    parsed = parseDecimal(decimal);
  } catch {
    throw new Error(`"${decimal}" is not a decimal amount`);
  }
  if (parsed.scale > fractionDigits) throw new Error(`"${decimal}" has more than ${fractionDigits} decimal places`);
  return toSafeNumber(rescale(parsed, fractionDigits), "amount");
}

/**
 * Money from a decimal in major units ("2.675", 19.99), rounding half-even to the
 * currency's minor unit. Numbers are read through their shortest decimal form,
 * so 2.675 becomes 2.68 USD (floating point would say 2.67).
 */
export function moneyFromDecimal(decimal: string | number, currency: string): Money {
  const units = rescale(parseDecimal(decimal), currencyFractionDigits(currency));
  return { amountMinor: toSafeNumber(units, "amount"), currency };
}

function sameCurrency(a: Money, b: Money, verb: string): void {
  if (a.currency !== b.currency) throw new Error(`Cannot ${verb} ${a.currency} and ${b.currency}`);
}

export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b, "add");
  return { amountMinor: toSafeNumber(BigInt(a.amountMinor) + BigInt(b.amountMinor), "sum"), currency: a.currency };
}

export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b, "subtract");
  return { amountMinor: toSafeNumber(BigInt(a.amountMinor) - BigInt(b.amountMinor), "difference"), currency: a.currency };
}

/**
 * money × factor (a quantity, a tax rate), exact in BigInt and rounded half-even
 * to the minor unit once, at the end. The factor may be a decimal string or a
 * number (read through its shortest decimal form: 0.1 is exactly 1/10 here).
 */
export function multiplyMoney(money: Money, factor: string | number): Money {
  const f = parseDecimal(factor);
  const product = { units: BigInt(money.amountMinor) * f.units, scale: f.scale };
  return { amountMinor: toSafeNumber(rescale(product, 0), "product"), currency: money.currency };
}

/** Sums a list of one currency. An empty list needs the currency to return zero of. */
export function sumMoney(list: readonly Money[], currency?: string): Money {
  const first = list[0];
  const code = currency ?? first?.currency;
  if (code === undefined) throw new Error("sumMoney of an empty list needs a currency");
  let total = 0n;
  for (const m of list) {
    if (m.currency !== code) throw new Error(`Cannot add ${code} and ${m.currency}`);
    total += BigInt(m.amountMinor);
  }
  return { amountMinor: toSafeNumber(total, "sum"), currency: code };
}

export function negateMoney(money: Money): Money {
  return { amountMinor: money.amountMinor === 0 ? 0 : -money.amountMinor, currency: money.currency };
}

export function zeroMoney(currency: string): Money {
  return { amountMinor: 0, currency };
}

/**
 * Decimal string in major units with the currency's number of places:
 * { 1999, USD } → "19.99", { -5, USD } → "-0.05", { 1500, JPY } → "1500".
 * withCurrency appends the code ("19.99 USD").
 */
export function formatMoney(money: Money, options: { withCurrency?: boolean } = {}): string {
  const text = formatScaled(BigInt(money.amountMinor), currencyFractionDigits(money.currency));
  return options.withCurrency ? `${text} ${money.currency}` : text;
}
