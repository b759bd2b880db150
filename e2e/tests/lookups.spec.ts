import { createUserAndSignIn, expect, test } from "./fixtures";

/** 1,000 SKU cross-references (SKU-1000 … SKU-1999 → 4000 … 4999). */
const SKUS = Array.from({ length: 1000 }, (_, i) => `SKU-${String(1000 + i)},${4000 + i},Item ${i}`);
const CSV = ["key,value,description", ...SKUS].join("\n");

/*
 * Issue 15's Lookups page: an analyst creates a cross-reference table, imports 1,000
 * SKU rows through the preview (a broken file first: its errors are listed per line
 * and nothing is imported), searches for a key and edits its value in the grid; a
 * viewer sees the grid read-only.
 */
test("an analyst imports 1,000 SKU cross-references with a preview, searches a key and edits it", async ({ page, anonymousPage: analyst, browser, baseURL }) => {
  const name = `netsuite-item-${Date.now()}`;
  await createUserAndSignIn(page, analyst, "analyst");

  await analyst.getByRole("link", { name: "Lookups" }).click();
  await expect(analyst).toHaveURL(/\/lookups$/);
  await analyst.getByTestId("new-lookup-table").click();
  await analyst.getByTestId("new-lookup-table-name").fill(name);
  await analyst.getByTestId("create-lookup-table").click();
  // A new table opens in the environment the list showed (sandbox by default).
  await expect(analyst).toHaveURL(/\/lookups\/[0-9a-f-]{36}\?environment=sandbox$/);
  await expect(analyst.getByTestId("lookup-table-name")).toHaveText(name);

  // A broken file: a line without key and a duplicate key; the preview names both lines, no import is offered.
  await analyst.getByTestId("open-lookup-import").click();
  const broken = ["key,value,description", "SKU-1,1,", ",2,", "SKU-1,3,"].join("\n");
  await analyst.getByTestId("lookup-import-text").fill(broken);
  await analyst.getByTestId("lookup-import-preview").click();
  await expect(analyst.getByTestId("lookup-import-summary")).toHaveText("3 lines: 1 valid, 2 with errors.");
  const errors = analyst.getByTestId("lookup-import-error");
  await expect(errors).toHaveCount(2);
  await expect(errors.nth(0)).toContainText("3");
  await expect(errors.nth(0)).toContainText("the key is missing");
  await expect(errors.nth(1)).toContainText('the key "SKU-1" is already on line 2');
  await expect(analyst.getByTestId("lookup-import-commit")).toHaveCount(0);

  // The real file, chosen as a file: previewed clean, imported with "replace".
  await analyst.getByTestId("lookup-import-file").setInputFiles({ name: "skus.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
  await analyst.getByTestId("lookup-import-preview").click();
  await expect(analyst.getByTestId("lookup-import-summary")).toHaveText("1,000 lines: 1,000 valid, 0 with errors.");
  await analyst.getByTestId("lookup-import-replace").check();
  await analyst.getByTestId("lookup-import-commit").click();
  await expect(analyst.getByTestId("lookup-import-done")).toContainText("1,000 added");
  await expect(analyst.getByTestId("lookup-table-name").locator("..")).toContainText("1,000 entries");

  // The grid pages: 100 rows, then more.
  const rows = analyst.getByTestId("lookup-entry-row");
  await expect(rows).toHaveCount(100);
  await analyst.getByTestId("lookup-load-more").click();
  await expect(rows).toHaveCount(200);

  // Search one key, edit its value inline.
  await analyst.getByTestId("lookup-search").fill("SKU-1777");
  await expect(rows).toHaveCount(1);
  const row = analyst.locator('[data-testid="lookup-entry-row"][data-key="SKU-1777"]');
  await expect(row.getByTestId("lookup-entry-value")).toHaveText("4777");
  await row.getByTestId("edit-lookup-entry").click();
  const editor = analyst.getByTestId("lookup-entry-editor");
  await editor.getByTestId("lookup-entry-value-input").fill("NS-9001");
  await editor.getByTestId("lookup-entry-description-input").fill("Re-mapped after the ERP migration");
  await editor.getByTestId("save-lookup-entry").click();
  await expect(row.getByTestId("lookup-entry-value")).toHaveText("NS-9001");
  await expect(row).toContainText("Re-mapped after the ERP migration");

  // A viewer reads the same grid, without edit controls.
  const viewerContext = await browser.newContext({ baseURL });
  const viewer = await viewerContext.newPage();
  await createUserAndSignIn(page, viewer, "viewer");
  await viewer.goto(analyst.url());
  await viewer.getByTestId("lookup-search").fill("SKU-1777");
  await expect(viewer.locator('[data-testid="lookup-entry-row"][data-key="SKU-1777"]').getByTestId("lookup-entry-value")).toHaveText("NS-9001");
  await expect(viewer.getByTestId("edit-lookup-entry")).toHaveCount(0);
  await expect(viewer.getByTestId("open-lookup-import")).toHaveCount(0);
  await viewerContext.close();
});
