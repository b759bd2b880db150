import { netSuiteItemFulfillmentToShipment } from "@ipaas/standard-mappings";
import type { FlowTemplate } from "./types";

const sampleFulfillment = netSuiteItemFulfillmentToShipment.sourceSample;

/**
 * Template 2: NetSuite item fulfillments become Shopify fulfillments with tracking.
 *
 * Poll NetSuite for item fulfillments changed since the stored watermark (a
 * change, not a record: a fulfillment edited later — a tracking number added —
 * runs again) → canonical Shipment (standard mapping) → skip shipments of orders
 * that did not come from Shopify → read the Shopify order's fulfillment orders →
 * fulfil the shipped lines (matched by the Shopify line id the sales order carried,
 * `custcol_ipaas_line_id`) with the tracking number and carrier. Lines Shopify has
 * fulfilled already are skipped by the action, so a re-run never double-fulfils.
 */
export const netSuiteFulfillmentToShopify: FlowTemplate = {
  id: "netsuite-fulfillment-to-shopify-fulfillment",
  name: "NetSuite fulfillment → Shopify fulfillment",
  description:
    "Item fulfillments shipped in NetSuite become Shopify fulfillments with tracking numbers and carrier; polls NetSuite since a watermark and skips lines that are already fulfilled.",
  steps: [
    "Poll NetSuite item fulfillments changed since the last watermark",
    "Map to the canonical Shipment",
    "Skip shipments of orders that did not come from Shopify",
    "Read the Shopify order's fulfillment orders",
    "Map the shipped lines and tracking to a fulfillment",
    "Create the Shopify fulfillment (already fulfilled lines are skipped)",
  ],
  connections: [
    { key: "netsuite", connectorId: "netsuite", label: "NetSuite account" },
    { key: "shopify", connectorId: "shopify", label: "Shopify store" },
  ],
  build: (bindings) => ({
    schemaVersion: 1,
    nodes: [
      {
        id: "fulfillments",
        type: "trigger.poll",
        name: "Fulfillments changed",
        position: { x: 0, y: 0 },
        config: { connectorId: "netsuite", operation: "itemFulfillmentsSince", connectionName: bindings.netsuite, intervalSeconds: 60, sample: sampleFulfillment },
      },
      { id: "shipment", type: "map", name: "Shipment", position: { x: 260, y: 0 }, config: { expression: netSuiteItemFulfillmentToShipment.expression } },
      {
        id: "from-shopify",
        type: "filter",
        name: "From Shopify",
        position: { x: 520, y: 0 },
        // Shopify order ids are numeric; the sales order's externalId is that id (template 1).
        config: { condition: `$count(orderRefs[$exists(externalId) and $match(externalId, /^[0-9]+$/)]) > 0` },
      },
      {
        id: "fulfillment-orders",
        type: "action",
        name: "Fulfillment orders",
        position: { x: 780, y: 0 },
        config: {
          connectorId: "shopify",
          operation: "getFulfillmentOrders",
          connectionName: bindings.shopify,
          input: `{ "orderId": $steps.Shipment.orderRefs[$match(externalId, /^[0-9]+$/)][0].externalId }`,
        },
      },
      {
        id: "fulfillment",
        type: "map",
        name: "Fulfillment",
        position: { x: 1040, y: 0 },
        config: {
          expression: `(
  $shipment := $steps.Shipment;
  $quantities := $shipment.packages.lines{ lineId: $sum(quantity) };
  $shipped := $keys($quantities);
  $open := fulfillmentOrders[status in ["OPEN", "IN_PROGRESS"]];
  /* The fulfillment order holding most of the shipped lines (orders split by location have several). */
  $fo := $sort($open, function($a, $b) {
    $count($b.lineItems[$substringAfter(lineItem.id, "LineItem/") in $shipped]) > $count($a.lineItems[$substringAfter(lineItem.id, "LineItem/") in $shipped])
  })[0];
  {
    "fulfillmentOrderId": $fo ? $fo.id : fulfillmentOrders[0].id,
    "lineItems": [$each($quantities, function($quantity, $lineId) { { "id": "gid://shopify/LineItem/" & $lineId, "quantity": $quantity } })],
    "tracking": { "number": $shipment.packages[0].trackingNumber, "company": $shipment.carrier },
    "notifyCustomer": true
  }
)`,
        },
      },
      {
        id: "fulfil",
        type: "action",
        name: "Create fulfillment",
        position: { x: 1300, y: 0 },
        config: { connectorId: "shopify", operation: "createFulfillment", connectionName: bindings.shopify, input: "$" },
      },
    ],
    edges: [
      { id: "e1", source: "fulfillments", target: "shipment" },
      { id: "e2", source: "shipment", target: "from-shopify" },
      { id: "e3", source: "from-shopify", target: "fulfillment-orders" },
      { id: "e4", source: "fulfillment-orders", target: "fulfillment" },
      { id: "e5", source: "fulfillment", target: "fulfil" },
    ],
    settings: { retry: { attempts: 5, backoffMs: 1000, maxDelayMs: 60_000 }, businessKey: "tranId" },
  }),
};
