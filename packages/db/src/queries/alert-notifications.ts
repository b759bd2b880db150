/**
 * Alert notifications: a Slack-compatible incoming-webhook body and its delivery.
 * Shared by the runtime (fire / resolve) and the designer (test notification).
 * The webhook URL is a credential (Slack's carries its token in the path): it is
 * only ever passed to fetch, never put into a message, an error or a log line.
 */

/** A webhook that has not answered by then counts as failed; the next tick retries. */
export const WEBHOOK_TIMEOUT_MS = 5_000;

/** What the UI shows instead of the URL: "hooks.slack.com/…/a1B2" (host and the path's last characters). */
export function webhookHint(url: string): string {
  const parsed = new URL(url);
  const path = `${parsed.pathname}${parsed.search}`.replace(/\/+$/, "");
  // A short path would be given away whole by its last characters.
  return path.length > 12 ? `${parsed.host}/…/${path.slice(-4)}` : `${parsed.host}/…`;
}

export type AlertTransition = "firing" | "resolved" | "test";

/** Slack incoming-webhook format: `text` (the notification line and fallback) plus blocks. */
export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

const HEADLINE: Record<AlertTransition, string> = { firing: "🔴 FIRING", resolved: "✅ RESOLVED", test: "🧪 TEST" };

/** Slack reads &, < and > as markup (links, mentions); rule names and messages are plain text. */
const escapeMrkdwn = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function slackMessage(params: { transition: AlertTransition; ruleName: string; message: string; firedAt?: Date; resolvedAt?: Date | null }): SlackMessage {
  const headline = `${HEADLINE[params.transition]}: ${escapeMrkdwn(params.ruleName)}`;
  const message = escapeMrkdwn(params.message);
  const facts: string[] = [];
  if (params.firedAt) facts.push(`Fired ${params.firedAt.toISOString()}`);
  if (params.firedAt && params.resolvedAt) {
    const minutes = Math.max(0, Math.round((params.resolvedAt.getTime() - params.firedAt.getTime()) / 60_000));
    facts.push(`resolved ${params.resolvedAt.toISOString()} (after ${minutes} min)`);
  }
  if (params.transition === "test") facts.push("Sent from the Alerts page to check this webhook");
  return {
    text: `${headline} — ${message}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*${headline}*\n${message}` } },
      { type: "context", elements: [{ type: "mrkdwn", text: `Distribution iPaaS alert · ${facts.join(" · ")}` }] },
    ],
  };
}

export type DeliveryResult = { ok: true } | { ok: false; error: string };

/**
 * How a webhook is posted: the caller passes the outbound network policy's fetch
 * (packages/connectors), so a webhook URL cannot reach internal addresses. This
 * package stays free of the connectors, hence the minimal shape.
 */
export type WebhookFetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; redirect: "manual"; signal: AbortSignal },
) => Promise<{ status: number; text(): Promise<string> }>;

/**
 * A readable reason that never includes the URL: fetch's own messages name the
 * host and port ("connect ECONNREFUSED 10.0.0.5:443"), so only the code is kept.
 */
function describeFailure(err: unknown, timeoutMs: number): string {
  const name = err instanceof Error ? err.name : "";
  // The policy's refusals name the rule and the host, never the path (where the token is).
  if ((err as { code?: unknown } | null)?.code === "OUTBOUND_REFUSED") return (err as Error).message;
  if (name === "TimeoutError" || name === "AbortError") return `no answer within ${timeoutMs / 1000} s`;
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === "string") return `could not connect (${cause.code})`;
  // Plain-word reasons ("bad port", "other side closed") carry no host; anything else is left out.
  return typeof cause?.message === "string" && /^[a-z ]{1,60}$/i.test(cause.message) ? `could not connect (${cause.message})` : "could not connect";
}

/**
 * POSTs the JSON body with a timeout; any non-2xx answer is a failure with its
 * status only. The answer's body is never shown: echoing it would turn the webhook
 * into a way to read whatever the URL points at.
 */
export async function postWebhook(url: string, body: unknown, options: { fetch: WebhookFetch; timeoutMs?: number }): Promise<DeliveryResult> {
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const doFetch = options.fetch;
  try {
    const response = await doFetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      // A redirect would send the body on to wherever it points: report it instead.
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Read to the end so the connection can be reused; the text itself is not kept.
    await response.text().catch(() => "");
    if (response.status >= 200 && response.status < 300) return { ok: true };
    return { ok: false, error: `HTTP ${response.status}` };
  } catch (err) {
    return { ok: false, error: describeFailure(err, timeoutMs) };
  }
}
