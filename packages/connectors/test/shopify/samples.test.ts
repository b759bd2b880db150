import { describe, expect, it } from "vitest";
import { registry } from "../../src/registry";
import { shopifyConnector } from "../../src/shopify/connector";

describe("Shopify connector definition", () => {
  it("is registered, and every action's sample input and output fit its schemas", () => {
    expect(registry.get("shopify")).toBe(shopifyConnector);
    for (const [name, action] of Object.entries(shopifyConnector.actions)) {
      expect(action.input.safeParse(action.sampleInput).error?.issues ?? [], `${name} sampleInput`).toEqual([]);
      expect(action.output.safeParse(action.sampleOutput).error?.issues ?? [], `${name} sampleOutput`).toEqual([]);
    }
  });

  it("keeps the action names templates are written against", () => {
    expect(Object.keys(shopifyConnector.actions).sort()).toEqual(
      ["addOrderTags", "cancelOrder", "createFulfillment", "findVariantBySku", "getFulfillmentOrders", "getOrder", "listOrders", "setInventoryQuantities", "updateOrderNote"].sort(),
    );
    expect(Object.keys(shopifyConnector.webhook?.events ?? {})).toEqual(["orders/create", "orders/updated", "orders/cancelled", "refunds/create", "fulfillments/create", "inventory_levels/update"]);
  });

  it("takes the topic and the event id (falling back to the webhook id) from Shopify's headers", () => {
    const req = (headers: Record<string, string>) => ({ headers, rawBody: Buffer.from("{}"), body: {} });
    const hook = shopifyConnector.webhook!;
    expect(hook.eventId!(req({ "x-shopify-event-id": "e1", "x-shopify-webhook-id": "w1" }))).toBe("e1");
    expect(hook.eventId!(req({ "x-shopify-webhook-id": "w1" }))).toBe("w1");
    expect(hook.topic!(req({ "x-shopify-topic": "orders/updated" }))).toBe("orders/updated");
  });
});
