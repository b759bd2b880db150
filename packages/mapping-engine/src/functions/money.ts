import type Decimal from "decimal.js";
import type { FunctionDoc } from "../docs";
import { asList, decimalText, define, Exact, fail, integer, isMissing, readDecimal, text } from "./helpers";

/**
 * Money is exact decimal arithmetic (decimal.js) carried as decimal text, so
 * 0.1 + 0.2 is "0.3" and no binary rounding error reaches an invoice. Rounding
 * happens only where asked for: $money with a currency, $moneyRound.
 */

/** ISO 4217 minor units that are not 2. */
const MINOR_UNITS: Record<string, number> = {
  ...Object.fromEntries(["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"].map((c) => [c, 0])),
  ...Object.fromEntries(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"].map((c) => [c, 3])),
  CLF: 4,
  UYW: 4,
};
/** Codes the runtime's ICU knows (Node 20), plus the funds codes above it may lack. */
const KNOWN = new Set([...Intl.supportedValuesOf("currency"), ...Object.keys(MINOR_UNITS)]);

function minorUnits(fn: string, currency: unknown): { code: string; places: number } {
  const code = text(fn, "the currency", currency).trim().toUpperCase();
  if (!KNOWN.has(code)) return fail(fn, `"${String(currency)}" is not an ISO 4217 currency code such as USD, EUR or JPY`);
  return { code, places: MINOR_UNITS[code] ?? 2 };
}

const MODES: Record<string, Decimal.Rounding> = {
  "half-even": Exact.ROUND_HALF_EVEN,
  "half-up": Exact.ROUND_HALF_UP,
  "half-down": Exact.ROUND_HALF_DOWN,
  up: Exact.ROUND_UP,
  down: Exact.ROUND_DOWN,
  ceiling: Exact.ROUND_CEIL,
  floor: Exact.ROUND_FLOOR,
};

function rounding(fn: string, mode: unknown): Decimal.Rounding {
  if (isMissing(mode)) return Exact.ROUND_HALF_EVEN;
  const found = typeof mode === "string" ? MODES[mode.trim().toLowerCase()] : undefined;
  if (found === undefined) return fail(fn, `rounding mode must be one of ${Object.keys(MODES).join(", ")}, but it is ${JSON.stringify(mode)}`);
  return found;
}

/** Adds every value given, directly or in lists; missing values count as nothing, as in $sum. */
function total(fn: string, values: unknown[]): string {
  let sum = new Exact(0);
  for (const value of values.flatMap(asList)) {
    if (!isMissing(value)) sum = sum.plus(readDecimal(fn, "each amount", value));
  }
  return decimalText(sum);
}

export const moneyFunctions = {
  money: define((amount: unknown, currency?: unknown) => {
    if (isMissing(amount)) return undefined;
    const value = readDecimal("money", "the amount", amount);
    if (isMissing(currency)) return decimalText(value);
    const { places } = minorUnits("money", currency);
    return decimalText(value.toDecimalPlaces(places, Exact.ROUND_HALF_EVEN), places);
  }),
  moneyAdd: define((...amounts: unknown[]) => total("moneyAdd", amounts)),
  moneySub: define((amount: unknown, subtract?: unknown) => {
    if (isMissing(amount) || isMissing(subtract)) return undefined;
    return decimalText(readDecimal("moneySub", "the amount", amount).minus(readDecimal("moneySub", "the amount to subtract", subtract)));
  }),
  moneyMul: define((amount: unknown, quantity?: unknown) => {
    if (isMissing(amount) || isMissing(quantity)) return undefined;
    return decimalText(readDecimal("moneyMul", "the amount", amount).times(readDecimal("moneyMul", "the quantity", quantity)));
  }),
  moneyRound: define((amount: unknown, places?: unknown, mode?: unknown) => {
    if (isMissing(amount)) return undefined;
    const digits = isMissing(places) ? 2 : integer("moneyRound", "the number of decimal places", places, 0, 20);
    const value = readDecimal("moneyRound", "the amount", amount);
    return decimalText(value.toDecimalPlaces(digits, rounding("moneyRound", mode)), digits);
  }),
  moneySum: define((amounts: unknown) => total("moneySum", [amounts])),
  toMinor: define((amount: unknown, currency?: unknown) => {
    if (isMissing(amount)) return undefined;
    const { code, places } = minorUnits("toMinor", currency);
    const value = readDecimal("toMinor", "the amount", amount);
    // Rounding here would lose or invent money without anyone deciding to.
    if (value.decimalPlaces() > places) {
      return fail("toMinor", `${decimalText(value)} has more decimal places than ${code} allows (${places}); round it first with $moneyRound`);
    }
    const minor = value.times(new Exact(10).pow(places));
    if (minor.abs().gt(Number.MAX_SAFE_INTEGER)) return fail("toMinor", `${decimalText(value)} ${code} is too large to count in minor units`);
    return minor.toNumber();
  }),
  fromMinor: define((minor: unknown, currency?: unknown) => {
    if (isMissing(minor)) return undefined;
    const { places } = minorUnits("fromMinor", currency);
    const value = readDecimal("fromMinor", "the amount in minor units", minor);
    if (!value.isInteger()) return fail("fromMinor", `minor units must be a whole number, but it is ${decimalText(value)}`);
    return decimalText(value.dividedBy(new Exact(10).pow(places)), places);
  }),
};

const doc = (name: string, signature: string, description: string, expression: string, result: string): FunctionDoc => ({
  name,
  signature,
  description,
  example: { expression, result },
  category: "money",
});

export const moneyDocs: FunctionDoc[] = [
  doc(
    "money",
    "$money(amount, currency?)",
    "An amount as exact decimal text. With an ISO 4217 currency it is rounded half-even to the currency's minor units (USD 2, JPY 0, KWD 3) and always shows them.",
    '$money(19.9, "USD")',
    '"19.90"',
  ),
  doc("moneyAdd", "$moneyAdd(a, b, ...)", "Exact sum of the amounts (numbers or decimal text, or lists of them); missing values count as nothing.", '$moneyAdd("0.10", 0.2, "1.005")', '"1.305"'),
  doc("moneySub", "$moneySub(a, b)", "Exact difference a − b as decimal text; nothing when either is missing.", '$moneySub("10.00", "0.01")', '"9.99"'),
  doc("moneyMul", "$moneyMul(amount, quantity)", "Exact product as decimal text, not rounded (use $moneyRound).", '$moneyMul("19.99", 3)', '"59.97"'),
  doc(
    "moneyRound",
    "$moneyRound(amount, places?, mode?)",
    'Rounds to `places` decimals (default 2) and shows them all. Mode "half-even" (default, banker\'s rounding: ties go to the even digit), "half-up" (ties away from zero), "half-down", "up", "down", "ceiling" or "floor".',
    '[$moneyRound("2.665"), $moneyRound("2.665", 2, "half-up")]',
    '["2.66", "2.67"]',
  ),
  doc("moneySum", "$moneySum(amounts)", "Exact sum of a list of amounts; missing values are skipped and an empty list gives \"0\".", '$moneySum(["19.99", "5.01", 0.1])', '"25.1"'),
  doc(
    "toMinor",
    "$toMinor(amount, currency)",
    "The amount as a whole number of the currency's minor units (cents): USD 2 places, JPY 0, KWD 3. Fails when the amount has more decimals than the currency allows; round it first.",
    '[$toMinor("19.99", "USD"), $toMinor(1500, "JPY"), $toMinor("1.5", "KWD")]',
    "[1999, 1500, 1500]",
  ),
  doc("fromMinor", "$fromMinor(minor, currency)", "A whole number of minor units back to decimal text in the currency's places.", '$fromMinor(1999, "USD")', '"19.99"'),
];
