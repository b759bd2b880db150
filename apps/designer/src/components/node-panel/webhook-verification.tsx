"use client";

import type { Problem } from "@ipaas/flow";
import { problemsAt } from "./config-fields";
import { FieldProblems } from "./field-problems";

/**
 * The webhook trigger's verification scheme (packages/flow `WEBHOOK_VERIFICATIONS`; the
 * client does not import that module's values, see expression-keys.ts). A trigger
 * without one is refused by the runtime, so the choice is always on screen, and
 * "public" carries a warning: anyone who knows the URL can start runs.
 */
export const VERIFICATION_CHOICES = [
  { value: "connection", label: "Connection signature", hint: "Checked with the connection's own scheme (e.g. Shopify's X-Shopify-Hmac-Sha256, the HTTP connector's X-Signature-256)." },
  {
    value: "hmac-timestamp",
    label: "HMAC with timestamp",
    hint: 'The sender signs "<timestamp>.<body>" with the connection\'s webhook secret: X-Webhook-Timestamp (Unix seconds, within 5 minutes) and X-Webhook-Signature: sha256=<hex>. Each signature is accepted once.',
  },
  { value: "public", label: "Public (unauthenticated)", hint: "No signature is checked." },
] as const;

export const PUBLIC_WARNING = "Anyone who knows this webhook's URL can start runs of this flow. Publishing it is recorded in the audit log.";

/** What the panel shows for a config: the scheme named, or the one a bare connection implies (as the runtime reads it). */
export function shownVerification(config: Record<string, unknown>): string | undefined {
  if (typeof config.verification === "string") return config.verification;
  return config.connectionId || config.connectionName ? "connection" : undefined;
}

export function WebhookVerificationField(props: { config: Record<string, unknown>; problems: Problem[]; readOnly: boolean; onPatch(patch: Record<string, unknown>): void }) {
  const value = shownVerification(props.config);
  const choice = VERIFICATION_CHOICES.find((c) => c.value === value);
  return (
    <fieldset className="np-group" data-testid="webhook-verification">
      <legend className="np-label">
        Verification<span aria-hidden> *</span>
      </legend>
      <div className="np-mode" role="radiogroup" aria-label="Webhook verification">
        {VERIFICATION_CHOICES.map((c) => (
          <label key={c.value}>
            <input
              type="radio"
              name="webhook-verification"
              value={c.value}
              checked={value === c.value}
              disabled={props.readOnly}
              // Public checks no signature, so a connection beside it would only mislead.
              onChange={() => props.onPatch(c.value === "public" ? { verification: c.value, connectionId: undefined, connectionName: undefined } : { verification: c.value })}
              data-testid={`verification-${c.value}`}
            />{" "}
            {c.label}
          </label>
        ))}
      </div>
      {choice && <span className="muted small">{choice.hint}</span>}
      {value === "public" && (
        <p className="notice notice-warning" role="alert" data-testid="public-webhook-warning">
          ⚠ {PUBLIC_WARNING}
        </p>
      )}
      <FieldProblems problems={problemsAt(props.problems, "verification")} />
    </fieldset>
  );
}
