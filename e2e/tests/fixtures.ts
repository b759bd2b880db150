import { test as base, expect } from "@playwright/test";

/** Every test gets the designer's URL (set by the global setup) as baseURL. */
export const test = base.extend({
  // Playwright requires the destructuring pattern even when no fixture is used.
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => {
    const url = process.env.E2E_BASE_URL;
    if (!url) throw new Error("E2E_BASE_URL is not set: the global setup did not start the stack");
    await use(url);
  },
});
export { expect };
