import { z } from "zod";

/**
 * Money is exact: an integer amount of minor units (cents) plus an ISO 4217
 * currency. Binary floating point never takes part in sums.
 */
export const moneySchema = z.object({
  amountMinor: z.number().int(),
  currency: z.string().regex(/^[A-Z]{3}$/, "currency must be an ISO 4217 code such as USD"),
});
export type Money = z.infer<typeof moneySchema>;

/** Parses a decimal string ("19.99") into minor units without floating point. */
export function toMinorUnits(decimal: string, fractionDigits = 2): number {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!match) throw new Error(`"${decimal}" is not a decimal amount`);
  const [, sign, whole = "0", frac = ""] = match;
  if (frac.length > fractionDigits) throw new Error(`"${decimal}" has more than ${fractionDigits} decimal places`);
  const minor = Number(whole) * 10 ** fractionDigits + Number(frac.padEnd(fractionDigits, "0"));
  return sign ? -minor : minor;
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new Error(`Cannot add ${a.currency} to ${b.currency}`);
  return { amountMinor: a.amountMinor + b.amountMinor, currency: a.currency };
}
