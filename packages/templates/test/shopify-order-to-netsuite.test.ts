import { evaluateExpression } from "@ipaas/mapping-engine";
import { salesOrderToNetSuite, shopifyOrderToSalesOrder } from "@ipaas/standard-mappings";
import { describe, expect, it } from "vitest";
import { shopifyOrderToNetSuite } from "../src";

const definition = shopifyOrderToNetSuite.build({ shopify: "Shopify store", netsuite: "NetSuite SB" });
const expressionOf = (id: string) => {
  const node = definition.nodes.find((n) => n.id === id);
  return String((node?.config as { expression?: string; input?: string }).expression ?? (node?.config as { input?: string }).input);
};

describe("template: Shopify order → NetSuite sales order", () => {
  it("binds both connections by name", () => {
    const names = definition.nodes.map((n) => [n.id, (n.config as { connectionName?: string }).connectionName]);
    expect(names).toEqual(
      expect.arrayContaining([
        ["order-created", "Shopify store"],
        ["customer", "NetSuite SB"],
        ["items", "NetSuite SB"],
        ["upsert", "NetSuite SB"],
        ["tag", "Shopify store"],
      ]),
    );
  });

  it("answers the standard mapping's item and customer lookups from the previous steps", async () => {
    // The standard mapping's own golden case, with the lookups it would read from tables.
    const [, golden] = salesOrderToNetSuite.tests ?? [];
    const salesOrder = golden!.input as { lines: Array<{ sku: string }> };
    const steps = { SalesOrder: salesOrder, Items: { [salesOrder.lines[0]!.sku]: "1201" }, Customer: { id: "1077", created: false } };
    const lookup = async (table: string, key: string) => ({ "netsuite-unit": { EA: "1" } })[table]?.[key as "EA"];
    const record = await evaluateExpression(expressionOf("netsuite-order"), steps.Items, { bindings: { steps, trigger: {} }, lookup });
    expect(record).toEqual(golden!.expected);
  });

  it("upserts the customer by the Shopify customer id, or the email of a guest", async () => {
    const trigger = shopifyOrderToSalesOrder.sourceSample as { customer: { id: number } };
    const known = (await evaluateExpression(expressionOf("customer"), null, { bindings: { trigger } })) as { externalId: string };
    expect(known.externalId).toBe(`shopify-${trigger.customer.id}`);
    const guest = (await evaluateExpression(expressionOf("customer"), null, {
      bindings: { trigger: { email: "Guest@Example.com", shipping_address: { first_name: "G", last_name: "Uest" } } },
    })) as { externalId: string; record: { lastName: string } };
    expect(guest).toMatchObject({ externalId: "shopify-guest@example.com", record: { lastName: "Uest" } });
  });
});
