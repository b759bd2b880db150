import type { FlowDefinitionInput } from "@ipaas/flow";

/**
 * Pieces the EDI templates share (docs/architecture.md "EDI documents"): the "Send X12" step
 * and the filter that keeps one retailer's orders.
 */

type FlowNodeInput = FlowDefinitionInput["nodes"][number];

/** A "Send X12" step: the input is the set's typed JSON; envelope, control numbers and delivery are the runtime's. */
export function sendX12Node(id: string, name: string, x: number, partnerId: string, set: string): FlowNodeInput {
  return { id, type: "edi.send", name, position: { x, y: 0 }, config: { partnerId, set, input: "$" } };
}

/**
 * The sales-order externalId the 850 template gives an order of this partner: `edi:<partner id>:<PO number>`.
 * Shipments and invoices carry it back (createdFrom.externalId), so the 856 and 810 templates
 * send to this partner exactly the documents of its own orders.
 */
export const ediOrderPrefix = (partnerId: string) => `edi:${partnerId}:`;

/** A filter passing documents whose order reference (in `path`, a list or one object) is this partner's EDI order. */
export function partnerOrderFilter(id: string, x: number, partnerId: string, path: "orderRefs" | "orderRef"): FlowNodeInput {
  const prefix = ediOrderPrefix(partnerId);
  return {
    id,
    type: "filter",
    name: "This retailer's orders",
    position: { x, y: 0 },
    config: { condition: `$count(${path}[$exists(externalId) and $substring(externalId, 0, ${prefix.length}) = "${prefix}"]) > 0` },
  };
}
