import { StepError } from "@ipaas/flow";
import { z } from "zod";
import { defineAction } from "../sdk";
import { assertNoUserErrors, nodes, shopifyGraphql, toGid, type UserError } from "./client";
import { FIND_VARIANT_BY_SKU, FULFILLMENT_CREATE, GET_FULFILLMENT_ORDER, GET_FULFILLMENT_ORDERS, INVENTORY_SET_QUANTITIES } from "./documents";
import { sampleFulfillmentOrder } from "./samples";

const anyId = z.union([z.string().min(1), z.number().int().positive()]);
type FoLine = { id: string; sku: string | null; totalQuantity: number; remainingQuantity: number; lineItem: { id: string; sku: string | null; name: string } };
interface RawFulfillmentOrder { id: string; status: string; requestStatus: string; updatedAt: string; assignedLocation: { name: string; location: { id: string } | null }; lineItems: { nodes: FoLine[] } }
const flatFo = (fo: RawFulfillmentOrder) => ({ ...fo, lineItems: nodes(fo.lineItems) });
const fulfillmentOrderSchema = z.looseObject({ id: z.string(), status: z.string(), lineItems: z.array(z.looseObject({ id: z.string(), remainingQuantity: z.number() })) });

export const getFulfillmentOrders = defineAction({
  name: "Get fulfillment orders",
  description: "The order's fulfillment orders with their lines and remaining quantities (what fulfillments are created against)",
  sideEffect: false,
  input: z.object({ orderId: anyId.describe("gid://shopify/Order/123 or 123") }),
  output: z.object({ orderId: z.string(), fulfillmentOrders: z.array(fulfillmentOrderSchema) }),
  sampleInput: { orderId: "gid://shopify/Order/5273849012345" },
  sampleOutput: { orderId: "gid://shopify/Order/5273849012345", fulfillmentOrders: [sampleFulfillmentOrder] },
  async run(ctx, input) {
    const orderId = toGid("Order", input.orderId);
    const data = await shopifyGraphql<{ order: { id: string; fulfillmentOrders: { nodes: RawFulfillmentOrder[] } } | null }>(ctx, GET_FULFILLMENT_ORDERS, { id: orderId });
    if (!data.order) throw new StepError(`Shopify order ${orderId} does not exist`, "non_retryable", "NOT_FOUND", { status: 200 });
    return { orderId, fulfillmentOrders: nodes(data.order.fulfillmentOrders).map(flatFo) };
  },
});

export const createFulfillment = defineAction({
  name: "Create fulfillment",
  description: "Fulfils a fulfillment order with tracking. Only remaining quantities are fulfilled, so a repeated shipment never double-fulfils; without lineItems, everything remaining is fulfilled.",
  sideEffect: true,
  input: z.object({
    fulfillmentOrderId: anyId,
    lineItems: z.array(z.object({ id: anyId.describe("FulfillmentOrderLineItem (or the order's LineItem) id"), quantity: z.number().int().positive() })).optional(),
    tracking: z.object({ number: z.string().min(1), company: z.string().optional(), url: z.string().url().optional() }),
    notifyCustomer: z.boolean().default(false),
  }),
  output: z.object({
    fulfillmentId: z.string().nullable(),
    status: z.string().nullable(),
    fulfilledLines: z.array(z.object({ id: z.string(), quantity: z.number().int() })),
    skippedLines: z.array(z.object({ id: z.string(), requested: z.number().int(), remaining: z.number().int() })),
  }),
  sampleInput: { fulfillmentOrderId: "gid://shopify/FulfillmentOrder/6400000000101", tracking: { number: "1Z999AA10123456784", company: "UPS" }, notifyCustomer: true },
  sampleOutput: { fulfillmentId: "gid://shopify/Fulfillment/4810000000201", status: "SUCCESS", fulfilledLines: [{ id: "gid://shopify/FulfillmentOrderLineItem/15500000000102", quantity: 2 }], skippedLines: [] },
  async run(ctx, input) {
    const foId = toGid("FulfillmentOrder", input.fulfillmentOrderId);
    const data = await shopifyGraphql<{ fulfillmentOrder: RawFulfillmentOrder | null }>(ctx, GET_FULFILLMENT_ORDER, { id: foId });
    if (!data.fulfillmentOrder) throw new StepError(`Shopify fulfillment order ${foId} does not exist`, "non_retryable", "NOT_FOUND", { status: 200 });
    const lines = nodes(data.fulfillmentOrder.lineItems);
    const requested = input.lineItems ?? lines.map((l) => ({ id: l.id, quantity: l.remainingQuantity }));
    const fulfilledLines: Array<{ id: string; quantity: number }> = [];
    const skippedLines: Array<{ id: string; requested: number; remaining: number }> = [];
    for (const r of requested) {
      const raw = String(r.id);
      const line = lines.find((l) => l.id === raw || l.lineItem.id === raw || l.id.endsWith(`/${raw}`) || l.lineItem.id.endsWith(`/${raw}`));
      if (!line) throw new StepError(`Line ${raw} is not on fulfillment order ${foId}`, "non_retryable", "LINE_NOT_FOUND", { path: "lineItems" });
      const quantity = Math.min(r.quantity, line.remainingQuantity);
      if (quantity > 0) fulfilledLines.push({ id: line.id, quantity });
      if (quantity < r.quantity) skippedLines.push({ id: line.id, requested: r.quantity, remaining: line.remainingQuantity });
    }
    if (fulfilledLines.length === 0) return { fulfillmentId: null, status: null, fulfilledLines, skippedLines };
    const result = await shopifyGraphql<{ fulfillmentCreate: { fulfillment: { id: string; status: string } | null; userErrors: UserError[] } }>(ctx, FULFILLMENT_CREATE, {
      fulfillment: {
        lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: foId, fulfillmentOrderLineItems: fulfilledLines }],
        notifyCustomer: input.notifyCustomer,
        trackingInfo: { number: input.tracking.number, ...(input.tracking.company ? { company: input.tracking.company } : {}), ...(input.tracking.url ? { url: input.tracking.url } : {}) },
      },
    });
    assertNoUserErrors("fulfillmentCreate", result.fulfillmentCreate.userErrors);
    return { fulfillmentId: result.fulfillmentCreate.fulfillment?.id ?? null, status: result.fulfillmentCreate.fulfillment?.status ?? null, fulfilledLines, skippedLines };
  },
});

