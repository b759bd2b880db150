import { gid, parseGid } from "./gql-helpers";
import { fulfillmentNode, orderNode, splitTags, webhookNode, type Sim } from "./nodes";
import type { RestOrder, SimFulfillment } from "./store";
import { enumToTopic } from "./webhooks";

type UserError = { field: string[] | null; message: string; code?: string };
const notFound = (field: string[], what = "Order"): UserError => ({ field, message: `${what} does not exist` });

const INVENTORY_REASONS = new Set([
  "correction", "cycle_count_available", "damaged", "movement_canceled", "movement_created", "movement_received", "movement_updated", "other", "promotion",
  "quality_control", "received", "reservation_created", "reservation_deleted", "reservation_updated", "restock", "safety_stock", "shrinkage",
]);

/** Mutation resolvers: each changes the store, answers userErrors the way Shopify words them, and fires the webhooks Shopify would. */
export function mutationRoot(sim: Sim) {
  const { store, webhooks } = sim;
  const orderOf = (id: unknown) => store.orders.get(parseGid(id, "Order") ?? -1);
  const updated = (o: RestOrder) => {
    store.touch(o);
    webhooks.emit("orders/updated", o);
  };
  return {
    tagsAdd: ({ id, tags }: { id: string; tags: string[] }) => {
      const o = orderOf(id);
      if (!o) return { node: null, userErrors: [notFound(["id"])] };
      const current = splitTags(o.tags);
      o.tags = [...current, ...tags.map((t) => t.trim()).filter((t) => t && !current.includes(t))].join(", ");
      updated(o);
      return { node: orderNode(sim, o), userErrors: [] };
    },
    orderUpdate: ({ input }: { input: { id: string; note?: string | null; tags?: string[] | null; email?: string | null; poNumber?: string | null } }) => {
      const o = orderOf(input.id);
      if (!o) return { order: null, userErrors: [notFound(["id"])] };
      if (input.note !== undefined) o.note = input.note;
      if (input.tags) o.tags = input.tags.join(", ");
      if (input.email) o.email = input.email;
      if (input.poNumber !== undefined) o.po_number = input.poNumber;
      updated(o);
      return { order: orderNode(sim, o), userErrors: [] };
    },
    orderCancel: (args: { orderId: string; reason: string; refund: boolean; restock: boolean; notifyCustomer?: boolean | null }) => {
      const o = orderOf(args.orderId);
      const fail = (e: UserError) => ({ job: null, orderCancelUserErrors: [e], userErrors: [{ field: e.field, message: e.message }] });
      if (!o) return fail({ ...notFound(["orderId"]), code: "NOT_FOUND" });
      if (o.cancelled_at) return fail({ field: ["orderId"], message: "Order has already been cancelled", code: "INVALID" });
      const unfulfilled = o.line_items.map((li) => ({ li, qty: li.fulfillable_quantity }));
      o.cancelled_at = store.now();
      o.cancel_reason = args.reason.toLowerCase();
      if (args.refund) o.financial_status = o.financial_status === "pending" ? "voided" : "refunded";
      for (const { li } of unfulfilled) li.fulfillable_quantity = 0;
      for (const fo of store.fulfillmentOrdersOf(o.id)) if (fo.status !== "CLOSED") fo.status = "CANCELLED";
      if (args.restock) {
        const locationId = store.fulfillmentOrdersOf(o.id)[0]?.locationId ?? store.locations[0]?.id ?? 0;
        for (const { li, qty } of unfulfilled) {
          const level = store.level(store.variants.find((v) => v.id === li.variant_id)?.inventoryItemId ?? -1, locationId);
          if (level && qty > 0) {
            level.available += qty;
            level.updatedAt = store.now();
          }
        }
      }
      o.updated_at = store.now();
      if (args.refund) webhooks.emit("refunds/create", refundPayload(store.id(9120000000000), o, unfulfilled, args.restock, store.now()));
      webhooks.emit("orders/cancelled", o);
      webhooks.emit("orders/updated", o);
      return { job: { id: gid("Job", crypto.randomUUID()), done: true }, orderCancelUserErrors: [], userErrors: [] };
    },
    fulfillmentCreate: ({ fulfillment }: { fulfillment: FulfillmentArgs }) => createFulfillment(sim, fulfillment),
    inventorySetQuantities: ({ input }: { input: InventoryArgs }) => setQuantities(sim, input),
    webhookSubscriptionCreate: ({ topic, webhookSubscription }: { topic: string; webhookSubscription: { callbackUrl?: string | null } }) => {
      const t = enumToTopic(topic);
      const url = webhookSubscription.callbackUrl;
      if (!t) return { webhookSubscription: null, userErrors: [{ field: ["topic"], message: "Topic is not supported by the simulator" }] };
      if (!url || !/^https?:\/\//.test(url)) return { webhookSubscription: null, userErrors: [{ field: ["webhookSubscription", "callbackUrl"], message: "Address is invalid" }] };
      if (webhooks.subscriptions.some((s) => s.topic === t && s.callbackUrl === url)) return { webhookSubscription: null, userErrors: [{ field: ["webhookSubscription", "callbackUrl"], message: "Address for this topic has already been taken" }] };
      return { webhookSubscription: webhookNode(webhooks.subscribe(t, url)), userErrors: [] };
    },
    webhookSubscriptionDelete: ({ id }: { id: string }) => {
      const n = parseGid(id, "WebhookSubscription");
      return n !== undefined && webhooks.unsubscribe(n)
        ? { deletedWebhookSubscriptionId: id, userErrors: [] }
        : { deletedWebhookSubscriptionId: null, userErrors: [{ field: ["id"], message: "Webhook subscription does not exist" }] };
    },
  };
}

interface FulfillmentArgs {
  lineItemsByFulfillmentOrder: Array<{ fulfillmentOrderId: string; fulfillmentOrderLineItems?: Array<{ id: string; quantity: number }> | null }>;
  notifyCustomer?: boolean | null;
  trackingInfo?: { number?: string | null; numbers?: string[] | null; company?: string | null; url?: string | null; urls?: string[] | null } | null;
}

function createFulfillment(sim: Sim, input: FulfillmentArgs) {
  const { store, webhooks } = sim;
  const errors: UserError[] = [];
  const picks: Array<{ foLineId: number; quantity: number }> = [];
  const fos = input.lineItemsByFulfillmentOrder.map((group, g) => {
    const fo = store.fulfillmentOrders.get(parseGid(group.fulfillmentOrderId, "FulfillmentOrder") ?? -1);
    if (!fo) {
      errors.push({ field: ["fulfillment", "lineItemsByFulfillmentOrder", String(g), "fulfillmentOrderId"], message: "Fulfillment order does not exist." });
      return undefined;
    }
    if (fo.status === "CLOSED" || fo.status === "CANCELLED") errors.push({ field: ["fulfillment"], message: `Fulfillment order ${fo.id} has an unfulfillable status= ${fo.status.toLowerCase()}.` });
    const requested = group.fulfillmentOrderLineItems ?? fo.lineItems.filter((l) => l.remainingQuantity > 0).map((l) => ({ id: gid("FulfillmentOrderLineItem", l.id), quantity: l.remainingQuantity }));
    requested.forEach((r, i) => {
      const line = fo.lineItems.find((l) => l.id === parseGid(r.id, "FulfillmentOrderLineItem"));
      const field = ["fulfillment", "lineItemsByFulfillmentOrder", String(g), "fulfillmentOrderLineItems", String(i)];
      if (!line) errors.push({ field: [...field, "id"], message: "Fulfillment order line item does not exist." });
      else if (r.quantity < 1 || r.quantity > line.remainingQuantity) errors.push({ field: [...field, "quantity"], message: "Invalid fulfillment order line item quantity requested." });
      else picks.push({ foLineId: line.id, quantity: r.quantity });
    });
    return fo;
  });
  const first = fos[0];
  if (errors.length === 0 && (!first || fos.some((fo) => fo && fo.orderId !== first.orderId))) errors.push({ field: ["fulfillment"], message: "All fulfillment orders must belong to the same order." });
  if (errors.length === 0 && picks.length === 0) errors.push({ field: ["fulfillment"], message: "Line items must contain at least one item with a quantity above 0." });
  const order = first && store.orders.get(first.orderId);
  if (errors.length > 0 || !first || !order) return { fulfillment: null, userErrors: errors };

  const number = input.trackingInfo?.number ?? input.trackingInfo?.numbers?.[0] ?? null;
  const f: SimFulfillment = {
    id: store.id(4810000000000), orderId: order.id, fulfillmentOrderId: first.id, locationId: first.locationId, name: `${order.name}.${store.fulfillmentsOf(order.id).length + 1}`,
    status: "SUCCESS", notifyCustomer: input.notifyCustomer ?? false, createdAt: store.now(),
    tracking: { company: input.trackingInfo?.company ?? null, number, url: input.trackingInfo?.url ?? input.trackingInfo?.urls?.[0] ?? null },
    lineItems: [],
  };
  for (const fo of fos) {
    if (!fo) continue;
    for (const line of fo.lineItems) {
      const qty = picks.filter((p) => p.foLineId === line.id).reduce((n, p) => n + p.quantity, 0);
      if (qty === 0) continue;
      line.remainingQuantity -= qty;
      const li = order.line_items.find((x) => x.id === line.lineItemId);
      if (li) {
        li.fulfillable_quantity -= qty;
        li.fulfillment_status = li.fulfillable_quantity === 0 ? "fulfilled" : "partial";
      }
      f.lineItems.push({ id: store.id(3200000000000), fulfillmentOrderLineItemId: line.id, lineItemId: line.lineItemId, quantity: qty });
    }
    fo.status = fo.lineItems.every((l) => l.remainingQuantity === 0) ? "CLOSED" : "IN_PROGRESS";
    fo.updatedAt = f.createdAt;
  }
  store.fulfillments.set(f.id, f);
  store.touch(order);
  webhooks.emit("fulfillments/create", fulfillmentPayload(f, order));
  webhooks.emit("orders/updated", order);
  return { fulfillment: fulfillmentNode(sim, f), userErrors: [] };
}

interface InventoryArgs {
  name: string; reason: string; referenceDocumentUri?: string | null; ignoreCompareQuantity?: boolean | null;
  quantities: Array<{ inventoryItemId: string; locationId: string; quantity: number; compareQuantity?: number | null }>;
}

function setQuantities(sim: Sim, input: InventoryArgs) {
  const { store, webhooks } = sim;
  const errors: UserError[] = [];
  if (input.name !== "available" && input.name !== "on_hand") errors.push({ field: ["input", "name"], message: "The quantity name must be either 'available' or 'on_hand'.", code: "INVALID_NAME" });
  if (!INVENTORY_REASONS.has(input.reason)) errors.push({ field: ["input", "reason"], message: "The specified reason is invalid.", code: "INVALID_REASON" });
  const levels = input.quantities.map((q, i) => {
    const field = (f: string) => ["input", "quantities", String(i), f];
    const itemId = parseGid(q.inventoryItemId, "InventoryItem");
    const locationId = parseGid(q.locationId, "Location");
    if (!store.variants.some((v) => v.inventoryItemId === itemId)) errors.push({ field: field("inventoryItemId"), message: "The specified inventory item could not be found.", code: "INVALID_INVENTORY_ITEM" });
    else if (!store.locations.some((l) => l.id === locationId)) errors.push({ field: field("locationId"), message: "The specified location could not be found.", code: "INVALID_LOCATION" });
    const level = store.level(itemId ?? -1, locationId ?? -1);
    if (!level) {
      if (itemId !== undefined && locationId !== undefined && errors.length === 0) errors.push({ field: field("locationId"), message: "The specified inventory item is not stocked at the location.", code: "ITEM_NOT_STOCKED_AT_LOCATION" });
      return undefined;
    }
    if (q.quantity < 0) errors.push({ field: field("quantity"), message: "The quantity can't be negative.", code: "INVALID_QUANTITY_NEGATIVE" });
    const current = input.name === "on_hand" ? level.onHand : level.available;
    if (!input.ignoreCompareQuantity) {
      if (q.compareQuantity === undefined || q.compareQuantity === null) errors.push({ field: field("compareQuantity"), message: "The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.", code: "COMPARE_QUANTITY_REQUIRED" });
      else if (q.compareQuantity !== current) errors.push({ field: field("compareQuantity"), message: "The compareQuantity argument no longer matches the persisted quantity.", code: "COMPARE_QUANTITY_STALE" });
    }
    return { level, delta: q.quantity - current };
  });
  // All or nothing, like Shopify: one bad quantity rejects the whole call.
  if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors.map((e) => ({ code: e.code ?? null, field: e.field, message: e.message })) };
  const now = store.now();
  const changes = levels.flatMap((entry) => {
    if (!entry) return [];
    const { level, delta } = entry;
    level.available += delta;
    level.onHand += delta;
    level.updatedAt = now;
    const item = store.variants.find((v) => v.inventoryItemId === level.inventoryItemId);
    const location = store.locations.find((l) => l.id === level.locationId);
    webhooks.emit("inventory_levels/update", {
      inventory_item_id: level.inventoryItemId, location_id: level.locationId, available: level.available, updated_at: now,
      admin_graphql_api_id: `gid://shopify/InventoryLevel/${level.locationId}?inventory_item_id=${level.inventoryItemId}`,
    });
    const ref = { item: item && { __typename: "InventoryItem", id: gid("InventoryItem", item.inventoryItemId), legacyResourceId: String(item.inventoryItemId), sku: item.sku, tracked: true }, location: location && { id: gid("Location", location.id), legacyResourceId: String(location.id), name: location.name, isActive: true, address: {} } };
    return [
      { name: "available", delta, quantityAfterChange: level.available, ...ref },
      { name: "on_hand", delta, quantityAfterChange: level.onHand, ...ref },
    ];
  });
  return {
    inventoryAdjustmentGroup: { id: gid("InventoryAdjustmentGroup", store.id(7700000000000)), createdAt: now, reason: input.reason, referenceDocumentUri: input.referenceDocumentUri ?? null, changes },
    userErrors: [],
  };
}

