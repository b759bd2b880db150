import { z } from "zod";

/**
 * GS1 identifiers (GTIN/UPC/EAN, SSCC, GLN) all end in a mod-10 check digit.
 * A wrong check digit almost always means a mistyped or truncated code (a
 * spreadsheet dropping a leading zero, a UPC pasted into an SSCC field), so
 * the schemas reject it rather than letting a WMS or retailer bounce it later.
 */

/** GS1 mod-10 check digit for the digits that precede it: weights 3,1,3,1… from the right. */
export function gs1CheckDigit(body: string): number {
  if (!/^\d+$/.test(body)) throw new Error(`"${body}" must be digits only`);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when the code is all digits and its last digit is the GS1 check digit of the rest. */
export function hasValidGs1CheckDigit(code: string): boolean {
  if (!/^\d{2,}$/.test(code)) return false;
  return gs1CheckDigit(code.slice(0, -1)) === Number(code.slice(-1));
}

/** GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN) or GTIN-14 (case codes) with a valid check digit. */
export function isValidGtin(code: string): boolean {
  return /^(?:\d{8}|\d{12,14})$/.test(code) && hasValidGs1CheckDigit(code);
}

/** 18-digit Serial Shipping Container Code with a valid check digit. */
export function isValidSscc(code: string): boolean {
  return /^\d{18}$/.test(code) && hasValidGs1CheckDigit(code);
}

/** Pads a GTIN to the 14-digit form used for comparisons (a UPC and its EAN-13 form are the same item). */
export function toGtin14(code: string): string {
  if (!isValidGtin(code)) throw new Error(`"${code}" is not a valid GTIN`);
  return code.padStart(14, "0");
}

/** Appends the GS1 check digit: completeGs1("03600029145") === "036000291452". */
export function completeGs1(body: string): string {
  return body + String(gs1CheckDigit(body));
}

/**
 * A digit-string schema whose shape errors come from the regex (which also
 * lands in the JSON Schema as a pattern) and whose check-digit error is
 * reported only once the shape is right, so one mistake yields one message.
 */
function gs1Schema(pattern: RegExp, shapeMessage: string, description: string) {
  return z
    .string()
    .regex(pattern, shapeMessage)
    .refine((code) => !pattern.test(code) || hasValidGs1CheckDigit(code), { message: "GS1 check digit is wrong" })
    .describe(description);
}

export const gtinSchema = gs1Schema(
  /^(?:\d{8}|\d{12,14})$/,
  "GTIN must be 8, 12, 13 or 14 digits (keep leading zeros: it is a string)",
  "GTIN (UPC-A 12 digits, EAN-13, GTIN-14 or GTIN-8) with a valid GS1 check digit",
);

export const ssccSchema = gs1Schema(
  /^\d{18}$/,
  "SSCC must be exactly 18 digits (without the (00) application identifier)",
  "SSCC: the 18-digit GS1 serial shipping container code of a carton or pallet",
);

export const glnSchema = gs1Schema(/^\d{13}$/, "GLN must be exactly 13 digits", "GS1 Global Location Number of a party or location (13 digits)");

/**
 * SKUs are compared as exact strings across systems, so whitespace at either
 * end (a classic CSV import artefact) would make two SKUs silently differ.
 */
export const skuSchema = z
  .string()
  .min(1, "SKU must not be empty")
  .max(128)
  .regex(/^\S(?:.*\S)?$/, "SKU must not start or end with whitespace")
  .describe("Stock keeping unit: the item code shared across systems (exact string match)");

/** An id of this object in one external system. */
export const externalIdSchema = z
  .object({
    system: z.string().min(1).describe("System the id belongs to, e.g. shopify, netsuite, wms, edi:walmart"),
    id: z.string().min(1).describe("The object's id in that system"),
  })
  .describe("An id of this object in one external system");
export type ExternalId = z.infer<typeof externalIdSchema>;

/** Ids of one object in every system that knows it; each (system, id) pair appears at most once. */
export const externalIdsSchema = z
  .array(externalIdSchema)
  .superRefine((ids, ctx) => {
    const seen = new Set<string>();
    ids.forEach((ref, i) => {
      const key = `${ref.system}\u0000${ref.id}`;
      if (seen.has(key)) ctx.addIssue({ code: "custom", message: `duplicate external id ${ref.system}:${ref.id}`, path: [i] });
      seen.add(key);
    });
  })
  .default([])
  .describe("Ids of this object in every system that knows it ({ system, id } pairs)");
