import { StepError } from "@ipaas/flow";
import { z } from "zod";
import { defineConnector, type ConnectionTestContext } from "../sdk";
import { addOrderTags, cancelOrder, getOrder, listOrders, updateOrderNote } from "./actions-orders";
import { createFulfillment, findVariantBySku, getFulfillmentOrders, setInventoryQuantities } from "./actions-fulfillment";
import { shopifyGraphql } from "./client";
import { SHOP } from "./documents";
import { ordersUpdatedSince } from "./poll";
import { shopifyWebhook } from "./webhook";

const icon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24"><path fill="#95BF47" d="M15.3 3.1c-.1 0-1.8-.1-1.8-.1s-1.2-1.2-1.3-1.3c-.1-.1-.4-.1-.5 0l-.7.2C10.6 1 10 .4 9.1.4 7.5.4 6.6 2.5 6.3 3.5l-1.6.5c-.5.2-.5.2-.6.7L2.8 19.9 14.9 22l5.3-1.2S15.4 3.2 15.3 3.1z"/><path fill="#5E8E3E" d="M15.3 3.1c-.1 0-1.8-.1-1.8-.1s-1.2-1.2-1.3-1.3l-.1-.1L14.9 22l5.3-1.2S15.4 3.2 15.3 3.1z"/><path fill="#fff" d="M10.4 7.7l-.6 1.9s-.6-.3-1.4-.3c-1.1 0-1.2.7-1.2.9 0 1 2.6 1.4 2.6 3.7 0 1.8-1.2 3-2.7 3-1.8 0-2.8-1.1-2.8-1.1l.5-1.6s1 .8 1.8.8c.5 0 .8-.4.8-.7 0-1.3-2.1-1.3-2.1-3.4 0-1.8 1.3-3.5 3.8-3.5 1 0 1.3.3 1.3.3z"/></svg>`;

async function testShopifyConnection(ctx: ConnectionTestContext): Promise<{ ok: boolean; message: string }> {
  try {
    const data = await shopifyGraphql<{ shop: { name: string; myshopifyDomain: string } }>(ctx, SHOP);
    return { ok: true, message: `Connected to ${data.shop.name} (${data.shop.myshopifyDomain})` };
  } catch (err) {
    if (!(err instanceof StepError)) throw err;
    const status = err.details?.status;
    if (status === 401 || status === 403) return { ok: false, message: `Credentials rejected: Shopify answered HTTP ${status} (check the access token and its scopes)` };
    if (status === 404) return { ok: false, message: "Shopify answered HTTP 404: check the shop domain and API version" };
    if (status === undefined) return { ok: false, message: `Unreachable: ${err.code === "TIMEOUT" ? "the shop did not answer in time" : "could not connect to the shop"}` };
    return { ok: false, message: `Shopify answered HTTP ${status}` };
  }
}

/** Shopify Admin GraphQL API: orders, fulfillments, inventory; signed webhooks and an "updated since" poll. */
export const shopifyConnector = defineConnector({
  id: "shopify",
  name: "Shopify",
  version: "0.1.0",
  description: "Shopify store via the Admin GraphQL API: orders, fulfillments with tracking, inventory, signed webhooks",
  icon,
  auth: z.object({
    shopDomain: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "shop domain like acme.myshopify.com"),
    apiVersion: z.string().regex(/^\d{4}-(01|04|07|10)$/, "a stable API version such as 2025-01").default("2025-01"),
    /** Only for the simulator or a proxy; production leaves it empty and uses https://{shopDomain}. */
    baseUrl: z.string().url().optional(),
    accessToken: z.string().min(1).describe("Custom-app Admin API access token (shpat_…)"),
    webhookSecret: z.string().optional().describe("The app's API secret key, used to verify X-Shopify-Hmac-Sha256"),
  }),
  secretFields: ["accessToken", "webhookSecret"],
  // Cost-based limits are handled per call (throttleStatus); this only keeps bursts sensible.
  rateLimit: { requestsPerSecond: 10, burst: 20 },
  test: testShopifyConnection,
  webhook: shopifyWebhook,
  polls: { ordersUpdatedSince },
  actions: { getOrder, listOrders, getFulfillmentOrders, createFulfillment, setInventoryQuantities, findVariantBySku, addOrderTags, updateOrderNote, cancelOrder },
});