/** The REST Fulfillment resource (fulfillments/create webhook body). */
function fulfillmentPayload(f: SimFulfillment, o: RestOrder) {
  return {
    id: f.id, admin_graphql_api_id: gid("Fulfillment", f.id), order_id: o.id, name: f.name, status: "success", service: "manual", location_id: f.locationId,
    created_at: f.createdAt, updated_at: f.createdAt, shipment_status: null, notify_customer: f.notifyCustomer,
    tracking_company: f.tracking.company, tracking_number: f.tracking.number, tracking_numbers: f.tracking.number ? [f.tracking.number] : [],
    tracking_url: f.tracking.url, tracking_urls: f.tracking.url ? [f.tracking.url] : [],
    line_items: f.lineItems.flatMap((l) => {
      const li = o.line_items.find((x) => x.id === l.lineItemId);
      return li ? [{ ...li, quantity: l.quantity }] : [];
    }),
  };
}

/** The REST Refund resource (refunds/create webhook body) for a cancel with refund. */
function refundPayload(id: number, o: RestOrder, lines: Array<{ li: RestOrder["line_items"][number]; qty: number }>, restock: boolean, at: string) {
  return {
    id, admin_graphql_api_id: gid("Refund", id), order_id: o.id, created_at: at, processed_at: at, note: "Order canceled", restock,
    refund_line_items: lines.filter((l) => l.qty > 0).map(({ li, qty }, i) => ({ id: id + i + 1, line_item_id: li.id, quantity: qty, restock_type: restock ? "cancel" : "no_restock", line_item: li })),
    transactions: o.financial_status === "refunded" ? [{ id: id + 100, order_id: o.id, kind: "refund", status: "success", amount: o.total_price, currency: o.currency, gateway: "bogus" }] : [],
    order_adjustments: [],
  };
}
