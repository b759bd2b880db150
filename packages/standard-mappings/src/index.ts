import type { MappingInput } from "@ipaas/mapping-engine";
import { inventoryPositionToShopifyQuantities } from "./inventory-position-to-shopify-quantities";
import { salesOrderToNetSuite } from "./sales-order-to-netsuite";
import { shipmentToShopifyFulfillment } from "./shipment-to-shopify-fulfillment";
import { shopifyOrderToSalesOrder } from "./shopify-order-to-sales-order";
import { wmsSnapshotToInventoryPositions } from "./wms-snapshot-to-inventory-positions";

export { inventoryPositionToShopifyQuantities, inventorySetQuantitiesSchema } from "./inventory-position-to-shopify-quantities";
export { salesOrderToNetSuite } from "./sales-order-to-netsuite";
export { fulfillmentInputSchema, shipmentToShopifyFulfillment } from "./shipment-to-shopify-fulfillment";
export { shopifyOrderToSalesOrder } from "./shopify-order-to-sales-order";
export { wmsSnapshotToInventoryPositions } from "./wms-snapshot-to-inventory-positions";
export { standardLookup, standardLookupTables } from "./example-lookups";

/** The standard mappings shipped with the product, each with golden test cases. */
export const standardMappings: MappingInput[] = [
  shopifyOrderToSalesOrder,
  salesOrderToNetSuite,
  shipmentToShopifyFulfillment,
  inventoryPositionToShopifyQuantities,
  wmsSnapshotToInventoryPositions,
];
