import { z } from "zod";
import { addressSchema } from "./address";
import { isoDateSchema, timestampSchema } from "./dates";
import { addQuantities, positiveQuantitySchema } from "./decimal";
import { externalIdsSchema, skuSchema, ssccSchema } from "./identifiers";
import { dimensionsSchema, weightSchema } from "./measures";
import { nonNegativeMoneySchema } from "./money";
import { reportDuplicates } from "./pricing";
import { orderRefSchema } from "./refs";
import { uomCodeSchema } from "./uom";

/**
 * A shipment as the warehouse or 3PL confirms it (EDI 856 / 945, a WMS ship
 * confirmation, a Shopify fulfillment). Package lines point at order lines by
 * lineId so the order can be updated line by line; partial says more is to come.
 */
export const shipmentPackageLineSchema = z
  .object({
    lineId: z.string().min(1).describe("lineId of the sales order line this quantity fulfils"),
    sku: skuSchema,
    quantity: positiveQuantitySchema.describe("Quantity in this package, in uom"),
    uom: uomCodeSchema.describe("Unit of the quantity"),
    lotNumber: z.string().min(1).optional().describe("Lot or batch number, for lot-tracked items"),
    serialNumbers: z.array(z.string().min(1)).optional().describe("Serial numbers, for serialized items"),
  })
  .describe("What a package contains of one order line");

export const shipmentPackageSchema = z
  .object({
    sscc: ssccSchema.optional().describe("SSCC-18 on the carton or pallet label (required by most retailers' EDI 856)"),
    trackingNumber: z.string().min(1).optional().describe("Carrier tracking number"),
    weight: weightSchema.optional().describe("Gross weight of the package"),
    dimensions: dimensionsSchema.optional().describe("Outer dimensions of the package"),
    lines: z.array(shipmentPackageLineSchema).min(1).describe("Contents, at least one line"),
  })
  .describe("One carton or pallet");
export type ShipmentPackage = z.infer<typeof shipmentPackageSchema>;

export const shipmentSchema = z
  .object({
    shipmentId: z.string().min(1).describe("Shipment id in the source (WMS shipment, ASN number)"),
    externalIds: externalIdsSchema,
    orderRefs: z.array(orderRefSchema).min(1).describe("Sales orders this shipment fulfils (usually one)"),
    shipDate: isoDateSchema.describe("Date the goods left the warehouse"),
    carrier: z.string().min(1).describe("Carrier code (UPS, FEDEX, USPS, or an LTL carrier's SCAC)"),
    serviceLevel: z.string().min(1).describe("Carrier service level (GROUND, 2DAY, LTL)"),
    billOfLading: z.string().min(1).optional().describe("Bill of lading number (LTL/truckload)"),
    proNumber: z.string().min(1).optional().describe("LTL carrier PRO number"),
    shipFrom: addressSchema.describe("Warehouse address the shipment left from"),
    shipTo: addressSchema.describe("Delivery address"),
    partial: z.boolean().describe("True when order quantities remain open after this shipment (more shipments follow)"),
    packages: z.array(shipmentPackageSchema).min(1).describe("Cartons or pallets, at least one"),
    freightCost: nonNegativeMoneySchema.optional().describe("What the carrier charged (cost, not what the customer paid)"),
    updatedAt: timestampSchema.optional().describe("Last change in the source: newer updates win"),
  })
  .superRefine((shipment, ctx) => {
    // One label, one container: a repeated SSCC makes the retailer reject the ASN.
    reportDuplicates(ctx, shipment.packages, (p) => p.sscc, ["packages"], "sscc");
  })
  .meta({ title: "Shipment", description: "A shipment confirmation: orders fulfilled, carrier, packages with SSCC, tracking and contents, partial flag" });
export type Shipment = z.infer<typeof shipmentSchema>;

/** Total shipped per order lineId across all packages (exact decimal sums). */
export function shippedQuantities(shipment: Shipment): Map<string, number> {
  const totals = new Map<string, number>();
  for (const pkg of shipment.packages) {
    for (const line of pkg.lines) totals.set(line.lineId, addQuantities(totals.get(line.lineId) ?? 0, line.quantity));
  }
  return totals;
}
