import { salesOrderToNetSuite, shopifyOrderToSalesOrder } from "@ipaas/standard-mappings";
import type { FlowTemplate } from "./types";

/**
 * Template 1: a Shopify order becomes a NetSuite sales order.
 *
 * Shopify `orders/create` webhook → canonical SalesOrder (standard mapping) →
 * every SKU's NetSuite item id from the cross-reference table "netsuite-item" (one
 * query, cached) → upsert the customer (externalId "shopify-<customer id>", or the
 * email for guest checkouts) → the standard SalesOrder → NetSuite mapping, with its
 * item and customer lookups answered from those two steps → upsert the sales order
 * by externalId (the Shopify order id: a redelivered or replayed order updates,
 * never duplicates) → tag the Shopify order with the NetSuite id.
 *
 * The items are read first so that an unknown SKU stops the run before any call
 * to NetSuite: it dead-letters with "SKU-1001 not found in netsuite-item"
 * (non-retryable); the analyst adds the entry under Lookups and the operator
 * resubmits the dead letter (docs/architecture.md "Failures, retries and dead letters").
 */
export const shopifyOrderToNetSuite: FlowTemplate = {
  id: "shopify-order-to-netsuite-sales-order",
  name: "Shopify order → NetSuite sales order",
  description:
    "Every new Shopify order becomes a NetSuite sales order: customer upserted, SKUs cross-referenced to NetSuite items, discounts, shipping and addresses carried over, idempotent on the Shopify order id, and the Shopify order tagged with the NetSuite id.",
  steps: [
    "Shopify webhook orders/create (signature verified, redeliveries deduplicated)",
    "Map to the canonical SalesOrder",
    "Cross-reference every SKU to its NetSuite item (lookup table netsuite-item)",
    "Upsert the NetSuite customer",
    "Map to a NetSuite salesOrder",
    "Upsert the sales order by externalId",
    "Tag the Shopify order with the NetSuite id",
  ],
  connections: [
    { key: "shopify", connectorId: "shopify", label: "Shopify store" },
    { key: "netsuite", connectorId: "netsuite", label: "NetSuite account" },
  ],
  build: (bindings) => ({
    schemaVersion: 1,
    nodes: [
      {
        id: "order-created",
        type: "trigger.webhook",
        name: "Order created",
        position: { x: 0, y: 0 },
        // Deliveries are checked against the store's X-Shopify-Hmac-Sha256 (the connection's webhookSecret).
        config: { verification: "connection", connectorId: "shopify", connectionName: bindings.shopify, event: "orders/create", sample: shopifyOrderToSalesOrder.sourceSample },
      },
      { id: "sales-order", type: "map", name: "SalesOrder", position: { x: 260, y: 0 }, config: { expression: shopifyOrderToSalesOrder.expression } },
      {
        id: "items",
        type: "map",
        name: "Items",
        position: { x: 520, y: 0 },
        // SKU → NetSuite item id for every SKU of the order, in one read; a SKU not in the table fails here.
        config: {
          expression: `(
  $skus := [$distinct($steps.SalesOrder.lines.sku)];
  $ids := [$lookup("netsuite-item", $skus)];
  $merge($map($skus, function($sku, $i) { { $sku: $ids[$i] } }))
)`,
        },
      },
      {
        id: "customer",
        type: "action",
        name: "Customer",
        position: { x: 780, y: 0 },
        config: {
          connectorId: "netsuite",
          operation: "upsertCustomer",
          connectionName: bindings.netsuite,
          input: `(
  $c := $trigger.customer;
  $email := $coalesce($c.email, $trigger.email);
  {
    "externalId": "shopify-" & ($c.id ? $string($c.id) : $lowercase($email)),
    "record": {
      "isPerson": true,
      "firstName": $coalesce($c.first_name, $trigger.shipping_address.first_name, "Guest"),
      "lastName": $coalesce($c.last_name, $trigger.shipping_address.last_name, "Customer"),
      "email": $email,
      "phone": $coalesce($c.phone, $trigger.shipping_address.phone)
    }
  }
)`,
        },
      },
      {
        id: "netsuite-order",
        type: "map",
        name: "NetSuite order",
        position: { x: 1040, y: 0 },
        config: {
          // The standard mapping reads items and the customer from lookup tables; here
          // the two previous steps answer those lookups, every other table falls through.
          expression: `(
  $itemIds := $steps.Items;
  $customerId := $steps.Customer.id;
  $tableLookup := $lookup;
  $lookup := function($table, $key, $default) {
    $table = "netsuite-item" ? $tableLookup($itemIds, $key)
      : $table = "netsuite-customer" ? $customerId
      : $tableLookup($table, $key, $default)
  };
  $steps.SalesOrder.${salesOrderToNetSuite.expression}
)`,
        },
      },
      {
        id: "upsert",
        type: "action",
        name: "Upsert sales order",
        position: { x: 1300, y: 0 },
        config: { connectorId: "netsuite", operation: "upsertSalesOrder", connectionName: bindings.netsuite, input: `{ "externalId": externalId, "record": $ }` },
      },
      {
        id: "tag",
        type: "action",
        name: "Tag order",
        position: { x: 1560, y: 0 },
        config: {
          connectorId: "shopify",
          operation: "addOrderTags",
          connectionName: bindings.shopify,
          input: `{ "id": $trigger.admin_graphql_api_id, "tags": ["netsuite-so-" & $steps.\`Upsert sales order\`.id] }`,
        },
      },
    ],
    edges: [
      { id: "e1", source: "order-created", target: "sales-order" },
      { id: "e2", source: "sales-order", target: "items" },
      { id: "e3", source: "items", target: "customer" },
      { id: "e4", source: "customer", target: "netsuite-order" },
      { id: "e5", source: "netsuite-order", target: "upsert" },
      { id: "e6", source: "upsert", target: "tag" },
    ],
    settings: { retry: { attempts: 5, backoffMs: 1000, maxDelayMs: 60_000 }, businessKey: "name" },
  }),
};
