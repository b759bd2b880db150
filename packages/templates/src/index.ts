import { netSuiteFulfillmentToShopify } from "./netsuite-fulfillment-to-shopify";
import { shopifyOrderToNetSuite } from "./shopify-order-to-netsuite";
import type { FlowTemplate } from "./types";

export type { FlowTemplate, TemplateConnection, TemplatePartner } from "./types";
export { shopifyOrderToNetSuite } from "./shopify-order-to-netsuite";
export { netSuiteFulfillmentToShopify } from "./netsuite-fulfillment-to-shopify";

/** Every template the designer offers; connector issues add theirs here. */
export const templates: FlowTemplate[] = [shopifyOrderToNetSuite, netSuiteFulfillmentToShopify];

export function findTemplate(id: string): FlowTemplate | undefined {
  return templates.find((t) => t.id === id);
}
