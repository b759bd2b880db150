import type { MappingInput } from "@ipaas/mapping-engine";
import snapshot from "../fixtures/wms-inventory-snapshot.json" with { type: "json" };
import snapshotExpected from "../fixtures/wms-inventory-snapshot.expected.json" with { type: "json" };
import single from "../fixtures/wms-inventory-snapshot-single.json" with { type: "json" };
import singleExpected from "../fixtures/wms-inventory-snapshot-single.expected.json" with { type: "json" };

/**
 * WMS inventory snapshot `{ warehouse, asOf, sequence, items: [{ sku, onHand,
 * allocated, safetyStock, uom, unitsPerUom? }] }` → a list of canonical
 * InventoryPosition, one per item.
 *
 * - Packaging units are converted to the base unit: a WMS that counts a SKU in
 *   cases of 12 (uom CS, unitsPerUom 12) reports 14 CS = 168 EA. Measured units
 *   (KG, LB…) are kept as they are.
 * - available = onHand − allocated, computed exactly ($moneySub is exact decimal
 *   arithmetic), so 12.5 − 0.3 is 12.2, as the schema's exact check requires.
 * - The WMS sends local wall-clock time; it is read in the warehouse's zone
 *   (lookup table "wms-warehouse-timezone", default America/Chicago).
 * - Warehouse codes go through the "wms-location" lookup table (default: as sent).
 * - sequence becomes sourceSequence, so an older snapshot never overwrites a newer one.
 *
 * The output is a list: the target "InventoryPosition[]" validates every element.
 */
export const wmsSnapshotToInventoryPositions: MappingInput = {
  name: "WMS inventory snapshot → InventoryPosition[]",
  sourceSample: snapshot,
  targetSchema: "InventoryPosition[]",
  version: 1,
  expression: `(
  $loc := $lookup("wms-location", warehouse, warehouse);
  $zone := $lookup("wms-warehouse-timezone", warehouse, "America/Chicago");
  $asOf := $parseDate(asOf, "yyyy-MM-dd HH:mm:ss", $zone);
  $seq := sequence;
  $packaging := ["CS", "CA", "PK", "BX", "IP", "PL"];
  [items.(
    $isPack := uom in $packaging and unitsPerUom > 1;
    $base := function($q) { $exists($q) ? ($isPack ? $number($moneyMul($q, unitsPerUom)) : $q) };
    $onHand := $base(onHand);
    $allocated := $base($default(allocated, 0));
    {
      "sku": sku,
      "locationCode": $loc,
      "onHand": $onHand,
      "allocated": $allocated,
      "available": $number($moneySub($onHand, $allocated)),
      "safetyStock": $base(safetyStock),
      "uom": $isPack ? "EA" : uom,
      "asOf": $asOf,
      "sourceSequence": $seq
    }
  )]
)`,
  tests: [
    { name: "4 SKUs: eaches, a case of 12, a weighed item, an over-allocated kit", input: snapshot, expected: snapshotExpected },
    { name: "single item snapshot (still a list), missing safety stock", input: single, expected: singleExpected },
  ],
};
