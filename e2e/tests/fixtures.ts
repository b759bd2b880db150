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
 * Every test gets the designer's URL (set by the global setup) as baseURL, and a
 * page already signed in as the admin (through the session API, which sets the
 * same cookie the form does). `anonymousPage` is a fresh, signed-out context.
 */
export const test = base.extend<{ anonymousPage: Page }>({
  // Playwright requires the destructuring pattern even when no fixture is used.
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => {
    const url = process.env.E2E_BASE_URL;
    if (!url) throw new Error("E2E_BASE_URL is not set: the global setup did not start the stack");
    await use(url);
  },
  page: async ({ page, baseURL }, use) => {
    const res = await page.request.post("/api/auth/sign-in/email", { data: ADMIN, headers: { origin: baseURL! } });
    expect(res.ok(), `admin sign-in: ${res.status()} ${await res.text()}`).toBe(true);
    await use(page);
  },
  anonymousPage: async ({ browser, baseURL }, use) => {
    const context = await browser.newContext({ baseURL });
    await use(await context.newPage());
    await context.close();
  },
});
export { expect };
