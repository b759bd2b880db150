import { expect, test } from "./fixtures";

const DEMO_FLOW = "Demo: Shopify order to sales order";

test("run the demo flow from the flows page and see it succeed on the runs page", async ({ page, request }) => {
  await page.goto("/flows");
  const row = page.locator(`[data-testid="flow-row"][data-flow-name="${DEMO_FLOW}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText("v1");

  await row.getByRole("button", { name: "Run" }).click();
  await expect(page.getByText("Run queued")).toBeVisible();

  await page.getByRole("link", { name: "Runs", exact: true }).click();
  await expect(page).toHaveURL(/\/runs$/);
  const runRow = page.locator('[data-testid="run-row"]').filter({ hasText: DEMO_FLOW }).first();
  await expect(runRow.getByTestId("run-status")).toHaveText("succeeded");
  await expect(runRow).toContainText("#1001");
  await expect(runRow).toContainText(/\d+ ms/);
  await page.screenshot({ path: "test-results/runs-page.png", fullPage: true });

  // The run detail shows each step with the mapped output.
  await runRow.getByRole("link").first().click();
  await expect(page.getByTestId("run-step").filter({ hasText: "To sales order" })).toBeVisible();
  await expect(page.getByText("shopify-1001").first()).toBeVisible();

  // The runtime counted it (metrics are on its internal listener, not the public ingress).
  expect((await request.get(`${process.env.E2E_RUNTIME_URL}/metrics`)).status()).toBe(404);
  const metrics = await request.get(`${process.env.E2E_RUNTIME_INTERNAL_URL}/metrics`);
  expect(await metrics.text()).toMatch(/ipaas_runs_total\{status="succeeded"\} [1-9]/);
});
