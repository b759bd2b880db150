import type { FunctionDoc } from "../docs";
import { describeValue } from "../errors";
import { define, fail, integer, isMissing, text } from "./helpers";

/**
 * GS1 identifiers (GTIN, SSCC). Codes are digit strings: JSON numbers lose leading
 * zeros, so a number is accepted but read as "leading zeros may be missing".
 * Spaces and dashes (as printed under barcodes) are ignored.
 */

const GTIN_LENGTHS = [8, 12, 13, 14];

interface Digits {
  digits: string;
  /** A JSON number: leading zeros may have been lost on the way. */
  fromNumber: boolean;
}

function digitsOf(value: unknown): Digits | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? { digits: String(value), fromNumber: true } : undefined;
  if (typeof value !== "string") return undefined;
  const digits = value.replace(/[\s-]/g, "");
  return /^\d+$/.test(digits) ? { digits, fromNumber: false } : undefined;
}

function readDigits(fn: string, what: string, value: unknown): Digits {
  const found = digitsOf(value);
  if (!found) return fail(fn, `${what} must contain only digits, but it is ${typeof value === "string" ? JSON.stringify(value) : describeValue(value)}`);
  return found;
}

/** GS1 mod-10: weights 3,1,3,… from the rightmost digit of the body. */
function checkDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return String((10 - (sum % 10)) % 10);
}

/** The digits of a full GTIN, or why they are not one (no exceptions: $isValidGtin runs per line). */
function inspectGtin(value: unknown): { code: string } | { problem: string } {
  const found = digitsOf(value);
  if (!found) return { problem: `a GTIN must contain only digits, but it is ${typeof value === "string" ? JSON.stringify(value) : describeValue(value)}` };
  const code = found.fromNumber && found.digits.length < 14 ? found.digits.padStart(14, "0") : found.digits;
  if (!GTIN_LENGTHS.includes(code.length)) return { problem: `a GTIN has 8, 12, 13 or 14 digits, but ${JSON.stringify(value)} has ${code.length}` };
  const expected = checkDigit(code.slice(0, -1));
  if (expected !== code.slice(-1)) return { problem: `${JSON.stringify(value)} is not a valid GTIN: its check digit is ${code.slice(-1)} but should be ${expected}` };
  return { code };
}

export const identifierFunctions = {
  gtinCheckDigit: define((digits: unknown) => {
    if (isMissing(digits)) return undefined;
    const body = readDigits("gtinCheckDigit", "the digits", digits).digits;
    if (body.length > 17) return fail("gtinCheckDigit", `expected at most 17 digits (the code without its check digit), got ${body.length}`);
    return checkDigit(body);
  }),
  isValidGtin: define((code: unknown) => {
    return !isMissing(code) && "code" in inspectGtin(code);
  }),
  normalizeGtin: define((code: unknown, length?: unknown) => {
    if (isMissing(code)) return undefined;
    const size = isMissing(length) ? 14 : integer("normalizeGtin", "the length", length, 8, 14);
    if (!GTIN_LENGTHS.includes(size)) return fail("normalizeGtin", `the length must be 8, 12, 13 or 14, but it is ${size}`);
    const gtin = inspectGtin(code);
    if ("problem" in gtin) return fail("normalizeGtin", gtin.problem);
    const digits = gtin.code;
    if (digits.length <= size) return digits.padStart(size, "0");
    const dropped = digits.slice(0, digits.length - size);
    if (/[^0]/.test(dropped)) return fail("normalizeGtin", `${digits} cannot be written with ${size} digits without losing its leading ${dropped}`);
    return digits.slice(dropped.length);
  }),
  normalizeSku: define((sku: unknown) => {
    if (isMissing(sku)) return undefined;
    return text("normalizeSku", "the SKU", sku)
      .trim()
      .toUpperCase()
      .replace(/[\s-]+/g, "-")
      .replace(/^-+|-+$/g, "");
  }),
  ssccCheckDigit: define((digits: unknown) => {
    if (isMissing(digits)) return undefined;
    const { digits: body, fromNumber } = readDigits("ssccCheckDigit", "the digits", digits);
    const padded = fromNumber ? body.padStart(17, "0") : body;
    if (padded.length !== 17) return fail("ssccCheckDigit", `an SSCC without its check digit has 17 digits, got ${padded.length}`);
    return checkDigit(padded);
  }),
  makeSscc: define((extension: unknown, companyPrefix?: unknown, serial?: unknown) => {
    const fn = "makeSscc";
    const ext = integer(fn, "the extension digit", extension, 0, 9);
    const prefix = readDigits(fn, "the GS1 company prefix", companyPrefix);
    if (prefix.fromNumber) return fail(fn, "the GS1 company prefix must be text: as a number it may have lost leading zeros");
    if (prefix.digits.length < 4 || prefix.digits.length > 12) return fail(fn, `the GS1 company prefix has 4 to 12 digits, got ${prefix.digits.length}`);
    const room = 16 - prefix.digits.length;
    const reference = readDigits(fn, "the serial reference", serial).digits;
    if (reference.length > room) return fail(fn, `with a ${prefix.digits.length}-digit company prefix the serial reference has at most ${room} digits, got ${reference.length}`);
    const body = `${ext}${prefix.digits}${reference.padStart(room, "0")}`;
    return body + checkDigit(body);
  }),
};

const doc = (name: string, signature: string, description: string, expression: string, result: string): FunctionDoc => ({
  name,
  signature,
  description,
  example: { expression, result },
  category: "identifiers",
});

export const identifierDocs: FunctionDoc[] = [
  doc("gtinCheckDigit", "$gtinCheckDigit(digits)", "The GS1 check digit (as text) for a code without its check digit: 11 digits of a UPC-A, 12 of an EAN-13, 13 of a GTIN-14.", '$gtinCheckDigit("03600029145")', '"2"'),
  doc("isValidGtin", "$isValidGtin(code)", "true when the code is a GTIN-8, UPC-A (12), EAN-13 or GTIN-14 with a correct check digit; spaces and dashes are ignored. Never fails: anything else is false.", '[$isValidGtin("036000291452"), $isValidGtin("036000291453")]', "[true, false]"),
  doc(
    "normalizeGtin",
    "$normalizeGtin(code, length?)",
    "The GTIN written with `length` digits (default 14) by adding or removing leading zeros, e.g. a 12-digit UPC-A as GTIN-14. Fails when the check digit is wrong or non-zero digits would be lost.",
    '$normalizeGtin("036000291452")',
    '"00036000291452"',
  ),
  doc(
    "normalizeSku",
    "$normalizeSku(text)",
    "A SKU in one canonical form for matching: trimmed, upper case, and every run of spaces and/or dashes replaced by a single dash (no dash at either end). Other characters, such as underscores and dots, are kept.",
    '$normalizeSku("  ab  12--x ")',
    '"AB-12-X"',
  ),
  doc("ssccCheckDigit", "$ssccCheckDigit(digits)", "The GS1 check digit of an SSCC from its first 17 digits.", '$ssccCheckDigit("10614141123456789")', '"7"'),
  doc(
    "makeSscc",
    "$makeSscc(extensionDigit, companyPrefix, serial)",
    "An 18-digit SSCC for a pallet label: extension digit (0-9), GS1 company prefix (text, 4-12 digits), the serial reference padded with leading zeros to fill 17 digits, then the check digit.",
    '$makeSscc(1, "0614141", 123456789)',
    '"106141411234567897"',
  ),
];
