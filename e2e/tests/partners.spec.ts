import { retailerSamples } from "../../apps/designer/test/edi-samples";
import { expect, test } from "./fixtures";

/*
 * Issue 16's Partners page and onboarding harness (docs/architecture.md "EDI dashboard and
 * onboarding"): the admin creates a retail partner with AS2 settings and a sealed private key
 * (shown only as "set"), edits it, and runs five sample documents through the harness: the one
 * with a wrong SE count is flagged and the certification report downloads.
 */
test("an admin creates an AS2 partner, edits it, and certifies five samples with the invalid one flagged", async ({ page }) => {
  const name = `BigBox ${Date.now()}`;
  await page.goto("/partners");
  await page.getByTestId("new-partner").click();
  const form = page.getByTestId("partner-form");
  await form.getByTestId("partner-name").fill(name);
  await form.getByTestId("partner-version").selectOption("004010");
  await form.getByTestId("partner-ourIsaId").fill("SUPPLIER");
  await form.getByTestId("partner-ourGsId").fill("SUPPLIER");
  await form.getByTestId("partner-theirIsaId").fill("RETAILER");
  await form.getByTestId("partner-theirGsId").fill("RETAILER");
  await form.getByTestId("partner-transactionSets").fill("850 inbound, 856 outbound, 810 outbound");
  await form.getByTestId("partner-transport").selectOption("as2");
  await form.getByTestId("partner-as2Url").fill("https://as2.bigbox.test/in");
  await form.getByTestId("partner-as2From").fill("SUPPLIER");
  await form.getByTestId("partner-as2To").fill("BIGBOX");
  await form.getByTestId("partner-as2Mdn").selectOption("async");
  await form.getByTestId("partner-as2PartnerCertificate").fill("-----BEGIN CERTIFICATE-----\nMIIBBIGBOX\n-----END CERTIFICATE-----");
  await form.getByTestId("field-privateKey").fill("-----BEGIN PRIVATE KEY-----\nsecret-e2e-key\n-----END PRIVATE KEY-----");
  await form.getByTestId("partner-contactName").fill("EDI desk");
  await form.getByTestId("save-partner").click();

  const row = page.locator('[data-testid="partner-row"]', { hasText: name });
  await expect(row).toContainText("AS2");
  await row.getByTestId("partner-link").click();
  await expect(page.getByTestId("partner-title")).toHaveText(name);
  await expect(page.getByTestId("partner-summary")).toContainText("credentials set: privateKey");
  await expect(page.locator("body")).not.toContainText("secret-e2e-key");

  // Edit: the key shows only as set; the saved AS2 settings come back into the form.
  await page.getByTestId("edit-partner").click();
  await expect(form.getByTestId("secret-privateKey").getByTestId("secret-state")).toContainText("set");
  await expect(form.getByTestId("field-privateKey")).toHaveCount(0);
  await expect(form.getByTestId("partner-as2Mdn")).toHaveValue("async");
  await form.getByTestId("partner-as2Encrypt").uncheck();
  await form.getByTestId("partner-contactPhone").fill("+1 555 0100");
  await form.getByTestId("save-partner").click();
  await expect(form).toHaveCount(0);
  await page.getByTestId("edit-partner").click();
  await expect(form.getByTestId("partner-as2Encrypt")).not.toBeChecked();
  await expect(form.getByTestId("partner-contactPhone")).toHaveValue("+1 555 0100");
  await form.getByRole("button", { name: "Cancel" }).click();

  // The onboarding harness: five samples, the one with SE01 = 99 fails.
  const harness = page.getByTestId("onboarding");
  await harness.getByTestId("onboarding-files").setInputFiles(retailerSamples().map((s) => ({ name: s.name, mimeType: "text/plain", buffer: Buffer.from(s.text) })));
  await harness.getByTestId("onboarding-run").click();
  await expect(harness.getByTestId("onboarding-summary")).toContainText("4 of 5 documents passed");
  const bad = harness.locator('[data-testid="onboarding-document"][data-file="05-bad-se-count.x12"]');
  await expect(bad).toHaveAttribute("data-passed", "false");
  await expect(bad.getByTestId("onboarding-issues")).toContainText("AK5 4");
  await expect(bad.getByTestId("onboarding-ack")).toContainText("AK5*R*4");
  await expect(harness.locator('[data-testid="onboarding-document"][data-passed="true"]')).toHaveCount(4);

  const download = page.waitForEvent("download");
  await harness.getByTestId("onboarding-download-html").click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^certification-BigBox-\d+\.html$/);
});
