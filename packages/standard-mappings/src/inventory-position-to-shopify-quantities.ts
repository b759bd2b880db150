import type { MappingInput } from "@ipaas/mapping-engine";
import wmsPositions from "../fixtures/wms-inventory-snapshot.expected.json" with { type: "json" };

/**
 * Canonical InventoryPosition (one, or a list) → Shopify Admin GraphQL
 * `inventorySetQuantities(input: InventorySetQuantitiesInput!)` input.
 *
 * sellable = onHand − allocated − safetyStock − channel reservation, never negative,
 * rounded down to a whole unit (Shopify counts integers; selling a fraction we do
 * not have is worse than under-selling). When a source reports `available` it is
 * used for onHand − allocated. Arithmetic is exact decimal ($moneySub / $moneyAdd).
 *
 * Lookup tables: "shopify-inventory-item" (SKU → InventoryItem gid),
 * "shopify-location" (location code → Location gid), "shopify-channel-reservation"
 * (SKU → units held back for other channels, default 0).
 */
export const inventorySetQuantitiesSchema = {
  type: "object",
  required: ["name", "reason", "ignoreCompareQuantity", "quantities"],
  properties: {
    name: { type: "string", enum: ["available", "on_hand"] },
    reason: { type: "string", minLength: 1 },
    referenceDocumentUri: { type: "string", minLength: 1 },
    ignoreCompareQuantity: { type: "boolean" },
    quantities: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["inventoryItemId", "locationId", "quantity"],
        properties: {
          inventoryItemId: { type: "string", pattern: "^gid://shopify/InventoryItem/\\d+$" },
          locationId: { type: "string", pattern: "^gid://shopify/Location/\\d+$" },
          quantity: { type: "integer", minimum: 0 },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

export const inventoryPositionToShopifyQuantities: MappingInput = {
  name: "InventoryPosition → Shopify inventorySetQuantities",
  sourceSample: wmsPositions[0],
  targetSchema: "Shopify inventorySetQuantities",
  version: 1,
  expression: `(
  $positions := $ensureArray($);
  {
    "name": "available",
    "reason": "correction",
    "ignoreCompareQuantity": true,
    "quantities": [$positions.(
      $free := $exists(available) ? available : $moneySub(onHand, $default(allocated, 0));
      $reserved := $lookup("shopify-channel-reservation", sku, 0);
      $sellable := $floor($number($moneySub($free, $moneyAdd($default(safetyStock, 0), $reserved))));
      {
        "inventoryItemId": $lookup("shopify-inventory-item", sku),
        "locationId": $lookup("shopify-location", locationCode),
        "quantity": $max([0, $sellable])
      }
    )]
  }
)`,
  tests: [
    {
      name: "single position: 240 on hand − 36 allocated − 20 safety − 10 reserved = 174",
      input: wmsPositions[0],
      expected: { name: "available", reason: "correction", ignoreCompareQuantity: true, quantities: [{ inventoryItemId: "gid://shopify/InventoryItem/43001122", locationId: "gid://shopify/Location/61234567", quantity: 174 }] },
    },
    {
      name: "list: case SKU in eaches, over-allocated kit clamps to 0",
      input: [wmsPositions[1], wmsPositions[3]],
      expected: {
        name: "available",
        reason: "correction",
        ignoreCompareQuantity: true,
        quantities: [
          // 14 CS × 12 = 168 − 36 allocated − 12 safety − 24 reserved
          { inventoryItemId: "gid://shopify/InventoryItem/43001133", locationId: "gid://shopify/Location/61234567", quantity: 96 },
          // 5 − 8 − 2 is negative: never below zero
          { inventoryItemId: "gid://shopify/InventoryItem/43001144", locationId: "gid://shopify/Location/61234567", quantity: 0 },
        ],
      },
    },
  ],
};
