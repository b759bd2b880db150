import { z } from "zod";
import { positiveQuantitySchema } from "./decimal";
import { timestampSchema } from "./dates";
import { externalIdsSchema, gtinSchema, skuSchema } from "./identifiers";
import { dimensionsSchema, weightSchema } from "./measures";
import { nonNegativeMoneySchema } from "./money";
import { reportDuplicates } from "./pricing";
import { uomCodeSchema, uomConversionSchema } from "./uom";

/**
 * A kit (bundle) is sold as one SKU and picked as its components. Orders carry
 * the components too, because the WMS ships components, not the kit SKU.
 */
export const kitComponentSchema = z
  .object({
    sku: skuSchema.describe("Component SKU"),
    quantity: positiveQuantitySchema.describe("Component quantity per one kit"),
    uom: uomCodeSchema.optional().describe("Unit of the component quantity; the component's base unit when omitted"),
  })
  .describe("One component of a kit and how many go into one kit");
export type KitComponent = z.infer<typeof kitComponentSchema>;

export const productStatusSchema = z.enum(["active", "inactive", "discontinued"]).describe("Whether the item can be sold and purchased");

export const productSchema = z
  .object({
    sku: skuSchema,
    externalId: z.string().min(1).optional().describe("Primary id of the item in the source system"),
    externalIds: externalIdsSchema,
    name: z.string().min(1).describe("Short item name"),
    description: z.string().min(1).optional().describe("Longer description (sales or purchase description)"),
    gtin: gtinSchema.optional().describe("UPC/GTIN of the base unit, check digit validated"),
    baseUom: uomCodeSchema.describe("Stocking unit: inventory and unitsPerUom are counted in it (usually EA)"),
    uomConversions: z
      .array(uomConversionSchema)
      .default([])
      .describe("Packaging levels the item is bought or sold in ([{ uom: CS, unitsPerUom: 12 }]); the base unit has unitsPerUom 1"),
    weight: weightSchema.optional().describe("Weight of one base unit"),
    dimensions: dimensionsSchema.optional().describe("Dimensions of one base unit"),
    kitComponents: z.array(kitComponentSchema).min(1).optional().describe("Present for kits/bundles: the components one kit consists of"),
    status: productStatusSchema,
    listPrice: nonNegativeMoneySchema.optional().describe("List price of one base unit"),
    cost: nonNegativeMoneySchema.optional().describe("Standard or last purchase cost of one base unit"),
    vendorPartNumber: z.string().min(1).optional().describe("Preferred vendor's part number"),
    hsCode: z.string().regex(/^\d{6,10}$/, "hsCode must be 6-10 digits").optional().describe("Harmonized System tariff code for customs"),
    countryOfOrigin: z.string().regex(/^[A-Z]{2}$/, "countryOfOrigin must be an ISO 3166-1 alpha-2 code").optional().describe("Country of origin, ISO 3166-1 alpha-2"),
    tags: z.array(z.string().min(1)).default([]).describe("Free-form tags"),
    updatedAt: timestampSchema.optional().describe("Last change in the source: newer updates win"),
  })
  .superRefine((product, ctx) => {
    reportDuplicates(ctx, product.uomConversions, (c) => c.uom, ["uomConversions"], "uom");
    product.uomConversions.forEach((c, i) => {
      if (c.uom === product.baseUom && c.unitsPerUom !== 1) {
        ctx.addIssue({ code: "custom", message: `the base unit ${product.baseUom} must have unitsPerUom 1`, path: ["uomConversions", i, "unitsPerUom"] });
      }
    });
    product.kitComponents?.forEach((c, i) => {
      if (c.sku === product.sku) ctx.addIssue({ code: "custom", message: "a kit cannot contain itself", path: ["kitComponents", i, "sku"] });
    });
  })
  .meta({ title: "Product", description: "An item (product, SKU): identifiers, units of measure, physical data, kit components" });
export type Product = z.infer<typeof productSchema>;
