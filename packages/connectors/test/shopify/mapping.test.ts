import { checkTotals, salesOrderSchema } from "@ipaas/canonical";
import { evaluateExpression } from "@ipaas/mapping-engine";
import { shopifyOrderToSalesOrder } from "@ipaas/standard-mappings";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShopifySimulator } from "../../src/shopify/simulator";

/** The simulator's orders/create payloads are what the rest of the product expects: they map cleanly to SalesOrder. */
describe("simulator orders → standard mapping Shopify order → SalesOrder", () => {
  let sim: Awaited<ReturnType<typeof startShopifySimulator>>;
  beforeAll(async () => {
    sim = await startShopifySimulator({});
  });
  afterAll(() => sim.close());

  it("every generated order validates against the canonical schema and its totals reconcile", async () => {
    const orders = sim.control.generateOrders({ count: 25 });
    for (const order of orders) {
      const mapped = await evaluateExpression(shopifyOrderToSalesOrder.expression, JSON.parse(JSON.stringify(order)));
      const parsed = salesOrderSchema.safeParse(mapped);
      expect(parsed.error?.issues ?? [], `${order.name}`).toEqual([]);
      const check = checkTotals(parsed.data!);
      expect(check.mismatches, `${order.name}`).toEqual([]);
      expect(parsed.data!.lines.map((l) => l.sku)).toEqual(order.line_items.map((l) => l.sku));
    }
    // The generator does produce the interesting cases: discount codes, several tax lines, B2B PO numbers.
    expect(orders.some((o) => o.discount_codes.length > 0)).toBe(true);
    expect(orders.some((o) => o.tax_lines.length > 1)).toBe(true);
    expect(orders.some((o) => o.po_number !== null)).toBe(true);
  });
});
