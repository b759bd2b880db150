import { createHmac, timingSafeEqual } from "node:crypto";
import type { WebhookDefinition, WebhookRequest } from "../sdk";
import { sampleInventoryLevel, sampleRestFulfillment, sampleRestOrder, sampleRestRefund } from "./samples";

const header = (req: WebhookRequest, name: string): string | undefined => {
  const value = req.headers[name] ?? req.headers[name.toLowerCase()];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === "" ? undefined : first;
};

/** X-Shopify-Hmac-Sha256 is the base64 HMAC-SHA256 of the raw body under the app's webhook secret. */
export function verifyShopifyHmac(rawBody: Buffer, hmacHeader: string | undefined, secret: string | undefined): boolean {
  if (!secret || !hmacHeader) return false;
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  const given = Buffer.from(hmacHeader, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const shopifyWebhook: WebhookDefinition = {
  verify: (req, connection) => verifyShopifyHmac(req.rawBody, header(req, "x-shopify-hmac-sha256"), connection.secrets.webhookSecret),
  // Every delivery of one event (retries and duplicates) carries the same X-Shopify-Event-Id; older deliveries only the webhook id.
  eventId: (req) => header(req, "x-shopify-event-id") ?? header(req, "x-shopify-webhook-id"),
  topic: (req) => header(req, "x-shopify-topic"),
  events: {
    "orders/create": { description: "An order was placed (REST Order JSON)", sample: sampleRestOrder },
    "orders/updated": { description: "An order changed: tags, note, fulfillment, payment", sample: { ...sampleRestOrder, updated_at: "2025-03-14T10:05:00-05:00", tags: "b2b, netsuite-so-1234, wholesale" } },
    "orders/cancelled": { description: "An order was cancelled", sample: { ...sampleRestOrder, cancelled_at: "2025-03-16T11:00:00-05:00", cancel_reason: "customer", financial_status: "refunded" } },
    "refunds/create": { description: "A refund was created (REST Refund JSON)", sample: sampleRestRefund },
    "fulfillments/create": { description: "A fulfillment was created, with tracking (REST Fulfillment JSON)", sample: sampleRestFulfillment },
    "inventory_levels/update": { description: "An inventory level changed at a location", sample: sampleInventoryLevel },
  },
};
