import {
  inventoryPositionsToX12846,
  invoiceToX12810,
  netSuiteInventoryToInventoryPositions,
  netSuiteInvoiceToInvoice,
  netSuiteItemFulfillmentToShipment,
  shipmentToX12856,
} from "@ipaas/standard-mappings";
import { partnerOrderFilter, sendX12Node } from "./edi-nodes";
import type { FlowTemplate } from "./types";

/**
 * EDI templates 2–4: documents NetSuite produces, sent to a retailer as X12
 * (docs/architecture.md "EDI documents"). Each maps to the canonical object with the shipped
 * mapping, keeps only this retailer's orders (the `edi:<partner id>:` externalId the 850
 * template gives them), maps to the set's typed JSON and hands it to Send X12, which allocates
 * control numbers, delivers, tracks the retailer's 997 and meets the 856/810 timers.
 */

const netsuite = { key: "netsuite", connectorId: "netsuite", label: "NetSuite account" };
const retry = { attempts: 5, backoffMs: 1000, maxDelayMs: 60_000 };

/**
 * A NetSuite transaction poll → canonical object → this retailer's orders only → X12 set → Send X12:
 * the shape the 856 and 810 templates share.
 */
function netSuitePollToX12(spec: {
  id: string;
  name: string;
  description: string;
  steps: string[];
  set: string;
  poll: { operation: string; name: string; sample: unknown };
  canonical: { name: string; expression: string; orderPath: "orderRefs" | "orderRef" };
  x12Expression: string;
  businessKey: string;
}): FlowTemplate {
  return {
    id: spec.id,
    name: spec.name,
    description: spec.description,
    steps: spec.steps,
    connections: [netsuite],
    partners: [{ key: "retailer", label: "Retailer", sets: [`${spec.set} out`] }],
    build: (bindings) => {
      const partnerId = bindings.retailer ?? "";
      return {
        schemaVersion: 1,
        nodes: [
          {
            id: "changed",
            type: "trigger.poll",
            name: spec.poll.name,
            position: { x: 0, y: 0 },
            config: { connectorId: "netsuite", operation: spec.poll.operation, connectionName: bindings.netsuite, intervalSeconds: 60, sample: spec.poll.sample },
          },
          { id: "canonical", type: "map", name: spec.canonical.name, position: { x: 260, y: 0 }, config: { expression: spec.canonical.expression } },
          partnerOrderFilter("this-retailer", 520, partnerId, spec.canonical.orderPath),
          { id: "x12", type: "map", name: spec.set, position: { x: 780, y: 0 }, config: { expression: spec.x12Expression } },
          sendX12Node("send", `Send ${spec.set}`, 1040, partnerId, spec.set),
        ],
        edges: [
          { id: "e1", source: "changed", target: "canonical" },
          { id: "e2", source: "canonical", target: "this-retailer" },
          { id: "e3", source: "this-retailer", target: "x12" },
          { id: "e4", source: "x12", target: "send" },
        ],
        settings: { retry, businessKey: spec.businessKey },
      };
    },
  };
}

/** NetSuite item fulfillment → 856 ship notice (SSCC per carton, tracking, carrier). */
export const ediFulfillmentTo856 = netSuitePollToX12({
  id: "edi-netsuite-fulfillment-to-856",
  name: "NetSuite fulfillment → 856 ship notice",
  description:
    "Item fulfillments shipped in NetSuite for a retailer's EDI orders become 856 advance ship notices: shipment / order / pack / item levels, an SSCC-18 per carton, carrier and tracking; the retailer's 997 is tracked.",
  steps: [
    "Poll NetSuite item fulfillments changed since the last watermark",
    "Map to the canonical Shipment (SSCC per package)",
    "Keep shipments of this retailer's EDI orders",
    "Map to the 856 ship notice",
    "Send the 856 to the retailer",
  ],
  set: "856",
  poll: { operation: "itemFulfillmentsSince", name: "Fulfillments changed", sample: netSuiteItemFulfillmentToShipment.sourceSample },
  canonical: { name: "Shipment", expression: netSuiteItemFulfillmentToShipment.expression, orderPath: "orderRefs" },
  x12Expression: shipmentToX12856.expression,
  businessKey: "tranId",
});

/** NetSuite invoice → 810 invoice. */
export const ediInvoiceTo810 = netSuitePollToX12({
  id: "edi-netsuite-invoice-to-810",
  name: "NetSuite invoice → 810 invoice",
  description: "Invoices created in NetSuite for a retailer's EDI orders become 810 invoices (lines, allowances, taxes, TDS total) sent to the retailer; its 997 is tracked.",
  steps: ["Poll NetSuite invoices changed since the last watermark", "Map to the canonical Invoice", "Keep invoices of this retailer's EDI orders", "Map to the 810 invoice", "Send the 810 to the retailer"],
  set: "810",
  poll: { operation: "invoicesSince", name: "Invoices changed", sample: netSuiteInvoiceToInvoice.sourceSample },
  canonical: { name: "Invoice", expression: netSuiteInvoiceToInvoice.expression, orderPath: "orderRef" },
  x12Expression: invoiceToX12810.expression,
  businessKey: "tranId",
});

/** NetSuite inventory → 846 inventory advice, daily. */
export const ediInventoryTo846: FlowTemplate = {
  id: "edi-netsuite-inventory-to-846",
  name: "NetSuite inventory → 846 (daily)",
  description: "Every morning, NetSuite's available inventory goes to the retailer as an 846 inventory advice: per SKU available-for-sale and on-hand quantities, their item numbers from x12-buyer-item.",
  steps: ["Every day at 06:00 (the flow's time zone)", "Read NetSuite inventory levels", "Map to canonical InventoryPositions", "Map to the 846 inventory advice", "Send the 846 to the retailer"],
  connections: [netsuite],
  partners: [{ key: "retailer", label: "Retailer", sets: ["846 out"] }],
  build: (bindings) => ({
    schemaVersion: 1,
    nodes: [
      { id: "daily", type: "trigger.schedule", name: "Daily", position: { x: 0, y: 0 }, config: { cron: "0 6 * * *" } },
      // No SKU list: every inventory item; list the retailer's SKUs here to send only those.
      { id: "levels", type: "action", name: "Inventory levels", position: { x: 260, y: 0 }, config: { connectorId: "netsuite", operation: "getInventoryLevels", connectionName: bindings.netsuite, input: "{}" } },
      { id: "positions", type: "map", name: "Positions", position: { x: 520, y: 0 }, config: { expression: netSuiteInventoryToInventoryPositions.expression } },
      { id: "x12-846", type: "map", name: "846", position: { x: 780, y: 0 }, config: { expression: inventoryPositionsToX12846.expression } },
      sendX12Node("send-846", "Send 846", 1040, bindings.retailer ?? "", "846"),
    ],
    edges: [
      { id: "e1", source: "daily", target: "levels" },
      { id: "e2", source: "levels", target: "positions" },
      { id: "e3", source: "positions", target: "x12-846" },
      { id: "e4", source: "x12-846", target: "send-846" },
    ],
    settings: { retry },
  }),
};
