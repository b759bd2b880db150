import path from "node:path";
import { test as base, expect, type Page } from "@playwright/test";
import { ADMIN } from "../accounts";

export { ADMIN };

/** Signs a page's browser context in through the sign-in form, as a person would. */
export async function signIn(page: Page, user: { email: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByTestId("sign-in-email").fill(user.email);
  await page.getByTestId("sign-in-password").fill(user.password);
  await page.getByTestId("sign-in-submit").click();
  await expect(page.getByTestId("current-user")).toContainText(user.email);
}

/**
 * The admin (on `adminPage`) creates a user with `role`; the user sets a password
 * through the one-time link and signs in on `userPage` — the way people join.
 */
export async function createUserAndSignIn(adminPage: Page, userPage: Page, role: "analyst" | "operator" | "viewer", password = `${role} password 1`) {
  const email = `${role}-${Math.random().toString(16).slice(2, 8)}@e2e.test`;
  await adminPage.goto("/users");
  await adminPage.getByTestId("new-user").click();
  await adminPage.getByTestId("new-user-email").fill(email);
  await adminPage.getByTestId("new-user-role").selectOption(role);
  await adminPage.getByTestId("new-user-submit").click();
  const link = await adminPage.getByTestId("password-link-url").textContent();
  expect(link).toContain("/set-password?token=");
  await userPage.goto(link!);
  await userPage.getByTestId("new-password").fill(password);
  await userPage.getByTestId("repeat-password").fill(password);
  await userPage.getByTestId("set-password-submit").click();
  await expect(userPage.getByTestId("set-password-done")).toBeVisible();
  await signIn(userPage, { email, password });
  return { email, password };
}

/**
 * "New flow from template" in the browser: the template's form filled for the sandbox with
 * `bindings` (template key → connection or partner name), the flow created, every step bound
 * and valid, and published as v1. Returns the flow's id.
 */
export async function installTemplateInBrowser(page: Page, options: { templateId: string; name: string; bindings: Record<string, string>; nodes: number; cardText?: string }): Promise<string> {
  await page.goto("/flows");
  await page.getByTestId("new-flow-from-template").click();
  const card = page.locator(`[data-testid="template-card"][data-template-id="${options.templateId}"]`);
  if (options.cardText) await expect(card).toContainText(options.cardText);
  await card.getByTestId("use-template").click();
  const form = page.getByTestId("install-template-form");
  await form.getByTestId("template-flow-name").fill(options.name);
  await form.getByTestId("template-environment").selectOption("sandbox");
  for (const [key, value] of Object.entries(options.bindings)) await form.getByTestId(`template-binding-${key}`).selectOption(value);
  await form.getByTestId("create-from-template").click();
  await expect(page).toHaveURL(/\/flows\/[0-9a-f-]{36}$/);

  // Every step is bound and valid: publish.
  await expect(page.getByTestId("flow-node")).toHaveCount(options.nodes);
  await expect(page.getByTestId("node-problem")).toHaveCount(0);
  await page.getByTestId("publish-message").fill("Installed from the template");
  await page.getByTestId("publish").click();
  await expect(page.getByTestId("published")).toHaveText("Published v1");
  return /\/flows\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
}

/**
 * Collects the page's Content-Security-Policy violations as Chromium reports them
 * (console errors "Refused to … because it violates the following Content Security
 * Policy directive"): the policy must never block the app itself.
 */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

function designerUrl(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error("E2E_BASE_URL is not set: the global setup did not start the stack");
  return url;
}

/**
 * Every test gets the designer's URL (set by the global setup) as baseURL, and a
 * page already signed in as the admin. The admin signs in once per worker (through
 * the session API, which sets the same cookie the form does) and every test's
 * context starts from that storage state: signing in per test would run into the
 * sign-in rate limit (20 a minute per address, and every test comes from 127.0.0.1)
 * as the suite grows. `anonymousPage` is a fresh, signed-out context.
 */
export const test = base.extend<{ anonymousPage: Page }, { adminState: string }>({
  adminState: [
    async ({ browser }, use, workerInfo) => {
      const baseURL = designerUrl();
      const context = await browser.newContext({ baseURL });
      const res = await context.request.post("/api/auth/sign-in/email", { data: ADMIN, headers: { origin: baseURL } });
      expect(res.ok(), `admin sign-in: ${res.status()} ${await res.text()}`).toBe(true);
      const file = path.join(workerInfo.project.outputDir, `.admin-state-${workerInfo.workerIndex}.json`);
      await context.storageState({ path: file });
      await context.close();
      await use(file);
    },
    { scope: "worker" },
  ],
  storageState: async ({ adminState }, use) => {
    await use(adminState);
  },
  // Playwright requires the destructuring pattern even when no fixture is used.
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => {
    await use(designerUrl());
  },
  page: async ({ page }, use) => {
    const violations = watchCsp(page);
    await use(page);
    expect(violations, "CSP violations in the browser console").toEqual([]);
  },
  anonymousPage: async ({ browser, baseURL }, use) => {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    const violations = watchCsp(page);
    await use(page);
    await context.close();
    expect(violations, "CSP violations in the browser console").toEqual([]);
  },
});
export { expect };
