import { ediFulfillmentTo856, ediInventoryTo846, ediInvoiceTo810 } from "./edi-netsuite-documents";
import { ediRetailerPoToNetSuite } from "./edi-retailer-po-to-netsuite";
import { netSuiteFulfillmentToShopify } from "./netsuite-fulfillment-to-shopify";
import { shopifyOrderToNetSuite } from "./shopify-order-to-netsuite";
import type { FlowTemplate } from "./types";

export type { FlowTemplate, TemplateConnection, TemplatePartner } from "./types";
export { shopifyOrderToNetSuite } from "./shopify-order-to-netsuite";
export { netSuiteFulfillmentToShopify } from "./netsuite-fulfillment-to-shopify";
export { ediRetailerPoToNetSuite } from "./edi-retailer-po-to-netsuite";
export { ediFulfillmentTo856, ediInvoiceTo810, ediInventoryTo846 } from "./edi-netsuite-documents";

/** Every template the designer offers; connector issues add theirs here. */
export const templates: FlowTemplate[] = [shopifyOrderToNetSuite, netSuiteFulfillmentToShopify, ediRetailerPoToNetSuite, ediFulfillmentTo856, ediInvoiceTo810, ediInventoryTo846];

export function findTemplate(id: string): FlowTemplate | undefined {
  return templates.find((t) => t.id === id);
}
