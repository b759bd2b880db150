import { sampleShipment } from "@ipaas/canonical";
import type { MappingInput } from "@ipaas/mapping-engine";
import singleCarton from "../fixtures/shipment-single-carton.json" with { type: "json" };

/**
 * Canonical Shipment → Shopify Admin GraphQL `fulfillmentCreate(fulfillment:
 * FulfillmentInput!)` input.
 *
 * - Only what shipped is fulfilled: quantities are summed per order lineId over
 *   all packages (exactly, $moneySum), so a partial shipment fulfils only its lines
 *   and Shopify keeps the rest open.
 * - Fulfillment order and fulfillment order line item gids come from lookup tables
 *   "shopify-fulfillment-order" (order external id → gid) and
 *   "shopify-fulfillment-order-line" ("<order external id>:<lineId>" → gid).
 * - Tracking: carrier code → Shopify's company name; every package's tracking number.
 * - The customer is notified only of the first shipment's tracking by Shopify's own
 *   rules; notifyCustomer is always true here.
 */
export const fulfillmentInputSchema = {
  type: "object",
  required: ["lineItemsByFulfillmentOrder", "notifyCustomer", "trackingInfo"],
  properties: {
    lineItemsByFulfillmentOrder: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["fulfillmentOrderId", "fulfillmentOrderLineItems"],
        properties: {
          fulfillmentOrderId: { type: "string", pattern: "^gid://shopify/FulfillmentOrder/\\d+$" },
          fulfillmentOrderLineItems: {
            type: "array",
            minItems: 1,
            items: {
              type: "object",
              required: ["id", "quantity"],
              properties: {
                id: { type: "string", pattern: "^gid://shopify/FulfillmentOrderLineItem/\\d+$" },
                quantity: { type: "integer", minimum: 1 },
              },
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
    },
    notifyCustomer: { type: "boolean" },
    trackingInfo: {
      type: "object",
      properties: {
        company: { type: "string", minLength: 1 },
        numbers: { type: "array", items: { type: "string", minLength: 1 } },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const;

export const shipmentToShopifyFulfillment: MappingInput = {
  name: "Shipment → Shopify fulfillmentCreate",
  sourceSample: sampleShipment,
  targetSchema: "Shopify fulfillmentCreate",
  version: 1,
  expression: `(
  $orderId := orderRefs[0].externalId;
  $shipped := packages.lines{ lineId: $moneySum(quantity) };
  $companies := { "UPS": "UPS", "FEDEX": "FedEx", "USPS": "USPS", "DHL": "DHL Express", "ONTRAC": "OnTrac" };
  {
    "lineItemsByFulfillmentOrder": [{
      "fulfillmentOrderId": $lookup("shopify-fulfillment-order", $orderId),
      "fulfillmentOrderLineItems": [$each($shipped, function($qty, $lineId) {
        {
          "id": $lookup("shopify-fulfillment-order-line", $orderId & ":" & $lineId),
          "quantity": $number($qty)
        }
      })]
    }],
    "notifyCustomer": true,
    "trackingInfo": {
      "company": $lookup($companies, carrier) ? $lookup($companies, carrier) : carrier,
      "numbers": [packages.trackingNumber]
    }
  }
)`,
  tests: [
    {
      name: "partial shipment: lines 1 and 3 in two cartons, line 2 backordered and not fulfilled",
      input: sampleShipment,
      expected: {
        lineItemsByFulfillmentOrder: [
          {
            fulfillmentOrderId: "gid://shopify/FulfillmentOrder/77001",
            fulfillmentOrderLineItems: [
              { id: "gid://shopify/FulfillmentOrderLineItem/90001", quantity: 2 },
              { id: "gid://shopify/FulfillmentOrderLineItem/90003", quantity: 1 },
            ],
          },
        ],
        notifyCustomer: true,
        trackingInfo: { company: "UPS", numbers: ["1Z999AA10123456784", "1Z999AA10123456793"] },
      },
    },
    { name: "single carton, single line (lists stay lists)", input: singleCarton, expected: {
        lineItemsByFulfillmentOrder: [
          {
            fulfillmentOrderId: "gid://shopify/FulfillmentOrder/77001",
            fulfillmentOrderLineItems: [{ id: "gid://shopify/FulfillmentOrderLineItem/90002", quantity: 1 }],
          },
        ],
        notifyCustomer: true,
        trackingInfo: { company: "FedEx", numbers: ["794612345678"] },
      } },
  ],
};
