import { createUserAndSignIn, expect, test } from "./fixtures";
import { openDeadLetters, publishOrdersToNetSuiteFlow, salesOrdersFor, sendOrders, trpcMutation, trpcQuery, type TestOrder } from "./ops-api";

const NETSUITE = () => process.env.E2E_NETSUITE_SIM_URL!;
const good = (externalId: string, name: string): TestOrder => ({ externalId, name, lines: [{ item: "1201", quantity: 2 }] });

/*
 * Issue 8's story: a flow whose target fails produces dead letters; an operator
 * finds one by its business key, reads NetSuite's error on screen, fixes the
 * payload, retries, and the target receives exactly one sales order.
 */
test("an operator finds a dead letter by business key, edits the payload and retries it once", async ({ page, anonymousPage: operator, request }) => {
  test.setTimeout(120_000);
  const { hookUrl } = await publishOrdersToNetSuiteFlow(page, "Ops e2e: orders to NetSuite");
  await sendOrders(request, hookUrl, [
    good("ops-7000", "#7000"),
    // Item 9999 does not exist in NetSuite: 400 INVALID_KEY_OR_REF, no retry helps.
    { externalId: "ops-7001", name: "#7001", lines: [{ item: "9999", quantity: 1 }] },
    good("ops-7002", "#7002"),
  ]);
  await createUserAndSignIn(page, operator, "operator");

  // Runs explorer: the order's run, found by its number, is dead and says why.
  await operator.goto("/runs");
  await operator.getByTestId("runs-search").fill("7001");
  await operator.getByTestId("runs-search").press("Enter");
  const runRow = operator.getByTestId("run-row");
  await expect(runRow).toHaveCount(1);
  await expect(runRow.getByTestId("run-status")).toHaveText("dead", { timeout: 30_000 });
  await runRow.getByRole("link").first().click();
  await expect(operator.getByTestId("run-status").first()).toHaveText("dead");
  await expect(operator.locator('[data-id="upsert"][data-run-status="failed"]')).toBeVisible();
  await operator.screenshot({ path: "test-results/ops-run-dead.png", fullPage: true });

  // Dead-letter workbench: the same order by business key, with NetSuite's answer on screen.
  await operator.goto("/dead-letters");
  await operator.getByTestId("dl-search").fill("7001");
  await operator.getByTestId("dl-search").press("Enter");
  const group = operator.getByTestId("dl-group").filter({ hasText: "Upsert sales order" });
  await expect(group).toHaveCount(1);
  await group.click();
  const item = operator.locator('[data-testid="dl-item"][data-business-key="#7001"]');
  await item.click();
  const error = operator.getByTestId("dl-error");
  await expect(error).toContainText("INVALID_KEY_OR_REF");
  await expect(error).toContainText("400");
  await expect(error).toContainText("9999");

  // Edit & retry: invalid input is refused before it can be sent; the fixed one goes through.
  await operator.getByTestId("dl-edit-input").click();
  const editor = operator.locator('[data-testid="dl-input-editor"] .cm-content');
  const original = (await editor.textContent()) ?? "";
  expect(original).toContain('"9999"');
  await editor.click();
  await operator.keyboard.press("ControlOrMeta+a");
  await operator.keyboard.insertText(original.replace(/"externalId"\s*:\s*"ops-7001"\s*,?/, ""));
  await expect(operator.getByTestId("dl-input-issues")).toContainText("externalId");
  await expect(operator.getByTestId("dl-edit-submit")).toBeDisabled();
  await editor.click();
  await operator.keyboard.press("ControlOrMeta+a");
  await operator.keyboard.insertText(original.replace('"9999"', '"1201"'));
  await expect(operator.getByTestId("dl-input-issues")).toHaveCount(0);
  await operator.getByTestId("dl-edit-submit").click();
  await expect(operator.getByTestId("dl-retry-outcome")).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
  await operator.screenshot({ path: "test-results/ops-dead-letter-retried.png", fullPage: true });

  // Exactly one effect at the target, and the run now shows as succeeded.
  expect(await salesOrdersFor(request, "ops-7001")).toBe(1);
  await operator.goto("/runs");
  await operator.getByTestId("runs-search").fill("#7001");
  await operator.getByTestId("runs-search").press("Enter");
  await expect(operator.getByTestId("run-row")).toHaveCount(1);
  await expect(operator.getByTestId("run-row").getByTestId("run-status")).toHaveText("succeeded");
});

