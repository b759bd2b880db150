import { randomBytes } from "node:crypto";
import { ADMIN, createUserAndSignIn, expect, test } from "./fixtures";

const HTTP_FLOW = "Demo: call a system over HTTP";

/*
 * Issue 5's story: the admin creates a connection and an analyst; the analyst signs
 * in, wires the connection into a flow, publishes and runs it — and can neither
 * read nor change the connection's secret.
 */
test("an analyst uses an admin's connection in a flow without seeing its secret", async ({ page, anonymousPage: analyst }) => {
  const secret = `tok_${randomBytes(12).toString("hex")}`;
  const runtimeUrl = process.env.E2E_RUNTIME_URL!;

  // Admin: a connection to the runtime itself (a real HTTP target), with a bearer token.
  await page.goto("/connections");
  await page.getByTestId("new-connection").click();
  const form = page.getByTestId("connection-form");
  await form.getByTestId("connection-name").fill("ERP over HTTP");
  await form.getByTestId("connection-environment").selectOption("sandbox");
  await form.getByTestId("connection-connector").selectOption("http");
  await form.getByTestId("field-baseUrl").fill(runtimeUrl);
  await form.getByTestId("field-bearerToken").fill(secret);
  await form.getByTestId("save-connection").click();
  const row = page.locator('[data-testid="connection-row"][data-connection-name="ERP over HTTP"]');
  await expect(row).toBeVisible();
  await expect(page.locator("body")).not.toContainText(secret);

  // Admin: the analyst, with a one-time set-password link; the analyst sets a password and signs in.
  await createUserAndSignIn(page, analyst, "analyst");
  await expect(analyst.getByRole("link", { name: "Users" })).toHaveCount(0);
  await expect(analyst.getByRole("link", { name: "Audit log" })).toHaveCount(0);

  // The connection is visible read-only; the secret is "set", never its value.
  await analyst.goto("/connections");
  const analystRow = analyst.locator('[data-testid="connection-row"][data-connection-name="ERP over HTTP"]');
  await expect(analystRow).toBeVisible();
  await expect(analystRow.getByTestId("edit-connection")).toHaveCount(0);
  await expect(analystRow.getByTestId("delete-connection")).toHaveCount(0);
  await expect(analyst.getByTestId("new-connection")).toHaveCount(0);
  await expect(analyst.locator("body")).not.toContainText(secret);
  await analyst.screenshot({ path: "test-results/connections-as-analyst.png", fullPage: true });

  // The server is the guard: the API neither shows the secret nor lets an analyst change it.
  const listed = await analyst.request.get("/api/trpc/connections.list");
  expect(listed.ok()).toBe(true);
  expect(await listed.text()).not.toContain(secret);
  const connectionId = /"id":"([0-9a-f-]{36})","name":"ERP over HTTP"/.exec(await listed.text())?.[1];
  expect(connectionId).toBeTruthy();
  const update = await analyst.request.post("/api/trpc/connections.update", {
    data: { json: { id: connectionId, secrets: { bearerToken: "stolen" } } },
    headers: { origin: new URL(analyst.url()).origin },
  });
  expect(update.status()).toBe(403);

  // Analyst: pick the connection for the flow's HTTP step; the problem goes away; publish.
  await analyst.goto("/flows");
  await analyst.getByRole("link", { name: HTTP_FLOW }).click();
  const step = analyst.locator('[data-testid="flow-node"][data-id="call"]');
  await expect(step.getByTestId("node-problem")).toContainText("Choose a connection");
  // Select the step on the canvas; its side panel has the connection picker.
  await step.click();
  await analyst.getByTestId("node-connection").selectOption("ERP over HTTP");
  await expect(step.getByTestId("node-problem")).toHaveCount(0);
  await expect(analyst.getByTestId("save-state")).toHaveText(/Saved/);
  await analyst.getByTestId("publish-message").fill("Use the ERP connection");
  await analyst.getByTestId("publish").click();
  await expect(analyst.getByTestId("published")).toHaveText("Published v1");

  // Run it: the step calls the target with the token, and the run records hold no secret.
  await analyst.goto("/flows");
  const flowRow = analyst.locator(`[data-testid="flow-row"][data-flow-name="${HTTP_FLOW}"]`);
  await flowRow.getByRole("button", { name: "Run" }).click();
  await flowRow.getByRole("link", { name: "View run" }).click();
  await expect(analyst.getByTestId("run-status").first()).toHaveText("succeeded");
  await expect(analyst.locator("body")).not.toContainText(secret);
});

// The security headers reach the browser, and the page still works under its policy
// (the fixtures fail any test that logs a CSP violation).
test("pages and the API carry the security headers; the page runs under its nonce policy", async ({ page }) => {
  const res = await page.goto("/flows");
  const headers = res!.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // Next stamped its inline scripts with this response's nonce, and the app hydrated.
  const nonce = /'nonce-([^']+)'/.exec(headers["content-security-policy"]!)![1];
  expect(await page.locator("script[nonce]").count()).toBeGreaterThan(0);
  expect(await page.locator("script[nonce]").first().evaluate((s) => (s as HTMLScriptElement).nonce)).toBe(nonce);
  await expect(page.getByTestId("current-user")).toBeVisible();
  const api = await page.request.get("/api/trpc/flows.list");
  expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
});

test("the audit log records the socket's address, not a spoofed X-Forwarded-For", async ({ page, baseURL }) => {
  const signIn = await page.request.post("/api/auth/sign-in/email", { data: ADMIN, headers: { origin: baseURL!, "x-forwarded-for": "203.0.113.99" } });
  expect(signIn.ok()).toBe(true);
  const input = encodeURIComponent(JSON.stringify({ json: { action: "auth.signIn.success", limit: 1 } }));
  const res = await page.request.get(`/api/trpc/audit.list?input=${input}`);
  const body = (await res.json()) as { result: { data: { json: { items: Array<{ ip: string | null }> } } } };
  expect(body.result.data.json.items[0]?.ip).toBe("127.0.0.1");
});
