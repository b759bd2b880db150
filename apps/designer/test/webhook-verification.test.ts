import type { Problem } from "@ipaas/flow";
import { WEBHOOK_VERIFICATIONS, webhookVerification } from "@ipaas/flow";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { dedicatedKeys } from "../src/components/node-panel/expression-keys";
import { PUBLIC_WARNING, shownVerification, VERIFICATION_CHOICES, WebhookVerificationField } from "../src/components/node-panel/webhook-verification";

const render = (config: Record<string, unknown>, problems: Problem[] = []) =>
  renderToStaticMarkup(createElement(WebhookVerificationField, { config, problems, readOnly: false, onPatch: () => undefined }));

describe("webhook trigger panel: verification", () => {
  it("offers exactly the schemes the flow model knows, and reads a config as the runtime does", () => {
    expect(VERIFICATION_CHOICES.map((c) => c.value)).toEqual([...WEBHOOK_VERIFICATIONS]);
    for (const config of [{}, { verification: "public" }, { connectionName: "Shop" }, { verification: "hmac-timestamp", connectionId: "x" }]) {
      expect(shownVerification(config) ?? null).toBe(webhookVerification(config));
    }
    expect(dedicatedKeys("trigger.webhook")).toContain("verification");
  });

  it("shows a visible warning for public, and none for a signed scheme", () => {
    const open = render({ verification: "public" });
    expect(open).toContain('data-testid="public-webhook-warning"');
    expect(open).toContain(PUBLIC_WARNING.replace("'", "&#x27;"));
    expect(open).toMatch(/value="public"[^>]*checked=""|checked=""[^>]*value="public"/);
    const signed = render({ verification: "hmac-timestamp", connectionName: "Signing" });
    expect(signed).not.toContain("public-webhook-warning");
    expect(signed).toContain("X-Webhook-Timestamp");
  });

  it("shows the validation problem when no scheme is chosen", () => {
    const problem: Problem = { nodeId: "hook", path: "nodes.0.config.verification", code: "INVALID_CONFIG", message: 'Node "Hook": config.verification must name how deliveries are verified' };
    const html = render({}, [problem]);
    expect(html).toContain("must name how deliveries are verified");
    expect(html).not.toContain("checked");
  });
});
