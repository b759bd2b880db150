import { z } from "zod";

/**
 * Exact decimal arithmetic on scaled BigInts. A decimal d is held as
 * { units, scale } with d = units / 10^scale, so 2.675 is { units: 2675n, scale: 3 }.
 * Binary floating point never takes part: numbers are converted through their
 * shortest round-trip string (String(2.675) === "2.675"), which is exactly the
 * decimal the author of the JSON wrote.
 */
export interface ScaledDecimal {
  units: bigint;
  scale: number;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$|^([+-]?)\.(\d+)$/;

/** Parses "19.99", "-0.5", "1e-7" or a finite number into a scaled BigInt. Throws on anything else. */
export function parseDecimal(value: string | number): ScaledDecimal {
  if (typeof value === "number" && !Number.isFinite(value)) throw new Error(`${value} is not a finite number`);
  const text = typeof value === "number" ? String(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new Error(`"${text}" is not a decimal number`);
  // Either "int[.frac][e±exp]" (groups 1-4) or ".frac" (groups 5-6).
  const sign = match[1] ?? match[5] ?? "";
  const whole = match[2] ?? "0";
  const frac = match[3] ?? match[6] ?? "";
  const exponent = Number(match[4] ?? "0");
  // A string such as "1e999999999" would otherwise make a billion-digit BigInt; doubles never exceed ±324.
  if (Math.abs(exponent) > 400) throw new Error(`"${text}" is out of range`);
  let units = BigInt(whole + frac);
  let scale = frac.length - exponent;
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  if (sign === "-") units = -units;
  return normalize({ units, scale });
}

/** Drops trailing zeros so that the scale is the true number of decimal places. */
function normalize(d: ScaledDecimal): ScaledDecimal {
  let { units, scale } = d;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

/** Number of decimal places a value really has: decimalPlaces(2.50) === 1, decimalPlaces(0.1 + 0.2) === 17. */
export function decimalPlaces(value: string | number): number {
  return parseDecimal(value).scale;
}

/**
 * Divides by a positive divisor, rounding half to even (banker's rounding): the
 * rounding accountants and most ERPs use, because it does not bias sums upward.
 */
export function divideHalfEven(numerator: bigint, divisor: bigint): bigint {
  if (divisor <= 0n) throw new Error("divisor must be positive");
  const quotient = numerator / divisor; // truncates toward zero
  const remainder = numerator % divisor; // same sign as numerator
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  const awayFromZero = twice > divisor || (twice === divisor && quotient % 2n !== 0n);
  if (!awayFromZero) return quotient;
  return numerator < 0n ? quotient - 1n : quotient + 1n;
}

/** Re-expresses a decimal at a given scale, rounding half-even when digits are dropped. */
export function rescale(d: ScaledDecimal, scale: number): bigint {
  if (scale >= d.scale) return d.units * 10n ** BigInt(scale - d.scale);
  return divideHalfEven(d.units, 10n ** BigInt(d.scale - scale));
}

/** Renders a scaled BigInt as a plain decimal string ("-0.05"), never in exponent form. */
export function formatScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
  const body = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${body}` : body;
}

/** Converts an exact BigInt back to a number, refusing values a double cannot hold exactly. */
export function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new Error(`${what} ${value} is outside the safe integer range`);
  }
  return Number(value);
}

/** Largest number of decimal places a quantity may carry. */
export const QUANTITY_DECIMALS = 6;

/**
 * Quantities are JSON numbers (what JSONata mappings produce and what every
 * source API sends) limited to 6 decimal places (2.5 kg, 0.125 CS). The limit
 * doubles as a float-drift detector: 0.1 + 0.2 has 17 places and is rejected,
 * telling the mapping author to round. Arithmetic on quantities (baseQuantity,
 * subtractQuantities) goes through parseDecimal, so it is exact.
 */
function quantityOf(base: z.ZodNumber) {
  return base
    .refine((n) => decimalPlaces(n) <= QUANTITY_DECIMALS, {
      message: `quantity must have at most ${QUANTITY_DECIMALS} decimal places (round it in the mapping)`,
    })
    .describe(`A quantity: a number with at most ${QUANTITY_DECIMALS} decimal places`);
}

export const quantitySchema = quantityOf(z.number());
export const positiveQuantitySchema = quantityOf(z.number().positive());
export const nonNegativeQuantitySchema = quantityOf(z.number().nonnegative());

/** Exact a + b for quantities (0.1 + 0.2 is 0.3). */
export function addQuantities(a: number, b: number): number {
  return subtractQuantities(a, -b);
}

/** Exact a − b for quantities ("10.1" − "0.3" is 9.8, not 9.799999999999999). */
export function subtractQuantities(a: number, b: number): number {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const scale = Math.max(x.scale, y.scale);
  return Number(formatScaled(rescale(x, scale) - rescale(y, scale), scale));
}

/** Exact a × b for quantities, rounded half-even to QUANTITY_DECIMALS places. */
export function multiplyQuantities(a: number, b: number): number {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const product = { units: x.units * y.units, scale: x.scale + y.scale };
  return Number(formatScaled(rescale(product, QUANTITY_DECIMALS), QUANTITY_DECIMALS));
}

/**
 * Rates (tax rates, discount percentages) are decimal strings holding a
 * fraction: "0.0825" is 8.25 %. Strings, not numbers, because rates are copied
 * verbatim onto invoices and tax filings and must not change representation.
 */
export const rateSchema = z
  .string()
  .regex(/^\d+(?:\.\d+)?$/, "rate must be a decimal string such as \"0.0825\"")
  .refine((s) => !/^\d+(?:\.\d+)?$/.test(s) || isAtMostOne(parseDecimal(s)), {
    message: "rate is a fraction, not a percentage: write \"0.0825\" for 8.25 %",
  })
  .describe("A rate as a decimal fraction string: \"0.0825\" means 8.25 %");

function isAtMostOne(d: ScaledDecimal): boolean {
  return d.units <= 10n ** BigInt(d.scale);
}
