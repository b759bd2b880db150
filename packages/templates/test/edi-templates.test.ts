import { salesOrderSchema } from "@ipaas/canonical";
import { validate } from "@ipaas/flow";
import { evaluateExpression } from "@ipaas/mapping-engine";
import { netSuiteInventoryToInventoryPositions, netSuiteInvoiceToInvoice, netSuiteItemFulfillmentToShipment, standardLookup, x12850ToPurchaseOrder } from "@ipaas/standard-mappings";
import { writeTransactionSet, X12_DOCUMENT_SCHEMAS, type X12Document } from "@ipaas/x12";
import { describe, expect, it } from "vitest";
import { ediFulfillmentTo856, ediInventoryTo846, ediInvoiceTo810, ediRetailerPoToNetSuite, type FlowTemplate } from "../src";

// The EDI templates' steps chained on the shipped mappings' samples: what a run computes, step by step.
const partnerId = "6f1c0b7e-1111-4000-8000-000000000001";
const bindings = { netsuite: "NetSuite SB", retailer: partnerId };
const lookup = standardLookup();

type Definition = ReturnType<FlowTemplate["build"]>;
const configOf = (definition: Definition, id: string) => definition.nodes.find((n) => n.id === id)?.config as Record<string, string>;

/** Runs the map steps in edge order from the trigger's `input` (an action step answers `actionOutput`), `$steps` holding each step's output by name, until `stop`. */
async function runMaps(definition: Definition, input: unknown, stop: string, actionOutput: unknown = { id: "9001" }) {
  const trigger = input;
  const steps: Record<string, unknown> = {};
  let current = input;
  for (const edge of definition.edges) {
    const node = definition.nodes.find((n) => n.id === edge.target)!;
    if (node.id === stop) break;
    const config = node.config as Record<string, string>;
    if (node.type === "map") current = await evaluateExpression(config.expression!, current, { bindings: { steps, trigger }, lookup });
    if (node.type === "filter") expect(await evaluateExpression(config.condition!, current, { bindings: { steps, trigger } })).toBe(true);
    if (node.type === "action") current = actionOutput;
    steps[node.name] = current;
  }
  return { current, steps };
}

/** The set's typed JSON as Send X12 checks it: its zod schema, then the segments written. */
function checkSet(set: keyof typeof X12_DOCUMENT_SCHEMAS, doc: unknown) {
  const parsed = X12_DOCUMENT_SCHEMAS[set].safeParse(doc);
  expect(parsed.error?.issues ?? []).toEqual([]);
  return writeTransactionSet(parsed.data as X12Document).segments;
}

describe("EDI templates", () => {
  it("each builds a flow that validates, with the partner in its EDI trigger and Send X12 steps", () => {
    for (const template of [ediRetailerPoToNetSuite, ediFulfillmentTo856, ediInvoiceTo810, ediInventoryTo846]) {
      const definition = template.build(bindings);
      expect(validate(definition), template.id).toEqual([]);
      const edi = definition.nodes.filter((n) => n.type === "edi.send" || n.type === "trigger.edi");
      expect(edi.length).toBeGreaterThan(0);
      for (const node of edi) expect((node.config as { partnerId: string }).partnerId).toBe(partnerId);
    }
  });

  it("850 → SalesOrder keyed edi:<partner>:<PO> → NetSuite record, and an 855 accepting every line", async () => {
    const definition = ediRetailerPoToNetSuite.build(bindings);
    const trigger = { set: "850", document: x12850ToPurchaseOrder.sourceSample };
    const { steps } = await runMaps(definition, trigger, "send-855");
    const order = salesOrderSchema.parse(steps.SalesOrder);
    expect(order.externalId).toBe(`edi:${partnerId}:4500012345`);
    expect(steps["NetSuite order"]).toMatchObject({ externalId: order.externalId, entity: { id: "1042" } });
    const segments = checkSet("855", steps["855"]);
    expect(segments.find((s) => s.id === "BAK")?.elements.slice(0, 3)).toEqual(["00", "AD", "4500012345"]);
    expect(segments.filter((s) => s.id === "ACK").map((s) => s.elements[0])).toEqual(["IA", "IA"]);
  });

  it("a fulfillment of this retailer's order becomes a valid 856; another retailer's is filtered out", async () => {
    const definition = ediFulfillmentTo856.build(bindings);
    const fulfillment = netSuiteItemFulfillmentToShipment.sourceSample as { createdFrom: Record<string, unknown> };
    const ours = { ...fulfillment, createdFrom: { ...fulfillment.createdFrom, externalId: `edi:${partnerId}:4500012345` } };
    const { steps } = await runMaps(definition, ours, "send");
    expect(checkSet("856", steps["856"]).some((s) => s.id === "MAN")).toBe(true);
    const shipment = await evaluateExpression(configOf(definition, "canonical").expression!, { ...fulfillment, createdFrom: { ...fulfillment.createdFrom, externalId: "edi:other:1" } }, { lookup });
    expect(await evaluateExpression(configOf(definition, "this-retailer").condition!, shipment)).toBe(false);
  });

  it("an invoice of this retailer's order becomes a valid 810", async () => {
    const definition = ediInvoiceTo810.build(bindings);
    const invoice = netSuiteInvoiceToInvoice.sourceSample as { createdFrom: Record<string, unknown> };
    const { steps } = await runMaps(definition, { ...invoice, createdFrom: { ...invoice.createdFrom, externalId: `edi:${partnerId}:4500012345` } }, "send");
    expect(checkSet("810", steps["810"]).some((s) => s.id === "TDS")).toBe(true);
  });

  it("inventory levels become a valid 846, one LIN per SKU", async () => {
    const definition = ediInventoryTo846.build(bindings);
    const levels = netSuiteInventoryToInventoryPositions.sourceSample;
    const { steps } = await runMaps(definition, {}, "send-846", levels);
    const segments = checkSet("846", steps["846"]);
    expect(segments.filter((s) => s.id === "LIN").length).toBeGreaterThan(0);
  });
});
