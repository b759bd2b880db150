import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

const ORDER = {
  id: 1001,
  name: "#1001",
  email: "ada@example.com",
  customer: { id: 77, email: "ada@example.com" },
  line_items: [
    { sku: "SKU-1", title: "Widget", quantity: 2, price: "19.99" },
    { sku: "SKU-2", title: "Gadget", quantity: 1, price: "5.00" },
  ],
};

/** Creates a mapping through the UI and lands in its editor. */
async function createMapping(page: Page, name: string) {
  await page.goto("/mappings");
  await page.getByTestId("new-mapping").click();
  await page.getByTestId("new-mapping-name").fill(name);
  await page.getByTestId("create-mapping").click();
  await expect(page).toHaveURL(/\/mappings\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("mapping-version")).toHaveText("v1");
}

/** Replaces the whole text of a CodeMirror editor (fill on its contenteditable). */
async function setEditorText(page: Page, testId: string, text: string) {
  await page.getByTestId(testId).locator(".cm-content").fill(text);
}

test("map a pasted sample with live preview, see an error underlined, and test the mapping", async ({ page }) => {
  await createMapping(page, `Shopify order ${Date.now()}`);

  // Paste the sample (an empty mapping opens on the JSON tab), then write an expression.
  await setEditorText(page, "sample-editor", JSON.stringify(ORDER, null, 2));
  await setEditorText(page, "expression-editor", '{ "order": name, "skus": line_items.sku }');
  const result = page.getByTestId("preview-result");
  await expect(result).toContainText('"order": "#1001"');
  await expect(result).toContainText('"SKU-2"');
  await expect(page.getByTestId("preview-timing")).toContainText(/evaluated in [\d.]+ ms/);

  // A syntax error: the offending token is underlined and the message gives the position.
  await setEditorText(page, "expression-editor", '{ "order": name, "skus" line_items.sku }');
  const editor = page.getByTestId("expression-editor");
  await expect(editor.locator(".cm-lintRange-error")).toBeVisible();
  await expect(editor.locator(".cm-lintRange-error")).toHaveText("line_items");
  await expect(page.getByTestId("expression-error")).toContainText(/position \d+/);
  await expect(page.getByTestId("expression-error")).toContainText("line 1, column");

  // Dragging a field from the sample tree inserts its path where it is dropped.
  await setEditorText(page, "expression-editor", '{ "order": name, "skus": }');
  await page.getByTestId("tab-fields").first().click();
  await page.locator('[data-testid="source-field"][data-path="line_items.sku"]').first().dragTo(editor.locator(".cm-line").first(), { targetPosition: { x: 1, y: 5 } });
  await expect(editor.locator(".cm-content")).toContainText("line_items.sku");
  // Wherever it landed, put the expression right again for the tests below.
  await setEditorText(page, "expression-editor", '{ "order": name, "skus": line_items.sku }');
  await expect(result).toContainText('"SKU-2"');
  await expect(editor.locator(".cm-lintRange-error")).toHaveCount(0);

  // Capture the sample and its result as a test case and run it: it passes.
  await page.getByTestId("tab-tests").click();
  await page.getByTestId("test-name").fill("order 1001");
  await page.getByTestId("add-test").click();
  const testCase = page.locator('[data-testid="test-case"][data-test-name="order 1001"]');
  await expect(testCase).toBeVisible();
  await page.getByTestId("run-tests").click();
  await expect(page.getByTestId("test-summary")).toHaveText("All 1 passed");
  await expect(testCase).toHaveAttribute("data-status", "passed");

  // Save: the version goes up and the test case is stored with the mapping.
  await page.getByTestId("save-mapping").click();
  await expect(page.getByTestId("mapping-version")).toHaveText("v2");
  await expect(page.getByTestId("save-status")).toHaveText("Saved");

  // Change the expression so the case fails: the diff names the field and both values.
  await setEditorText(page, "expression-editor", '{ "order": name, "skus": line_items[0].sku }');
  await page.getByTestId("run-tests").click();
  await expect(page.getByTestId("test-summary")).toHaveText("1 of 1 failed");
  await expect(testCase).toHaveAttribute("data-status", "failed");
  const diff = testCase.getByTestId("diff-row").first();
  await expect(diff).toContainText("skus");
  await expect(diff.locator(".diff-expected")).toHaveText('["SKU-1","SKU-2"]');
  await expect(diff.locator(".diff-actual")).toHaveText('"SKU-1"');
  await page.screenshot({ path: "test-results/mapping-editor.png" });

  // The saved version kept the passing expression and the test case.
  await page.reload();
  await expect(page.getByTestId("mapping-version")).toHaveText("v2");
  await expect(page.getByTestId("tab-tests")).toContainText("1");
  await expect(page.getByTestId("expression-editor")).toContainText("line_items.sku }");

  // Leaving and coming back (client-side) opens the latest version: the next save is v3, not a conflict.
  const name = await page.getByTestId("mapping-name").inputValue();
  await page.getByRole("link", { name: "← Mappings" }).click();
  const row = page.locator(`[data-testid="mapping-row"][data-mapping-name="${name}"]`);
  await expect(row).toContainText("v2");
  await row.getByRole("link").click();
  await page.getByTestId("mapping-name").fill(`${name} (renamed)`);
  await page.getByTestId("save-mapping").click();
  await expect(page.getByTestId("mapping-version")).toHaveText("v3");
  await expect(page.getByTestId("save-error")).toHaveCount(0);
});

