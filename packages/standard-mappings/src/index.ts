import type { MappingInput } from "@ipaas/mapping-engine";
import { inventoryPositionToShopifyQuantities } from "./inventory-position-to-shopify-quantities";
import { invoiceToX12810 } from "./invoice-to-x12-810";
import { netSuiteItemFulfillmentToShipment } from "./netsuite-item-fulfillment-to-shipment";
import { salesOrderToNetSuite } from "./sales-order-to-netsuite";
import { shipmentToShopifyFulfillment } from "./shipment-to-shopify-fulfillment";
import { shipmentToX12856 } from "./shipment-to-x12-856";
import { shopifyOrderToSalesOrder } from "./shopify-order-to-sales-order";
import { wmsSnapshotToInventoryPositions } from "./wms-snapshot-to-inventory-positions";
import { x12850ToPurchaseOrder } from "./x12-850-to-purchase-order";

export { inventoryPositionToShopifyQuantities, inventorySetQuantitiesSchema } from "./inventory-position-to-shopify-quantities";
export { invoiceToX12810 } from "./invoice-to-x12-810";
export { netSuiteItemFulfillmentToShipment } from "./netsuite-item-fulfillment-to-shipment";
export { salesOrderToNetSuite } from "./sales-order-to-netsuite";
export { fulfillmentInputSchema, shipmentToShopifyFulfillment } from "./shipment-to-shopify-fulfillment";
export { shipmentToX12856 } from "./shipment-to-x12-856";
export { shopifyOrderToSalesOrder } from "./shopify-order-to-sales-order";
export { wmsSnapshotToInventoryPositions } from "./wms-snapshot-to-inventory-positions";
export { x12850ToPurchaseOrder } from "./x12-850-to-purchase-order";
export { type X12Segment, type X12TransactionSet, x12ToText, x12TransactionSetSchema } from "./x12-json";
export { standardLookup, standardLookupTables } from "./example-lookups";

/** The standard mappings shipped with the product, each with golden test cases. */
export const standardMappings: MappingInput[] = [
  shopifyOrderToSalesOrder,
  salesOrderToNetSuite,
  shipmentToShopifyFulfillment,
  inventoryPositionToShopifyQuantities,
  wmsSnapshotToInventoryPositions,
  netSuiteItemFulfillmentToShipment,
  shipmentToX12856,
  invoiceToX12810,
  x12850ToPurchaseOrder,
];
