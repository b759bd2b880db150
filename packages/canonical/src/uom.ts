import { z } from "zod";
import { QUANTITY_DECIMALS, divideHalfEven, formatScaled, multiplyQuantities, parseDecimal, positiveQuantitySchema } from "./decimal";
import { gtinSchema } from "./identifiers";

/**
 * Units of measure are short upper-case codes as sources send them: X12 / UN/ECE
 * codes such as EA (each), CS/CA (case), PK (pack), BX (box), PL (pallet),
 * KG, LB. Not an enum: trading partners use their own codes and the mapping's
 * lookup tables translate them; the schema only keeps them well-formed.
 *
 * A quantity travels with its uom code and, where the conversion matters,
 * unitsPerUom: how many base units (the item's stocking unit) one uom holds.
 * 2 CS with unitsPerUom 12 is 24 EA.
 */
export const uomCodeSchema = z
  .string()
  .regex(/^[A-Z0-9]{1,6}$/, "uom must be an upper-case code such as EA, CS or PK")
  .describe("Unit of measure code, upper case: EA, CS, PK, BX, PL, KG, LB…");

export const unitsPerUomSchema = positiveQuantitySchema.describe(
  "Base units in one of this uom (12 for a case of 12 eaches); 1 for the base unit",
);

export const uomConversionSchema = z
  .object({
    uom: uomCodeSchema,
    unitsPerUom: unitsPerUomSchema,
    gtin: gtinSchema.optional().describe("GTIN printed on this packaging level (a case usually has its own GTIN-14)"),
  })
  .describe("One packaging level of an item and its size in base units");
export type UomConversion = z.infer<typeof uomConversionSchema>;

/** Quantity in base units, exactly: baseQuantity(2, 12) === 24, baseQuantity(0.5, 2.5) === 1.25. */
export function baseQuantity(quantity: number, unitsPerUom = 1): number {
  return multiplyQuantities(quantity, unitsPerUom);
}

/**
 * Re-expresses a quantity in another uom (fromUnitsPerUom → toUnitsPerUom),
 * rounding half-even to 6 places when the division is not exact (1 EA in cases
 * of 3 is 0.333333 CS).
 */
export function convertQuantity(quantity: number, fromUnitsPerUom: number, toUnitsPerUom: number): number {
  const base = parseDecimal(baseQuantity(quantity, fromUnitsPerUom));
  const to = parseDecimal(toUnitsPerUom);
  if (to.units <= 0n) throw new Error("toUnitsPerUom must be positive");
  // base / to at QUANTITY_DECIMALS places: scale the numerator so one integer division suffices.
  const numerator = base.units * 10n ** BigInt(QUANTITY_DECIMALS + to.scale);
  const denominator = to.units * 10n ** BigInt(base.scale);
  return Number(formatScaled(divideHalfEven(numerator, denominator), QUANTITY_DECIMALS));
}
