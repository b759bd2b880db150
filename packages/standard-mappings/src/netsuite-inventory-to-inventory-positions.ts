import type { MappingInput } from "@ipaas/mapping-engine";
import items from "../fixtures/netsuite-inventory-items.json" with { type: "json" };
import itemsExpected from "../fixtures/netsuite-inventory-items.expected.json" with { type: "json" };
import single from "../fixtures/netsuite-inventory-single.json" with { type: "json" };
import singleExpected from "../fixtures/netsuite-inventory-single.expected.json" with { type: "json" };

/**
 * The NetSuite connector's "Get inventory" output `{ itemId, sku, asOf, locations:
 * [{ locationId, quantityOnHand, quantityAvailable }] }` — one result, or a list of
 * them (one per item, e.g. collected by a loop for an 846) — → a list of canonical
 * InventoryPosition, one per item and location.
 *
 * - NetSuite's available is on hand − committed, so allocated = onHand − available
 *   (exact decimal arithmetic), which is the canonical invariant.
 * - Quantities are in the item's base (stock) unit; uom is left out for that reason.
 * - locationCode from lookup "netsuite-location-code" (location internal id → canonical
 *   code), else the NetSuite location id.
 * - SKU is the item's Item Name/Number the action reads with the balances; asOf is
 *   when it read them.
 */
export const netSuiteInventoryToInventoryPositions: MappingInput = {
  name: "NetSuite inventory → InventoryPosition[]",
  sourceSample: single,
  targetSchema: "InventoryPosition[]",
  version: 1,
  expression: `(
  [$ensureArray($$).(
    $sku := sku;
    $asOf := asOf;
    $ensureArray(locations).{
      "sku": $sku,
      "locationCode": $lookup("netsuite-location-code", locationId, locationId),
      "onHand": quantityOnHand,
      "allocated": $number($moneySub(quantityOnHand, quantityAvailable)),
      "available": quantityAvailable,
      "asOf": $asOf
    }
  )]
)`,
  tests: [
    { name: "one item at two locations, some of it committed to open orders", input: single, expected: singleExpected },
    { name: "a list of results: a location without a code, an item out of stock, fractional stock", input: items, expected: itemsExpected },
  ],
};
