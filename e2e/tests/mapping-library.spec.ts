import { expect, test } from "./fixtures";

test("open a standard mapping from the library, see its golden examples pass, and copy it into an editable mapping", async ({ page }) => {
  // Four pages and two sandbox evaluations: took ~60 s on a loaded CI machine, the default limit.
  test.slow();
  await page.goto("/mappings");
  await page.getByTestId("tab-library").click();
  await expect(page).toHaveURL(/\/mappings\?tab=library$/);
  await page.getByTestId("library-search").fill("shopify order");
  const row = page.locator('[data-testid="library-row"][data-mapping-name="Shopify order → SalesOrder"]');
  await expect(row).toBeVisible();
  // Filtering by target keeps only what produces it.
  await page.getByTestId("library-search").fill("");
  await page.getByTestId("library-target").selectOption("InventoryPosition[]");
  // The WMS snapshot and the NetSuite inventory mappings.
  await expect(page.getByTestId("library-row")).toHaveCount(2);
  for (const shown of await page.getByTestId("library-row").all()) await expect(shown).toContainText("list of InventoryPosition");
  await page.getByTestId("library-target").selectOption("");
  await row.getByTestId("library-open").click();

  // Read-only, with its golden examples run in the sandbox: both pass, actual output shown.
  await expect(page).toHaveURL(/\/mappings\/library\/shopify-order-to-sales-order$/);
  await expect(page.getByTestId("library-name")).toHaveText("Shopify order → SalesOrder");
  await expect(page.getByTestId("library-readonly")).toBeVisible();
  await expect(page.getByTestId("expression-editor").locator(".cm-content")).toHaveAttribute("contenteditable", "false");
  await expect(page.getByTestId("library-examples-summary")).toContainText("All 2 examples pass");
  await expect(page.locator('[data-testid="library-example"][data-status="passed"]')).toHaveCount(2);
  await expect(page.getByTestId("example-actual").first()).toContainText('"orderNumber"');
  await page.screenshot({ path: "test-results/mapping-library.png" });

  // Copy: an editable saved mapping opens with the same target and examples as its tests.
  const name = `Our Shopify orders ${Date.now()}`;
  await page.getByTestId("library-copy-name").fill(name);
  await page.getByTestId("library-copy").click();
  await expect(page).toHaveURL(/\/mappings\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("mapping-name")).toHaveValue(name);
  await expect(page.getByTestId("mapping-version")).toHaveText("v1");
  await expect(page.getByTestId("target-schema")).toHaveValue("SalesOrder");
  await expect(page.getByTestId("tab-tests")).toContainText("2");
  await page.getByTestId("tab-tests").click();
  await page.getByTestId("run-tests").click();
  await expect(page.getByTestId("test-summary")).toHaveText("All 2 passed");
  await page.getByTestId("mapping-name").fill(`${name} (edited)`);
  await page.getByTestId("save-mapping").click();
  await expect(page.getByTestId("mapping-version")).toHaveText("v2");
  await expect(page.getByTestId("save-error")).toHaveCount(0);
});