export const setInventoryQuantities = defineAction({
  name: "Set inventory quantities",
  description:
    "Sets absolute quantities (inventorySetQuantities). With compareQuantity on every line Shopify only applies them if the stored quantity still matches (COMPARE_QUANTITY_STALE otherwise); without it on any line the check is skipped.",
  sideEffect: true,
  input: z.object({
    name: z.enum(["available", "on_hand"]).default("available"),
    reason: z.string().min(1).default("correction").describe("correction, cycle_count_available, received, restock, damaged, shrinkage, …"),
    referenceDocumentUri: z.string().optional(),
    quantities: z.array(z.object({ inventoryItemId: anyId, locationId: anyId, quantity: z.number().int(), compareQuantity: z.number().int().optional() })).min(1).max(250),
  }),
  output: z.object({ adjustmentGroupId: z.string().nullable(), changes: z.array(z.object({ name: z.string(), delta: z.number(), quantityAfterChange: z.number().nullable(), inventoryItemId: z.string().nullable(), locationId: z.string().nullable() })) }),
  sampleInput: { name: "available", reason: "cycle_count_available", quantities: [{ inventoryItemId: "gid://shopify/InventoryItem/43001122", locationId: "gid://shopify/Location/68123456001", quantity: 120, compareQuantity: 118 }] },
  sampleOutput: { adjustmentGroupId: "gid://shopify/InventoryAdjustmentGroup/7700000000301", changes: [{ name: "available", delta: 2, quantityAfterChange: 120, inventoryItemId: "gid://shopify/InventoryItem/43001122", locationId: "gid://shopify/Location/68123456001" }] },
  async run(ctx, input) {
    const ignoreCompareQuantity = input.quantities.every((q) => q.compareQuantity === undefined);
    const data = await shopifyGraphql<{
      inventorySetQuantities: { inventoryAdjustmentGroup: { id: string; changes: Array<{ name: string; delta: number; quantityAfterChange: number | null; item: { id: string } | null; location: { id: string } | null }> } | null; userErrors: UserError[] };
    }>(ctx, INVENTORY_SET_QUANTITIES, {
      input: {
        name: input.name, reason: input.reason, ignoreCompareQuantity, ...(input.referenceDocumentUri ? { referenceDocumentUri: input.referenceDocumentUri } : {}),
        quantities: input.quantities.map((q) => ({
          inventoryItemId: toGid("InventoryItem", q.inventoryItemId), locationId: toGid("Location", q.locationId), quantity: q.quantity,
          ...(q.compareQuantity !== undefined ? { compareQuantity: q.compareQuantity } : {}),
        })),
      },
    });
    assertNoUserErrors("inventorySetQuantities", data.inventorySetQuantities.userErrors);
    const group = data.inventorySetQuantities.inventoryAdjustmentGroup;
    return {
      adjustmentGroupId: group?.id ?? null,
      changes: (group?.changes ?? []).map((c) => ({ name: c.name, delta: c.delta, quantityAfterChange: c.quantityAfterChange, inventoryItemId: c.item?.id ?? null, locationId: c.location?.id ?? null })),
    };
  },
});

export const findVariantBySku = defineAction({
  name: "Find variant by SKU",
  description: "The product variant and inventory item with exactly this SKU, or null",
  sideEffect: false,
  input: z.object({ sku: z.string().min(1) }),
  output: z.object({ variantId: z.string(), inventoryItemId: z.string(), productTitle: z.string(), sku: z.string(), title: z.string() }).nullable(),
  sampleInput: { sku: "WID-100-BLK" },
  sampleOutput: { variantId: "gid://shopify/ProductVariant/40112233", inventoryItemId: "gid://shopify/InventoryItem/43001122", productTitle: "Widget", sku: "WID-100-BLK", title: "Black / 100 mm" },
  async run(ctx, input) {
    const quoted = `"${input.sku.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
    const data = await shopifyGraphql<{ productVariants: { nodes: Array<{ id: string; sku: string | null; title: string; product: { title: string }; inventoryItem: { id: string } }> } }>(ctx, FIND_VARIANT_BY_SKU, { query: `sku:${quoted}` });
    // Shopify's search is token-based: "WID-100" can match "WID-100-BLK". Only an exact SKU counts.
    const v = nodes(data.productVariants).find((x) => x.sku === input.sku);
    return v ? { variantId: v.id, inventoryItemId: v.inventoryItem.id, productTitle: v.product.title, sku: input.sku, title: v.title } : null;
  },
});
