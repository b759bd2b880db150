import { sampleInventoryPosition } from "@ipaas/canonical";
import type { MappingInput } from "@ipaas/mapping-engine";
import wmsPositions from "../fixtures/wms-inventory-snapshot.expected.json" with { type: "json" };
import listExpected from "../fixtures/x12-846-positions.expected.json" with { type: "json" };
import singleExpected from "../fixtures/x12-846-single.expected.json" with { type: "json" };

/**
 * Canonical InventoryPosition (one, or a list) → X12 846 Inventory Inquiry/Advice as
 * the typed JSON of `@ipaas/x12` ("X12 846"), the daily stock feed a retailer asks for.
 *
 * - One LIN per SKU, summed over its locations (exact decimals): QTY*33 (available
 *   for sale) = available (else onHand − allocated) − safetyStock, never below zero;
 *   QTY*17 (on hand). The unit is the position's uom (canonical CS is X12 CA), EA by default.
 * - Item ids: vendorItem is our SKU; buyerItem from lookup "x12-buyer-item" and the
 *   GTIN from "x12-item-gtin" (12 digits UPC, 13 EAN, 14 GTIN) when the tables hold the SKU.
 * - BIA: original (00), DD distributor inventory report, report id "INV" and the
 *   latest asOf (UTC) as yyyyMMddHHmm, date and time of that instant.
 */
export const inventoryPositionsToX12846: MappingInput = {
  name: "InventoryPosition[] → X12 846 inventory advice",
  sourceSample: wmsPositions,
  targetSchema: "X12 846",
  version: 1,
  expression: `(
  $positions := $ensureArray($);
  $asOf := $fromMillis($max($positions.$toMillis(asOf)));
  $uom := function($u) { $u = "CS" ? "CA" : $coalesce($u, "EA") };
  $gtinOf := function($g, $len) { $length($g) = $len ? $g };
  {
    "set": "846",
    "purpose": "00",
    "reportType": "DD",
    "reportId": "INV" & $formatDate($asOf, "yyyyMMddHHmm"),
    "reportDate": $formatDate($asOf, "yyyy-MM-dd"),
    "reportTime": $formatDate($asOf, "HH:mm"),
    "items": [$map($distinct($positions.sku), function($sku, $i) { (
      $ps := $positions[sku = $sku];
      $free := $ps.$moneySub($exists(available) ? available : $moneySub(onHand, $default(allocated, 0)), $default(safetyStock, 0));
      $gtin := $lookupOr("x12-item-gtin", $sku);
      {
        "lineNumber": $string($i + 1),
        "vendorItem": $ediSafe($sku),
        "buyerItem": $ediSafe($lookupOr("x12-buyer-item", $sku)),
        "upc": $gtinOf($gtin, 12),
        "ean": $gtinOf($gtin, 13),
        "gtin": $gtinOf($gtin, 14),
        "quantities": [
          { "qualifier": "33", "quantity": $number($moneySum([$map($free, function($f) { $number($f) < 0 ? 0 : $f })])), "uom": $uom($ps[0].uom) },
          { "qualifier": "17", "quantity": $number($moneySum([$ps.onHand])), "uom": $uom($ps[0].uom) }
        ]
      }
    ) })]
  }
)`,
  tests: [
    { name: "WMS snapshot: one LIN per SKU, sellable after safety stock, over-allocated kit at 0, GTINs and buyer items by lookup", input: wmsPositions, expected: listExpected },
    { name: "a single position (not a list) still yields one LIN", input: sampleInventoryPosition, expected: singleExpected },
  ],
};
