import { purchaseOrderToSalesOrder, purchaseOrderToX12855, salesOrderToNetSuite, x12850ToPurchaseOrder } from "@ipaas/standard-mappings";
import { ediOrderPrefix, sendX12Node } from "./edi-nodes";
import type { FlowTemplate } from "./types";

/**
 * EDI template 1: a retailer's 850 purchase order becomes a NetSuite sales order, and an
 * 855 acknowledgement goes back.
 *
 * The runtime has already stored the file, validated it and queued our 997 before this flow
 * runs (docs/architecture.md "EDI documents"): a rejected 850 never gets here, it is a dead
 * letter with the raw text. The typed 850 → canonical PurchaseOrder → SalesOrder (their item
 * numbers → our SKUs through x12-item-sku) whose externalId is `edi:<partner id>:<PO number>`,
 * so a PO received twice upserts one order and the 856/810 templates find this partner's
 * orders → NetSuite salesOrder (items, units and customer through the netsuite-* tables) →
 * upsert by externalId → the 855 (every line accepted as ordered) → Send X12, which allocates
 * the control numbers, delivers by the partner's transport and meets the 855 timer.
 */
export const ediRetailerPoToNetSuite: FlowTemplate = {
  id: "edi-850-to-netsuite-sales-order",
  name: "Retailer 850 → NetSuite sales order + 855",
  description:
    "Each purchase order a retailer sends over EDI (850, 997 sent automatically) becomes a NetSuite sales order — their item numbers cross-referenced to our SKUs, idempotent on the PO number — and an 855 acknowledgement goes back to the retailer.",
  steps: [
    "Receive the retailer's 850 (validated, 997 sent automatically; rejected ones are dead letters)",
    "Map to the canonical PurchaseOrder, then to a SalesOrder (x12-item-sku)",
    "Map to a NetSuite salesOrder",
    "Upsert the sales order by externalId",
    "Map the 855 acknowledgement (lines accepted as ordered)",
    "Send the 855 to the retailer (control numbers, transport, 997 tracked)",
  ],
  connections: [{ key: "netsuite", connectorId: "netsuite", label: "NetSuite account" }],
  partners: [{ key: "retailer", label: "Retailer", sets: ["850 in", "855 out", "997 both ways"] }],
  build: (bindings) => {
    const partnerId = bindings.retailer ?? "";
    return {
      schemaVersion: 1,
      nodes: [
        {
          id: "po-received",
          type: "trigger.edi",
          name: "PO received",
          position: { x: 0, y: 0 },
          config: { partnerId, set: "850", sample: { set: "850", controlNumber: "0001", reference: "4500012345", document: x12850ToPurchaseOrder.sourceSample } },
        },
        { id: "purchase-order", type: "map", name: "PurchaseOrder", position: { x: 260, y: 0 }, config: { expression: `document.${x12850ToPurchaseOrder.expression}` } },
        {
          id: "sales-order",
          type: "map",
          name: "SalesOrder",
          position: { x: 520, y: 0 },
          // The upsert key names the partner, so shipments and invoices of these orders go back to it alone.
          config: { expression: `$merge([${purchaseOrderToSalesOrder.expression}, { "externalId": "${ediOrderPrefix(partnerId)}" & poNumber }])` },
        },
        { id: "netsuite-order", type: "map", name: "NetSuite order", position: { x: 780, y: 0 }, config: { expression: salesOrderToNetSuite.expression } },
        {
          id: "upsert",
          type: "action",
          name: "Upsert sales order",
          position: { x: 1040, y: 0 },
          config: { connectorId: "netsuite", operation: "upsertSalesOrder", connectionName: bindings.netsuite, input: `{ "externalId": externalId, "record": $ }` },
        },
        {
          id: "ack",
          type: "map",
          name: "855",
          position: { x: 1300, y: 0 },
          config: { expression: `$merge([$steps.PurchaseOrder, { "acknowledgedAt": $now() }]).${purchaseOrderToX12855.expression}` },
        },
        sendX12Node("send-855", "Send 855", 1560, partnerId, "855"),
      ],
      edges: [
        { id: "e1", source: "po-received", target: "purchase-order" },
        { id: "e2", source: "purchase-order", target: "sales-order" },
        { id: "e3", source: "sales-order", target: "netsuite-order" },
        { id: "e4", source: "netsuite-order", target: "upsert" },
        { id: "e5", source: "upsert", target: "ack" },
        { id: "e6", source: "ack", target: "send-855" },
      ],
      settings: { retry: { attempts: 5, backoffMs: 1000, maxDelayMs: 60_000 }, businessKey: "reference" },
    };
  },
};
