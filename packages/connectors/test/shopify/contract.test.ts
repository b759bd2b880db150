import { expect, it } from "vitest";
import { shopifyConnector } from "../../src/shopify/connector";
import type { ShopifySimulatorControl } from "../../src/shopify/simulator";
import { describeContract, testContext } from "../../src/testing";
import { realTarget, simulatorTarget, stepError } from "./helpers";

const { actions } = shopifyConnector;

describeContract("Shopify connector", {
  connector: shopifyConnector,
  simulator: simulatorTarget(),
  real: realTarget,
  tests: (target) => {
    const ctx = () => testContext(target().connection);
    const sim = () => target().simulator as ShopifySimulatorControl;
    const onSimulator = () => target().kind === "simulator";

    it("a wrong access token is a non-retryable 401 with Shopify's message, and the connection test says so", async () => {
      const bad = { ...target().connection, secrets: { ...target().connection.secrets, accessToken: "shpat_wrong" } };
      const err = await stepError(actions.listOrders.run(testContext(bad), actions.listOrders.input.parse({ first: 1 })), "non_retryable");
      expect(err.details?.status).toBe(401);
      expect(err.message).toContain("[API] Invalid API key or access token");
      expect(err.message).not.toContain("shpat_wrong");
      const test = await shopifyConnector.test!(testContext(bad));
      expect(test).toEqual({ ok: false, message: expect.stringContaining("Credentials rejected") });
      expect((await shopifyConnector.test!(ctx())).ok).toBe(true);
    });

    it("lists orders page by page with cursors, no order twice", async () => {
      if (onSimulator()) sim().generateOrders({ count: 7 });
      const seen: string[] = [];
      let after: string | undefined;
      for (let page = 0; page < 10; page++) {
        const res = await actions.listOrders.run(ctx(), actions.listOrders.input.parse({ first: 2, after }));
        expect(res.orders.length).toBeLessThanOrEqual(2);
        seen.push(...res.orders.map((o) => o.id));
        if (!res.pageInfo.hasNextPage) break;
        expect(res.pageInfo.endCursor).toBeTruthy();
        after = res.pageInfo.endCursor ?? undefined;
      }
      expect(new Set(seen).size).toBe(seen.length);
      if (onSimulator()) expect(seen).toHaveLength(7);
    });

    it("gets an order with lines, taxes, discounts, addresses and customer (numeric id accepted)", async () => {
      const first = (await actions.listOrders.run(ctx(), actions.listOrders.input.parse({ first: 1 }))).orders[0];
      if (!first) return;
      const order = await actions.getOrder.run(ctx(), { id: Number(first.id.split("/").pop()) });
      expect(order.id).toBe(first.id);
      expect(order.lineItems.length).toBeGreaterThan(0);
      expect(order).toHaveProperty("totalPriceSet.shopMoney.amount");
      expect(order).toHaveProperty("shippingAddress");
      const line = order.lineItems[0] as Record<string, unknown>;
      expect(line).toHaveProperty("taxLines");
      expect(line).toHaveProperty("discountAllocations");
    });

    it("waits for the cost bucket to refill instead of failing when throttled", async () => {
      if (!onSimulator()) return;
      sim().throttle({ maximumAvailable: 50, restoreRate: 25, currentlyAvailable: 0 });
      const lines: string[] = [];
      const started = Date.now();
      const res = await actions.listOrders.run({ ...ctx(), log: { info: (m) => lines.push(m), warn: (m) => lines.push(m) } }, actions.listOrders.input.parse({ first: 5 }));
      expect(res.orders.length).toBeGreaterThan(0);
      // listOrders(first: 5) costs 17 points; at 25 points/s from empty that is ~700 ms.
      expect(Date.now() - started).toBeGreaterThanOrEqual(500);
      expect(lines.some((l) => l.includes("throttled"))).toBe(true);
      sim().throttle({ maximumAvailable: 2000, restoreRate: 100, currentlyAvailable: 2000 });
    });

    it("gives up after bounded waits with a retryable THROTTLED error carrying retryAfterMs", async () => {
      if (!onSimulator()) return;
      sim().addFault({ operation: "orders", graphqlError: "THROTTLED", count: 20 });
      const err = await stepError(actions.listOrders.run(ctx(), actions.listOrders.input.parse({ first: 1 })), "retryable");
      expect(err.code).toBe("THROTTLED");
      expect(err.retryAfterMs).toBeGreaterThan(0);
      sim().clearFaults();
    });

    it("HTTP 5xx is retryable", async () => {
      if (!onSimulator()) return;
      sim().addFault({ operation: "orders", status: 503 });
      const err = await stepError(actions.listOrders.run(ctx(), actions.listOrders.input.parse({ first: 1 })), "retryable");
      expect(err.details?.status).toBe(503);
    });

    it("userErrors are non-retryable and name the field path", async () => {
      if (!onSimulator()) return;
      const err = await stepError(
        actions.setInventoryQuantities.run(ctx(), actions.setInventoryQuantities.input.parse({ reason: "bogus", quantities: [{ inventoryItemId: 43001122, locationId: 68123456001, quantity: 5 }] })),
        "non_retryable",
      );
      expect(err.code).toBe("INVALID_REASON");
      expect(err.message).toContain("input.reason: The specified reason is invalid.");
      expect(err.details?.path).toBe("input.reason");
    });

    it("finds a variant by exact SKU, and null for an unknown SKU", async () => {
      expect(await actions.findVariantBySku.run(ctx(), { sku: "NO-SUCH-SKU-0000" })).toBeNull();
      if (!onSimulator()) return;
      expect(await actions.findVariantBySku.run(ctx(), { sku: "WID-100-BLK" })).toEqual({
        variantId: "gid://shopify/ProductVariant/40112233", inventoryItemId: "gid://shopify/InventoryItem/43001122", productTitle: "Widget", sku: "WID-100-BLK", title: "Black / 100 mm",
      });
    });

    it("adds tags once (repeat-safe) and replaces the note", async () => {
      if (!onSimulator()) return;
      const order = sim().createOrder({ lines: [{ sku: "GAD-200", quantity: 1 }], tags: ["b2b"] });
      const input = { id: order.admin_graphql_api_id, tags: ["netsuite-so-1234"] };
      await actions.addOrderTags.run(ctx(), input);
      const res = await actions.addOrderTags.run(ctx(), input);
      expect(res.tags).toEqual(["b2b", "netsuite-so-1234"]);
      expect(sim().order(order.id)?.tags).toBe("b2b, netsuite-so-1234");
      expect(await actions.updateOrderNote.run(ctx(), { id: order.id, note: "SO-1234" })).toEqual({ id: order.admin_graphql_api_id, note: "SO-1234" });
      const missing = await stepError(actions.addOrderTags.run(ctx(), { id: 1, tags: ["x"] }), "non_retryable");
      expect(missing.message).toContain("id: Order does not exist");
    });

    it("creates fulfillments with tracking and fulfils only what remains", async () => {
      if (!onSimulator()) return;
      const order = sim().createOrder({ lines: [{ sku: "WID-100-BLK", quantity: 3 }, { sku: "GAD-200", quantity: 1 }] });
      const { fulfillmentOrders } = await actions.getFulfillmentOrders.run(ctx(), { orderId: order.id });
      const fo = fulfillmentOrders[0]!;
      const [widget, gadget] = fo.lineItems as Array<{ id: string; remainingQuantity: number }>;
      expect(widget?.remainingQuantity).toBe(3);
      const tracking = { number: "1Z999AA10123456784", company: "UPS", url: "https://www.ups.com/track?tracknum=1Z999AA10123456784" };
      const base = { fulfillmentOrderId: fo.id, tracking, notifyCustomer: true };
      const first = await actions.createFulfillment.run(ctx(), actions.createFulfillment.input.parse({ ...base, lineItems: [{ id: widget!.id, quantity: 2 }] }));
      expect(first.fulfilledLines).toEqual([{ id: widget!.id, quantity: 2 }]);
      // The same shipment again plus the gadget: only 1 widget is left, so only 1 is fulfilled.
      const second = await actions.createFulfillment.run(ctx(), actions.createFulfillment.input.parse({ ...base, lineItems: [{ id: widget!.id, quantity: 3 }, { id: gadget!.id, quantity: 1 }] }));
      expect(second.fulfilledLines).toEqual([{ id: widget!.id, quantity: 1 }, { id: gadget!.id, quantity: 1 }]);
      expect(second.skippedLines).toEqual([{ id: widget!.id, requested: 3, remaining: 1 }]);
      const third = await actions.createFulfillment.run(ctx(), actions.createFulfillment.input.parse(base));
      expect(third.fulfillmentId).toBeNull();
      const fulfillments = sim().fulfillments(order.id);
      expect(fulfillments).toHaveLength(2);
      expect(fulfillments[0]?.tracking).toEqual(tracking);
      expect(sim().order(order.id)?.fulfillment_status).toBe("fulfilled");
    });

    it("sets inventory with compare-quantity: a stale compareQuantity is refused", async () => {
      if (!onSimulator()) return;
      const level = sim().inventory("WIDGET-RED")[0]!;
      const q = { inventoryItemId: level.inventoryItemId, locationId: level.locationId };
      const ok = await actions.setInventoryQuantities.run(ctx(), actions.setInventoryQuantities.input.parse({ reason: "cycle_count_available", quantities: [{ ...q, quantity: level.available + 5, compareQuantity: level.available }] }));
      expect(ok.changes.find((c) => c.name === "available")).toMatchObject({ delta: 5, quantityAfterChange: level.available + 5 });
      const err = await stepError(
        actions.setInventoryQuantities.run(ctx(), actions.setInventoryQuantities.input.parse({ quantities: [{ ...q, quantity: 1, compareQuantity: level.available }] })),
        "non_retryable",
      );
      expect(err.code).toBe("COMPARE_QUANTITY_STALE");
      expect(err.details?.path).toBe("input.quantities.0.compareQuantity");
      expect(sim().inventory("WIDGET-RED")[0]?.available).toBe(level.available + 5);
      await actions.setInventoryQuantities.run(ctx(), actions.setInventoryQuantities.input.parse({ quantities: [{ ...q, quantity: 7 }] }));
      expect(sim().inventory("WIDGET-RED")[0]?.available).toBe(7);
    });

    it("cancels an order once; a repeat reports it was already cancelled", async () => {
      if (!onSimulator()) return;
      const order = sim().createOrder({ lines: [{ sku: "BOLT-M8", quantity: 4 }] });
      const input = actions.cancelOrder.input.parse({ id: order.id, reason: "customer", refund: true });
      expect(await actions.cancelOrder.run(ctx(), input)).toMatchObject({ alreadyCancelled: false, done: true });
      expect(await actions.cancelOrder.run(ctx(), input)).toMatchObject({ alreadyCancelled: true });
      expect(sim().order(order.id)).toMatchObject({ cancel_reason: "customer", financial_status: "refunded" });
    });

    it("polls orders updated since the cursor, page by page, and sees later changes as new items", async () => {
      const poll = shopifyConnector.polls!.ordersUpdatedSince!;
      let cursor: unknown = null;
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) {
        const res = await poll.run(ctx(), { cursor, options: {} });
        ids.push(...res.items.map((x) => x.id));
        cursor = res.cursor;
        if ((cursor as { after: string | null }).after === null) break;
      }
      if (!onSimulator()) return;
      expect(ids.length).toBeGreaterThanOrEqual(8);
      const order = sim().orders()[0]!;
      await actions.addOrderTags.run(ctx(), { id: order.id, tags: ["poll-test"] });
      const next = await poll.run(ctx(), { cursor, options: {} });
      const updated = sim().order(order.id)!;
      expect(next.items.map((x) => x.id)).toContain(`${updated.admin_graphql_api_id}@${updated.updated_at}`);
    });
  },
});
