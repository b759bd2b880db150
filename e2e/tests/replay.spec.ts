import { createUserAndSignIn, expect, test } from "./fixtures";
import { openDeadLetters, trpcMutation } from "./ops-api";

/*
 * Issue 15's "fix once, replay all": a mapping bug (every line sent as NetSuite item
 * 9999) dead-letters 50 Shopify orders; the analyst fixes the mapping and publishes
 * v2; the operator dry-runs the group (the diff per order: item 9999 → 1201, now
 * valid), replays all on the latest version, and NetSuite holds each order once.
 */

const mapping = (item: string) =>
  `{ 'externalId': 'replay-' & $string(id), 'record': { 'entity': { 'id': '1042' }, 'tranDate': '2026-11-25', 'otherRefNum': name, 'location': { 'id': '3' }, 'item': { 'items': [line_items.{ 'item': { 'id': '${item}' }, 'quantity': quantity }] } } }`;

const definition = (item: string) => ({
  schemaVersion: 1,
  nodes: [
    {
      id: "hook",
      type: "trigger.webhook",
      name: "Order created",
      position: { x: 0, y: 0 },
      config: { verification: "connection", connectorId: "shopify", connectionName: "Shopify (simulator)", event: "orders/create" },
    },
    { id: "map", type: "map", name: "Map order", position: { x: 300, y: 0 }, config: { expression: mapping(item) } },
    {
      id: "upsert",
      type: "action",
      name: "Upsert sales order",
      position: { x: 600, y: 0 },
      config: { connectorId: "netsuite", operation: "upsertSalesOrder", connectionName: "NetSuite (simulator)", input: "$" },
    },
  ],
  edges: [
    { id: "e1", source: "hook", target: "map" },
    { id: "e2", source: "map", target: "upsert" },
  ],
  settings: { retry: { attempts: 2, backoffMs: 200, maxDelayMs: 1000 }, businessKey: "name" },
});

test("fix once, replay all: 50 dead-lettered orders replayed on the fixed version reach NetSuite once each", async ({ page, anonymousPage: analyst, browser, baseURL, request }) => {
  test.setTimeout(300_000);
  const shopify = process.env.E2E_SHOPIFY_SIM_URL!;
  const netsuite = process.env.E2E_NETSUITE_SIM_URL!;

  // v1 with the bug, published, subscribed to the Shopify simulator's orders/create.
  const created = await trpcMutation<{ flowId: string }>(page, "flows.create", { name: "E2E: replay on the latest version", environment: "sandbox" });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  const { flowId } = created.body;
  expect((await trpcMutation(page, "flows.saveDraft", { flowId, definition: definition("9999") })).status).toBe(200);
  expect((await trpcMutation<{ published: boolean }>(page, "flows.publish", { flowId, message: "v1" })).body).toMatchObject({ published: true });
  const hookUrl = `${process.env.E2E_RUNTIME_URL!}/v1/hooks/${flowId}`;
  expect((await request.post(`${shopify}/__sim/webhooks`, { data: { topic: "orders/create", callbackUrl: hookUrl } })).ok()).toBe(true);

  const generated = await request.post(`${shopify}/__sim/orders/generate`, { data: { count: 50 } });
  const { orders } = (await generated.json()) as { orders: Array<{ id: number; name: string }> };
  expect(orders).toHaveLength(50);
  await expect.poll(() => openDeadLetters(page, flowId), { timeout: 120_000, intervals: [1000] }).toBe(50);

  // The analyst fixes the mapping and publishes v2.
  await createUserAndSignIn(page, analyst, "analyst");
  expect((await trpcMutation(analyst, "flows.saveDraft", { flowId, definition: definition("1201") })).status).toBe(200);
  expect((await trpcMutation<{ published: boolean }>(analyst, "flows.publish", { flowId, message: "v2: map lines to item 1201" })).body).toMatchObject({ published: true });

  // The operator: the group, a dry run with the diffs, then replay all.
  const operatorContext = await browser.newContext({ baseURL });
  const operator = await operatorContext.newPage();
  await createUserAndSignIn(page, operator, "operator");
  await operator.goto(`/dead-letters?flow=${flowId}`);
  await expect(operator.getByTestId("dl-group")).toContainText("50");
  await operator.getByTestId("dl-select-all-matching").click();
  await operator.getByTestId("dl-bulk-replay").click();
  const dialog = operator.getByTestId("dl-replay-dialog");
  await expect(dialog).toContainText("Replay 50 on the latest version");
  await expect(operator.getByTestId("dl-replay-confirm")).toBeDisabled();
  await operator.getByTestId("dl-replay-dry-run").click();
  await expect(operator.getByTestId("dl-replay-counts")).toContainText("Checked 50 of 50: 50 valid", { timeout: 60_000 });
  const first = operator.getByTestId("dl-replay-item").first();
  await expect(first).toHaveAttribute("data-outcome", "ready");
  const change = first.locator('[data-testid="diff-change"][data-path="record.item.items.0.item.id"]');
  await expect(change).toContainText("9999");
  await expect(change).toContainText("1201");
  await operator.screenshot({ path: "test-results/replay-dry-run.png", fullPage: true });
  // Nothing was sent by the dry run.
  const ours = new Set(orders.map((o) => `replay-${o.id}`));
  const salesOrders = async () => ((await (await request.get(`${netsuite}/__sim/records/salesOrder`)).json()) as { items: Array<{ externalId?: string }> }).items.filter((so) => ours.has(String(so.externalId)));
  expect(await salesOrders()).toHaveLength(0);

  await operator.getByTestId("dl-replay-confirm").click();
  await expect(operator.getByTestId("dl-bulk-progress")).toBeVisible();
  const summary = operator.getByTestId("dl-bulk-summary");
  await expect(summary).toContainText("50 resubmitted", { timeout: 60_000 });
  await expect(summary).toContainText("50 succeeded", { timeout: 120_000 });
  await operator.screenshot({ path: "test-results/replay-summary.png", fullPage: true });

  // NetSuite holds the 50 orders, none twice; nothing is left open.
  const held = await salesOrders();
  expect(held).toHaveLength(50);
  expect(new Set(held.map((so) => so.externalId)).size).toBe(50);
  await expect.poll(() => openDeadLetters(page, flowId)).toBe(0);
  await operatorContext.close();
});
