import type { FlowDefinitionInput } from "./model";

/** The seeded demo flow: manual trigger → JSONata map. Also the e2e test's subject. */
export const demoFlowDefinition = {
  schemaVersion: 1,
  nodes: [
    {
      id: "trigger",
      type: "trigger.manual",
      name: "Manual trigger",
      position: { x: 0, y: 0 },
      config: {
        sample: {
          name: "#1001",
          email: "buyer@example.com",
          line_items: [
            { sku: "WIDGET-RED", quantity: 2, price: "19.99" },
            { sku: "GADGET-XL", quantity: 1, price: "45.00" },
          ],
        },
      },
    },
    {
      id: "map",
      type: "map",
      name: "To sales order",
      position: { x: 260, y: 0 },
      config: {
        expression:
          "{ 'externalId': 'shopify-' & $substringAfter(name, '#'), 'customerEmail': email, 'lines': [line_items.{ 'item': sku, 'quantity': quantity, 'rate': $number(price) }], 'lineCount': $count(line_items), 'runId': $run.runId }",
      },
    },
  ],
  edges: [{ id: "e1", source: "trigger", target: "map" }],
  settings: { retry: { attempts: 3, backoffMs: 500, maxDelayMs: 10_000 }, businessKey: "name" },
} satisfies FlowDefinitionInput;

/**
 * The seeded draft "call a system over HTTP": it has no connection yet, so it
 * shows a problem until someone picks one (the e2e test of connections does).
 */
export const demoHttpFlowDefinition = {
  schemaVersion: 1,
  nodes: [
    { id: "trigger", type: "trigger.manual", name: "Manual trigger", position: { x: 0, y: 0 }, config: { sample: { name: "#2001" } } },
    {
      id: "call",
      type: "action",
      name: "Check the target",
      position: { x: 260, y: 0 },
      config: { connectorId: "http", operation: "request", input: "{ 'method': 'GET', 'path': '/healthz' }" },
    },
  ],
  edges: [{ id: "e1", source: "trigger", target: "call" }],
  settings: { retry: { attempts: 2, backoffMs: 200, maxDelayMs: 2_000 }, businessKey: "name" },
} satisfies FlowDefinitionInput;