test("a bulk retry of 100 dead letters shows progress and a summary", async ({ page, request }) => {
  test.setTimeout(180_000);
  const name = "Ops e2e: bulk";
  const { flowId, hookUrl } = await publishOrdersToNetSuiteFlow(page, name);
  // NetSuite rejects the next 100 sales-order writes of this batch (a bad reference data load, say)…
  const fault = await request.post(`${NETSUITE()}/__sim/faults`, {
    data: { path: "/record/v1/salesOrder/eid:bulk-", method: "PUT", status: 400, errorCode: "INVALID_KEY_OR_REF", detail: "Invalid Field Value 3 for the following field: location", count: 100 },
  });
  expect(fault.ok()).toBe(true);
  const orders = Array.from({ length: 100 }, (_, i) => good(`bulk-${i + 1}`, `#B${i + 1}`));
  await sendOrders(request, hookUrl, orders);
  await expect
    .poll(() => openDeadLetters(page, flowId), { timeout: 90_000, intervals: [1000] })
    .toBe(100);

  // …and once that is fixed, an operator retries all of them at once.
  await page.goto(`/dead-letters?flow=${flowId}`);
  await expect(page.getByTestId("dl-group")).toContainText("100");
  await page.getByTestId("dl-select-all-matching").click();
  await page.getByTestId("dl-bulk-retry").click();
  await expect(page.getByTestId("dl-bulk-confirm")).toContainText("100");
  await page.getByTestId("dl-bulk-confirm-submit").click();
  await expect(page.getByTestId("dl-bulk-progress")).toBeVisible();
  const summary = page.getByTestId("dl-bulk-summary");
  await expect(summary).toContainText("100 resubmitted", { timeout: 60_000 });
  await expect(summary).toContainText("100 succeeded", { timeout: 90_000 });
  await page.screenshot({ path: "test-results/ops-bulk-summary.png", fullPage: true });
  for (const order of orders.slice(0, 5)) expect(await salesOrdersFor(request, order.externalId)).toBe(1);
  await expect.poll(() => openDeadLetters(page, flowId)).toBe(0);
});

test("the dashboard charts runs, failures, latency and open dead letters", async ({ page, request }) => {
  const { flowId, hookUrl } = await publishOrdersToNetSuiteFlow(page, "Ops e2e: dashboard");
  await sendOrders(request, hookUrl, [
    good("dash-1", "#D1"),
    good("dash-2", "#D2"),
    { externalId: "dash-3", name: "#D3", lines: [{ item: "9999", quantity: 1 }] },
  ]);
  await expect
    .poll(() => openDeadLetters(page, flowId), { timeout: 30_000 })
    .toBe(1);

  await page.goto("/dashboard");
  await page.getByTestId("dash-range-hour").click();
  await expect(page.getByTestId("chart-runs").locator(".recharts-surface").first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("chart-latency").locator(".recharts-surface").first()).toBeVisible();
  // The failed order shows up as an error rate above zero and as an open dead letter.
  await expect(page.getByTestId("dash-open-dead-letters")).not.toHaveText("0");
  await expect(page.getByTestId("dash-error-rate")).not.toHaveText("0 %");
  await expect(page.getByTestId("chart-error-rate")).toHaveAttribute("data-empty", "false");
  await expect(page.getByTestId("chart-dead-letters")).toHaveAttribute("data-empty", "false");
  await expect(page.getByTestId("chart-sync-lag")).toHaveAttribute("data-empty", "false");
  await page.screenshot({ path: "test-results/dashboard.png", fullPage: true });
});

test("a viewer can read dead letters but cannot retry them", async ({ page, anonymousPage: viewer, request }) => {
  const { flowId, hookUrl } = await publishOrdersToNetSuiteFlow(page, "Ops e2e: viewer");
  await sendOrders(request, hookUrl, [{ externalId: "ops-8001", name: "#8001", lines: [{ item: "9999", quantity: 1 }] }]);
  await expect
    .poll(() => openDeadLetters(page, flowId), { timeout: 30_000 })
    .toBe(1);
  await createUserAndSignIn(page, viewer, "viewer");

  await viewer.goto(`/dead-letters?flow=${flowId}`);
  await viewer.getByTestId("dl-group").first().click();
  await viewer.locator('[data-testid="dl-item"][data-business-key="#8001"]').click();
  await expect(viewer.getByTestId("dl-error")).toContainText("INVALID_KEY_OR_REF");
  // The buttons are absent…
  await expect(viewer.getByTestId("dl-retry")).toHaveCount(0);
  await expect(viewer.getByTestId("dl-edit-input")).toHaveCount(0);
  await expect(viewer.getByTestId("dl-discard")).toHaveCount(0);
  // …and the server refuses anyway.
  const letters = await trpcQuery<{ items: Array<{ id: string }> }>(viewer, "deadLetters.list", { filter: { flowId } });
  const retry = await trpcMutation(viewer, "deadLetters.retry", { id: letters.items[0]!.id });
  expect(retry.status).toBe(403);
  expect(await salesOrdersFor(request, "ops-8001")).toBe(0);
});
