import fs from "node:fs";
import path from "node:path";
import { createUserAndSignIn, expect, test } from "./fixtures";
import { salesOrdersFor, trpcMutation, trpcQuery } from "./ops-api";

/** The SKU left out of the imported file: its order dead-letters until the analyst adds it. */
const UNKNOWN_SKU = "GAD-200";
const KNOWN_SKU = "WID-100-BLK";

/*
 * Issue 15's first done-when, in a fresh environment: an analyst imports a CSV of 1,000
 * SKU cross-references into it (copies the other tables from sandbox), installs the
 * Shopify → NetSuite template there and a run succeeds; an order with an unknown SKU
 * dead-letters with "not found in netsuite-item", the analyst adds the entry in the
 * grid, the operator retries and the run succeeds.
 */
test("a fresh environment: 1,000 imported SKUs, the template runs; an unknown SKU dead-letters until the analyst adds it and the operator retries", async ({
  page: admin,
  anonymousPage: analyst,
  browser,
  baseURL,
  request,
}) => {
  test.setTimeout(240_000);
  const shopify = process.env.E2E_SHOPIFY_SIM_URL!;
  const netsuite = process.env.E2E_NETSUITE_SIM_URL!;
  const env = `prod-${Math.random().toString(16).slice(2, 8)}`;
  const flowName = `E2E: orders in ${env}`;

  // The admin creates the environment and its connections (the simulators stand in for the live systems).
  const creds = JSON.parse(fs.readFileSync(path.join(process.env.E2E_DATA_DIR!, "simulators.json"), "utf8")) as { shopify: Record<string, string>; netsuite: Record<string, string> };
  await admin.goto("/");
  expect((await trpcMutation(admin, "connections.createEnvironment", { name: env, description: "e2e production" })).status).toBe(200);
  const shop = await trpcMutation(admin, "connections.create", {
    name: "Shopify (live)",
    connectorId: "shopify",
    environment: env,
    config: { shopDomain: "acme-supply.myshopify.com", apiVersion: "2025-01", baseUrl: shopify },
    secrets: creds.shopify,
  });
  expect(shop.status, JSON.stringify(shop.body)).toBe(200);
  const erp = await trpcMutation(admin, "connections.create", { name: "NetSuite (live)", connectorId: "netsuite", environment: env, config: { accountId: "1234567_SB1", baseUrl: netsuite }, secrets: creds.netsuite });
  expect(erp.status, JSON.stringify(erp.body)).toBe(200);

  // The file: the real SKUs (as sandbox maps them) without one, padded to 1,000 lines.
  const tables = await trpcQuery<Array<{ id: string; name: string }>>(admin, "lookups.tables", { environment: "sandbox" });
  const itemTable = tables.find((t) => t.name === "netsuite-item")!;
  const sandboxCsv = (await trpcQuery<{ csv: string }>(admin, "lookups.exportCsv", { tableId: itemTable.id, environment: "sandbox" })).csv;
  const real = sandboxCsv.trim().split("\n").slice(1).filter((line) => !line.startsWith(`${UNKNOWN_SKU},`));
  const unknownValue = sandboxCsv.split("\n").find((line) => line.startsWith(`${UNKNOWN_SKU},`))!.split(",")[1]!;
  const filler = Array.from({ length: 1000 - real.length }, (_, i) => `SKU-${String(10_000 + i)},${90_000 + i},,Filler ${i}`);
  const csv = ["key,value,json,description", ...real, ...filler].join("\n");

  await createUserAndSignIn(admin, analyst, "analyst");
  await analyst.getByRole("link", { name: "Lookups" }).click();
  await analyst.getByTestId("lookup-environment").selectOption(env);
  await expect(analyst).toHaveURL(new RegExp(`environment=${env}$`));
  await expect(analyst.getByRole("columnheader", { name: `Entries in ${env}` })).toBeVisible();
  await expect(analyst.locator('[data-testid="lookup-table-row"][data-table-name="netsuite-item"]')).toContainText("0");
  await analyst.locator('[data-testid="lookup-table-row"][data-table-name="netsuite-item"]').getByTestId("lookup-table-link").click();
  await expect(analyst.getByTestId("lookup-table-name")).toHaveText("netsuite-item");
  await expect(analyst.getByTestId("lookup-environment")).toHaveValue(env);
  await analyst.getByTestId("open-lookup-import").click();
  await analyst.getByTestId("lookup-import-file").setInputFiles({ name: "skus.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await analyst.getByTestId("lookup-import-preview").click();
  await expect(analyst.getByTestId("lookup-import-summary")).toHaveText("1,000 lines: 1,000 valid, 0 with errors.");
  await analyst.getByTestId("lookup-import-commit").click();
  await expect(analyst.getByTestId("lookup-import-done")).toContainText("1,000 added");
  await expect(analyst.getByTestId("lookup-table-name").locator("..")).toContainText(`1,000 entries in ${env}`);

  // The other tables the template reads: copied from sandbox (units through the page, the rest alike through the API).
  const others = tables.filter((t) => t.name.startsWith("netsuite-") && t.name !== "netsuite-item");
  await analyst.goto(`/lookups/${others.find((t) => t.name === "netsuite-unit")!.id}?environment=${env}`);
  await analyst.getByTestId("open-lookup-copy").click();
  await analyst.getByTestId("lookup-copy-from").selectOption("sandbox");
  await analyst.getByTestId("lookup-copy-commit").click();
  await expect(analyst.getByTestId("lookup-copy-done")).toContainText("Copied from sandbox");
  for (const table of others.filter((t) => t.name !== "netsuite-unit")) {
    expect((await trpcMutation(analyst, "lookups.copyEntries", { tableId: table.id, environment: env, from: "sandbox", mode: "add" })).status).toBe(200);
  }

  // The template in the fresh environment: the tables it needs are not reported missing; published; subscribed to the shop's orders.
  await analyst.goto("/flows");
  await analyst.getByTestId("new-flow-from-template").click();
  await analyst.locator('[data-testid="template-card"][data-template-id="shopify-order-to-netsuite-sales-order"]').getByTestId("use-template").click();
  const form = analyst.getByTestId("install-template-form");
  await form.getByTestId("template-flow-name").fill(flowName);
  await form.getByTestId("template-environment").selectOption(env);
  await form.getByTestId("template-binding-shopify").selectOption("Shopify (live)");
  await form.getByTestId("template-binding-netsuite").selectOption("NetSuite (live)");
  // Every table the template reads was filled or copied above: none is reported missing.
  await expect(form.getByTestId("template-missing-lookups")).toHaveCount(0);
  await form.getByTestId("create-from-template").click();
  await expect(analyst).toHaveURL(/\/flows\/[0-9a-f-]{36}$/);
  await analyst.getByTestId("publish-message").fill("Live");
  await analyst.getByTestId("publish").click();
  await expect(analyst.getByTestId("published")).toHaveText("Published v1");
  const hookUrl = (await analyst.getByTestId("webhook-url").textContent())!.trim();
  expect((await request.post(`${shopify}/__sim/webhooks`, { data: { topic: "orders/create", callbackUrl: hookUrl } })).ok()).toBe(true);

  // A known SKU: the run succeeds, NetSuite holds the order.
  const order = async (sku: string) => (await (await request.post(`${shopify}/__sim/orders`, { data: { lines: [{ sku, quantity: 2 }] } })).json()) as { id: number; name: string };
  const good = await order(KNOWN_SKU);
  await expect.poll(() => salesOrdersFor(request, String(good.id)), { timeout: 60_000, intervals: [1000] }).toBe(1);

  // The unknown SKU: dead-lettered before any NetSuite call, naming the table.
  const bad = await order(UNKNOWN_SKU);
  const operatorContext = await browser.newContext({ baseURL });
  const operator = await operatorContext.newPage();
  await createUserAndSignIn(admin, operator, "operator");
  await operator.goto("/dead-letters");
  await operator.getByTestId("dl-search").fill(bad.name.replace(/^#/, ""));
  await operator.getByTestId("dl-search").press("Enter");
  const group = operator.getByTestId("dl-group").first();
  await expect(group).toBeVisible({ timeout: 60_000 });
  await group.click();
  await operator.locator(`[data-testid="dl-item"][data-business-key="${bad.name}"]`).click();
  await expect(operator.getByTestId("dl-error")).toContainText(`${UNKNOWN_SKU} not found in netsuite-item`);
  expect(await salesOrdersFor(request, String(bad.id))).toBe(0);

  // The analyst adds the entry in the grid of this environment.
  await analyst.goto(`/lookups/${itemTable.id}?environment=${env}`);
  await analyst.getByTestId("add-lookup-entry").click();
  const editor = analyst.getByTestId("lookup-entry-editor");
  await editor.getByTestId("lookup-entry-key-input").fill(UNKNOWN_SKU);
  await editor.getByTestId("lookup-entry-value-input").fill(unknownValue);
  await editor.getByTestId("save-lookup-entry").click();
  await analyst.getByTestId("lookup-search").fill(UNKNOWN_SKU);
  await expect(analyst.locator(`[data-testid="lookup-entry-row"][data-key="${UNKNOWN_SKU}"]`).getByTestId("lookup-entry-value")).toHaveText(unknownValue);

  // The operator retries: the run succeeds and NetSuite holds the order, once.
  await operator.getByTestId("dl-retry").click();
  await expect(operator.getByTestId("dl-retry-outcome")).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  await expect.poll(() => salesOrdersFor(request, String(bad.id)), { timeout: 30_000, intervals: [1000] }).toBe(1);
  await operatorContext.close();
});
