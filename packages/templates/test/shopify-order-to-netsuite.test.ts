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

  it("cross-references every SKU in one read of netsuite-item, failing on an unknown SKU before any NetSuite call", async () => {
    const salesOrder = { lines: [{ sku: "WID-100-BLK" }, { sku: "GAD-200" }, { sku: "WID-100-BLK" }] };
    const reads: string[][] = [];
    const table: Record<string, string> = { "WID-100-BLK": "1201", "GAD-200": "4410" };
    const lookupMany = (name: string, keys: string[]) => {
      reads.push([name, ...keys]);
      return new Map(keys.flatMap((k) => (table[k] ? [[k, table[k]] as const] : [])));
    };
    const options = (order: unknown) => ({ bindings: { steps: { SalesOrder: order }, trigger: {} }, lookupMany });
    expect(await evaluateExpression(expressionOf("items"), null, options(salesOrder))).toEqual({ "WID-100-BLK": "1201", "GAD-200": "4410" });
    expect(reads).toEqual([["netsuite-item", "WID-100-BLK", "GAD-200"]]);
    expect(await evaluateExpression(expressionOf("items"), null, options({ lines: [{ sku: "GAD-200" }] }))).toEqual({ "GAD-200": "4410" });
    const err = await evaluateExpression(expressionOf("items"), null, options({ lines: [{ sku: "GAD-200" }, { sku: "SKU-1001" }] })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "LOOKUP_MISSING", message: expect.stringContaining("SKU-1001 not found in netsuite-item") });
    // The items are read before the first NetSuite step.
    const order = definition.edges.map((e) => e.target);
    expect(order.indexOf("items")).toBeLessThan(order.indexOf("customer"));
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
