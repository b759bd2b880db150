import type { ConnectorRegistry, WebhookRequest } from "@ipaas/connectors";
import { configOf, webhookVerification, type FlowNode } from "@ipaas/flow";
import type { RunnableFlow } from "@ipaas/jobs";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { Redis } from "ioredis";
import type { ConnectionResolver } from "@ipaas/execution";

/** How far a timestamped signature's clock may be from ours, either way. */
export const TIMESTAMP_TOLERANCE_MS = 5 * 60_000;
export const TIMESTAMP_HEADER = "x-webhook-timestamp";
export const SIGNATURE_HEADER = "x-webhook-signature";

export type Verdict =
  | { ok: true; eventId?: string; topic?: string; scheme: string; connection?: string; replayKey?: string }
  /** `reason` goes to the audit log (no secrets); `message` to the sender. */
  | { ok: false; error: string; message: string; reason: string };

export type Refusal = Extract<Verdict, { ok: false }>;

export interface WebhookAuthDeps {
  registry: ConnectorRegistry;
  connections: ConnectionResolver;
  redis: Redis;
  prefix: string;
}

const refused = (reason: string, message = "The webhook signature does not match the connection's secret"): Refusal => ({ ok: false, error: "INVALID_SIGNATURE", message, reason });

/**
 * Checks a delivery against the scheme its trigger names (packages/flow
 * `webhookVerification`). A trigger naming none is refused: before issue 13 such a
 * trigger accepted anyone who knew the flow id.
 */
export class WebhookAuth {
  constructor(private readonly deps: WebhookAuthDeps) {}

  async verify(runnable: RunnableFlow, trigger: FlowNode, webhook: WebhookRequest, now = Date.now()): Promise<Verdict> {
    const config = configOf(trigger, "trigger.webhook");
    const scheme = webhookVerification(config);
    if (scheme === null) {
      return {
        ok: false,
        error: "WEBHOOK_UNVERIFIED",
        message: "This flow's webhook trigger names no verification scheme, so deliveries are refused; choose one on the trigger (connection signature, HMAC with timestamp, or public)",
        reason: "no verification scheme",
      };
    }
    if (scheme === "public") return { ok: true, scheme };

    const ref = { connectionId: config.connectionId, connectionName: config.connectionName };
    const connection = await this.deps.connections.resolve(ref, runnable.environment);
    if (scheme === "hmac-timestamp") {
      const secret = connection.secrets.webhookSecret;
      if (typeof secret !== "string" || secret === "") return refused(`connection "${connection.name}" has no webhookSecret`);
      const checked = checkTimestamped(secret, webhook, now);
      if (!checked.ok) return checked;
      // Each (timestamp, signature) once: a captured request cannot be replayed within the window.
      const replayKey = `${this.deps.prefix}:whreplay:${runnable.flowId}:${createHash("sha256").update(checked.fingerprint).digest("hex")}`;
      const claimed = await this.deps.redis.set(replayKey, "1", "PX", 2 * TIMESTAMP_TOLERANCE_MS + 60_000, "NX");
      if (claimed !== "OK") return refused("replayed signature", "This signature was already used; sign each delivery with a fresh timestamp");
      return { ok: true, scheme, connection: connection.name, replayKey };
    }

    const connector = this.deps.registry.get(connection.connectorId);
    if (!connector?.webhook?.verify(webhook, connection)) return refused("invalid signature");
    return { ok: true, scheme, connection: connection.name, eventId: connector.webhook.eventId?.(webhook), topic: connector.webhook.topic?.(webhook) };
  }

  /** Frees a replay claim when the delivery was not recorded after all, so the sender's retry is not refused as a replay. */
  async release(verdict: Verdict): Promise<void> {
    if (verdict.ok && verdict.replayKey) await this.deps.redis.del(verdict.replayKey);
  }
}

/** `X-Webhook-Signature: sha256=<hex HMAC-SHA256 of "<X-Webhook-Timestamp>.<raw body>">`, timestamp in Unix seconds. */
function checkTimestamped(secret: string, webhook: WebhookRequest, now: number): { ok: true; fingerprint: string } | Refusal {
  const timestamp = webhook.headers[TIMESTAMP_HEADER];
  const signature = webhook.headers[SIGNATURE_HEADER];
  if (typeof timestamp !== "string" || !/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, error: "INVALID_SIGNATURE", message: "X-Webhook-Timestamp (Unix seconds) is required", reason: "missing or malformed timestamp" };
  }
  if (Math.abs(now - Number(timestamp) * 1000) > TIMESTAMP_TOLERANCE_MS) {
    return { ok: false, error: "INVALID_SIGNATURE", message: "X-Webhook-Timestamp is more than 5 minutes from the server's clock", reason: "timestamp outside the replay window" };
  }
  if (typeof signature !== "string" || !signature.startsWith("sha256=")) {
    return { ok: false, error: "INVALID_SIGNATURE", message: "X-Webhook-Signature (sha256=<hex>) is required", reason: "missing signature" };
  }
  const expected = Buffer.from(createHmac("sha256", secret).update(`${timestamp}.`).update(webhook.rawBody).digest("hex"));
  const given = Buffer.from(signature.slice("sha256=".length).toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return refused("invalid signature");
  return { ok: true, fingerprint: `${timestamp}.${signature.toLowerCase()}` };
}
