import { expect, test } from "./fixtures";

/** Names are unique per test run, so the spec can run again on the same stack. */
const unique = (name: string) => `${name} ${Math.random().toString(16).slice(2, 8)}`;

/*
 * Issue 15, "Flow settings": a flow drawn from a blank canvas gets a retry policy, a
 * business key (previewed on the trigger's sample) and an error flow in the Settings
 * panel, and a step its own retry override through the node panel's form; all of it is
 * saved with the draft and still there after a reload.
 */
test("a blank flow's Settings panel: retry, business key with preview, error flow, and a step's retry override persist", async ({ page }) => {
  test.setTimeout(120_000);
  const FLOW = unique("E2E settings flow");
  const ERROR_FLOW = unique("E2E error handler");
  const origin = new URL(process.env.E2E_BASE_URL!).origin;
  const created = await page.request.post("/api/trpc/flows.create", { data: { json: { name: ERROR_FLOW, environment: "sandbox" } }, headers: { origin } });
  expect(created.ok(), await created.text()).toBe(true);
  const errorFlowId = ((await created.json()) as { result: { data: { json: { flowId: string } } } }).result.data.json.flowId;

  await page.goto("/flows/new");
  await page.getByTestId("blank-flow-name").fill(FLOW);
  await page.getByTestId("create-blank-flow").click();
  await expect(page).toHaveURL(/\/flows\/[0-9a-f-]{36}$/);
  await page.waitForLoadState("networkidle");
  await expect(page.getByTestId("flow-problems")).toContainText("no trigger");
  const canvas = page.getByTestId("flow-canvas");
  const nodes = page.getByTestId("flow-node");
  const mapNode = () => nodes.filter({ has: page.locator(".node-card-type", { hasText: /^map$/ }) });

  // A manual trigger with a sample order, and a map after it.
  await page.locator('[data-testid="palette-entry"][data-entry="trigger.manual"]').dragTo(canvas, { targetPosition: { x: 160, y: 160 } });
  await expect(nodes).toHaveCount(1);
  await nodes.first().click();
  await page.getByTestId("config-sample").fill(`{ "order": { "number": "#1001" } }`);
  const plus = nodes.first().getByTestId("handle-plus").first();
  await expect(plus).toBeInViewport({ ratio: 1 });
  await plus.click();
  await page.getByTestId("quick-add-search").fill("map");
  await page.keyboard.press("Enter");
  await expect(nodes).toHaveCount(2);

  // The map's own retry: a form field, not JSON.
  await mapNode().click();
  await page.getByTestId("config-retry-attempts").fill("4");
  await expect(page.getByTestId("save-state")).toHaveText(/Saved/, { timeout: 20_000 });

  // The flow's settings.
  await page.getByTestId("flow-settings-button").click();
  const panel = page.getByTestId("flow-settings");
  await expect(panel).toBeVisible();
  await panel.getByTestId("config-settings-retry-attempts").fill("2");
  await panel.getByTestId("settings-retry-on-server_error").uncheck();
  await panel.locator('[data-testid="settings-business-key"] .cm-content').click();
  await page.keyboard.insertText("order.number");
  await expect(panel.getByTestId("business-key-preview")).toContainText("#1001", { timeout: 20_000 });
  await panel.getByTestId("settings-error-flow-select").selectOption({ label: `${ERROR_FLOW} (not published)` });
  await expect(page.getByTestId("save-state")).toHaveText(/Saved/, { timeout: 20_000 });
  await page.screenshot({ path: "test-results/flow-settings.png", fullPage: true });

  // After a reload everything is still there.
  await page.reload();
  await page.getByTestId("flow-settings-button").click();
  await expect(panel.getByTestId("config-settings-retry-attempts")).toHaveValue("2");
  await expect(panel.getByTestId("settings-retry-on-server_error")).not.toBeChecked();
  await expect(panel.getByTestId("settings-retry-on-rate_limited")).toBeChecked();
  await expect(panel.locator('[data-testid="settings-business-key"] .cm-content')).toHaveText("order.number");
  await expect(panel.getByTestId("business-key-preview")).toContainText("#1001", { timeout: 20_000 });
  await expect(panel.getByTestId("settings-error-flow-select")).toHaveValue(errorFlowId);
  await panel.getByTestId("flow-settings-close").click();
  await mapNode().click();
  await expect(page.getByTestId("config-retry-attempts")).toHaveValue("4");
});
