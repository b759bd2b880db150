import { z } from "zod";
import { positiveQuantitySchema } from "./decimal";

/**
 * Weights and dimensions keep the unit the source used; carriers and WMSs
 * convert at the edge. Silent conversion here would round twice.
 */
export const weightUnitSchema = z.enum(["g", "kg", "oz", "lb"]).describe("Weight unit");
export const lengthUnitSchema = z.enum(["mm", "cm", "m", "in", "ft"]).describe("Length unit");

export const weightSchema = z
  .object({
    value: positiveQuantitySchema.describe("Weight in the given unit"),
    unit: weightUnitSchema,
  })
  .describe("A weight with its unit");
export type Weight = z.infer<typeof weightSchema>;

export const dimensionsSchema = z
  .object({
    length: positiveQuantitySchema.describe("Longest side"),
    width: positiveQuantitySchema.describe("Second side"),
    height: positiveQuantitySchema.describe("Third side"),
    unit: lengthUnitSchema,
  })
  .describe("Outer dimensions with their unit");
export type Dimensions = z.infer<typeof dimensionsSchema>;