test("take the sample from a recorded run's step input", async ({ page }) => {
  // Record a run of the demo flow first.
  await page.goto("/flows");
  await page.locator('[data-testid="flow-row"]').first().getByRole("button", { name: "Run" }).click();
  await expect(page.getByText("Run queued")).toBeVisible();

  await createMapping(page, `From a run ${Date.now()}`);
  await page.getByTestId("sample-from-run").click();
  const select = page.getByTestId("sample-run-select");
  await expect(select.locator("option")).not.toHaveCount(1);
  await select.selectOption({ index: 1 });
  await expect(page.getByTestId("sample-run-step").first()).toBeVisible();
  await page.screenshot({ path: "test-results/mapping-run-picker.png" });
  // The map step's input is the Shopify order the trigger received.
  await page.locator('[data-testid="sample-run-step"][data-node-type="map"]').first().getByRole("button", { name: "Use input" }).click();
  // The step input becomes the sample and its fields appear in the tree.
  await expect(page.getByTestId("source-tree")).toBeVisible();
  await expect(page.locator('[data-testid="source-field"][data-path="line_items"]')).toBeVisible();
});

test("field-mapping view round-trips to one expression", async ({ page }) => {
  await createMapping(page, `Field view ${Date.now()}`);
  await setEditorText(page, "sample-editor", JSON.stringify(ORDER));
  await setEditorText(page, "expression-editor", '{ "order": name, "email": customer.email }');
  await expect(page.getByTestId("preview-result")).toContainText('"email": "ada@example.com"');

  await page.getByRole("tab", { name: "Field mapping" }).click();
  const rows = page.getByTestId("field-row");
  await expect(rows).toHaveCount(2);
  await expect(page.getByLabel("Target field 2")).toHaveValue("email");
  await page.getByLabel("Expression for email").fill("$uppercase(customer.email)");
  await expect(page.getByTestId("preview-result")).toContainText('"email": "ADA@EXAMPLE.COM"');

  await page.getByRole("tab", { name: "Code" }).click();
  await expect(page.getByTestId("expression-editor")).toContainText('"email": $uppercase(customer.email)');

  // Not an object constructor: the view says so and stays on the code.
  await setEditorText(page, "expression-editor", "line_items.sku");
  await page.getByRole("tab", { name: "Field mapping" }).click();
  await expect(page.getByTestId("fields-refused")).toContainText("not a plain object constructor");
  await expect(page.getByTestId("expression-editor")).toBeVisible();
});
