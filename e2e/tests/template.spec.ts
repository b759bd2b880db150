import { expect, installTemplateInBrowser, test } from "./fixtures";

const FLOW = "E2E: Shopify orders to NetSuite";

/*
 * Issue 6's story in the browser: install template 1 on the simulators' sandbox
 * connections, publish it, point the Shopify simulator's orders/create webhook at
 * it (as an admin would in Shopify's notification settings), emit 20 orders with
 * redelivered duplicates, and find exactly 20 sales orders in NetSuite and 20
 * succeeded runs in the runs explorer.
 */
test("template 1: 20 Shopify orders (with duplicates) become 20 NetSuite sales orders", async ({ page, request }) => {
  test.setTimeout(180_000);
  const shopify = process.env.E2E_SHOPIFY_SIM_URL!;
  const netsuite = process.env.E2E_NETSUITE_SIM_URL!;

  await installTemplateInBrowser(page, {
    templateId: "shopify-order-to-netsuite-sales-order",
    name: FLOW,
    bindings: { shopify: "Shopify (simulator)", netsuite: "NetSuite (simulator)" },
    nodes: 7,
    cardText: "NetSuite account",
  });
  await page.screenshot({ path: "test-results/template-flow.png", fullPage: true });
  const hookUrl = (await page.getByTestId("webhook-url").textContent())?.trim();
  expect(hookUrl).toMatch(/\/v1\/hooks\/[0-9a-f-]{36}$/);

  // The Shopify side: subscribe the flow, then 20 orders, every 4th webhook delivered twice.
  expect((await request.post(`${shopify}/__sim/webhooks`, { data: { topic: "orders/create", callbackUrl: hookUrl } })).ok()).toBe(true);
  const generated = await request.post(`${shopify}/__sim/orders/generate`, { data: { count: 20, duplicateEvery: 4 } });
  const { orders } = (await generated.json()) as { orders: Array<{ id: number; name: string }> };
  expect(orders).toHaveLength(20);

  // NetSuite: exactly one sales order per Shopify order (other specs add their own sales orders; count only these).
  const ours = new Set(orders.map((o) => String(o.id)));
  const salesOrders = async () =>
    ((await (await request.get(`${netsuite}/__sim/records/salesOrder`)).json()) as { items: Array<{ externalId?: string }> }).items.filter((so) => ours.has(String(so.externalId))).length;
  await expect.poll(salesOrders, { timeout: 120_000, intervals: [1000] }).toBe(20);
  for (const order of orders) {
    const found = (await (await request.get(`${netsuite}/__sim/records/salesOrder?externalId=${order.id}`)).json()) as { items: unknown[] };
    expect(found.items, `sales order for ${order.name}`).toHaveLength(1);
  }
  const deliveries = (await (await request.get(`${shopify}/__sim/webhooks/deliveries`)).json()) as { deliveries: unknown[] };
  expect(deliveries.deliveries.length).toBeGreaterThan(20);

  // The runs explorer: 20 succeeded runs of this flow, none failed.
  await page.goto("/runs");
  const rows = page.locator('[data-testid="run-row"]').filter({ hasText: FLOW });
  await expect(rows).toHaveCount(20, { timeout: 30_000 });
  await expect(rows.filter({ has: page.locator('[data-testid="run-status"]', { hasText: /^succeeded$/ }) })).toHaveCount(20, { timeout: 60_000 });
  await page.screenshot({ path: "test-results/template-runs.png", fullPage: true });
});
