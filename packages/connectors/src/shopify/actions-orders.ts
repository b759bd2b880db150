import { StepError } from "@ipaas/flow";
import { z } from "zod";
import { defineAction } from "../sdk";
import { assertNoUserErrors, nodes, shopifyGraphql, toGid, type UserError } from "./client";
import { GET_ORDER, LIST_ORDERS, ORDER_CANCEL, ORDER_CANCEL_STATE, ORDER_LINE_ITEMS_PAGE, ORDER_UPDATE_NOTE, TAGS_ADD } from "./documents";
import { sampleOrder, sampleOrderSummary } from "./samples";

const id = z.union([z.string().min(1), z.number().int().positive()]).describe("Order id: gid://shopify/Order/123 or 123");
const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });
const orderSummary = z.looseObject({ id: z.string(), name: z.string(), updatedAt: z.string() });
type Conn<T> = { nodes: T[]; pageInfo: z.infer<typeof pageInfo> };
type RawOrder = Record<string, unknown> & { lineItems: Conn<unknown>; shippingLines: { nodes: unknown[] } };

export const getOrder = defineAction({
  name: "Get order",
  description: "An order with line items (all pages), shipping lines, discounts, taxes, addresses and customer",
  sideEffect: false,
  input: z.object({ id }),
  output: z.looseObject({ id: z.string(), name: z.string(), lineItems: z.array(z.unknown()), shippingLines: z.array(z.unknown()) }),
  sampleInput: { id: "gid://shopify/Order/5273849012345" },
  sampleOutput: sampleOrder,
  async run(ctx, input) {
    const orderId = toGid("Order", input.id);
    const data = await shopifyGraphql<{ order: RawOrder | null }>(ctx, GET_ORDER, { id: orderId });
    if (!data.order) throw new StepError(`Shopify order ${orderId} does not exist`, "non_retryable", "NOT_FOUND", { status: 200 });
    const lines = [...data.order.lineItems.nodes];
    // Orders with more than 50 lines: page through the rest so nothing is silently dropped.
    for (let page = data.order.lineItems.pageInfo; page.hasNextPage; ) {
      const next = await shopifyGraphql<{ order: { lineItems: Conn<unknown> } | null }>(ctx, ORDER_LINE_ITEMS_PAGE, { id: orderId, after: page.endCursor });
      if (!next.order) break;
      lines.push(...next.order.lineItems.nodes);
      page = next.order.lineItems.pageInfo;
    }
    return { ...data.order, lineItems: lines, shippingLines: nodes(data.order.shippingLines) } as { id: string; name: string; lineItems: unknown[]; shippingLines: unknown[] };
  },
});

export const listOrders = defineAction({
  name: "List orders",
  description: "One page of orders (newest first unless sortKey says otherwise); pass pageInfo.endCursor as `after` for the next page",
  sideEffect: false,
  input: z.object({
    query: z.string().optional().describe("Shopify search syntax, e.g. \"status:open updated_at:>'2025-03-01'\""),
    first: z.number().int().min(1).max(100).default(20),
    after: z.string().optional(),
    sortKey: z.enum(["CREATED_AT", "UPDATED_AT", "PROCESSED_AT", "ID", "ORDER_NUMBER", "TOTAL_PRICE"]).default("CREATED_AT"),
    reverse: z.boolean().default(true),
  }),
  output: z.object({ orders: z.array(orderSummary), pageInfo }),
  sampleInput: { query: "status:open", first: 20 },
  sampleOutput: { orders: [sampleOrderSummary], pageInfo: { hasNextPage: false, endCursor: "eyJsYXN0X2lkIjo1MjczODQ5MDEyMzQ1fQ" } },
  async run(ctx, input) {
    const data = await shopifyGraphql<{ orders: Conn<z.infer<typeof orderSummary>> }>(ctx, LIST_ORDERS, {
      first: input.first, after: input.after ?? null, query: input.query ?? null, sortKey: input.sortKey, reverse: input.reverse,
    });
    return { orders: data.orders.nodes, pageInfo: data.orders.pageInfo };
  },
});

export const addOrderTags = defineAction({
  name: "Add order tags",
  description: "Adds tags to an order (tags it already has are kept once; safe to repeat)",
  sideEffect: true,
  input: z.object({ id, tags: z.array(z.string().min(1)).min(1) }),
  output: z.object({ id: z.string(), tags: z.array(z.string()) }),
  sampleInput: { id: "gid://shopify/Order/5273849012345", tags: ["netsuite-so-1234"] },
  sampleOutput: { id: "gid://shopify/Order/5273849012345", tags: ["b2b", "netsuite-so-1234", "wholesale"] },
  async run(ctx, input) {
    const data = await shopifyGraphql<{ tagsAdd: { node: { id: string; tags?: string[] } | null; userErrors: UserError[] } }>(ctx, TAGS_ADD, { id: toGid("Order", input.id), tags: input.tags });
    assertNoUserErrors("tagsAdd", data.tagsAdd.userErrors);
    return { id: data.tagsAdd.node?.id ?? toGid("Order", input.id), tags: data.tagsAdd.node?.tags ?? input.tags };
  },
});

export const updateOrderNote = defineAction({
  name: "Update order note",
  description: "Replaces the order's note",
  sideEffect: true,
  input: z.object({ id, note: z.string() }),
  output: z.object({ id: z.string(), note: z.string().nullable() }),
  sampleInput: { id: "gid://shopify/Order/5273849012345", note: "NetSuite SO-1234 created" },
  sampleOutput: { id: "gid://shopify/Order/5273849012345", note: "NetSuite SO-1234 created" },
  async run(ctx, input) {
    const data = await shopifyGraphql<{ orderUpdate: { order: { id: string; note: string | null } | null; userErrors: UserError[] } }>(ctx, ORDER_UPDATE_NOTE, {
      input: { id: toGid("Order", input.id), note: input.note },
    });
    assertNoUserErrors("orderUpdate", data.orderUpdate.userErrors);
    if (!data.orderUpdate.order) throw new StepError("Shopify orderUpdate returned no order", "non_retryable", "NOT_FOUND");
    return data.orderUpdate.order;
  },
});

export const cancelOrder = defineAction({
  name: "Cancel order",
  description: "Cancels an order (refund and restock as chosen; default: restock, no refund). An already cancelled order is left as it is.",
  sideEffect: true,
  input: z.object({
    id,
    reason: z.string().transform((r) => r.toUpperCase()).pipe(z.enum(["CUSTOMER", "DECLINED", "FRAUD", "INVENTORY", "OTHER", "STAFF"])),
    refund: z.boolean().default(false),
    restock: z.boolean().default(true),
    notifyCustomer: z.boolean().default(false),
    staffNote: z.string().max(255).optional(),
  }),
  output: z.object({ id: z.string(), alreadyCancelled: z.boolean(), jobId: z.string().nullable(), done: z.boolean() }),
  sampleInput: { id: "gid://shopify/Order/5273849012345", reason: "INVENTORY", refund: true, restock: true },
  sampleOutput: { id: "gid://shopify/Order/5273849012345", alreadyCancelled: false, jobId: "gid://shopify/Job/0b1f3c2e-2b7c-4e8a-9d65-3f1f9c1b2a10", done: true },
  async run(ctx, input) {
    const orderId = toGid("Order", input.id);
    // A retry after a lost answer must not fail: look first, cancel only an open order.
    const state = await shopifyGraphql<{ order: { id: string; cancelledAt: string | null } | null }>(ctx, ORDER_CANCEL_STATE, { id: orderId });
    if (!state.order) throw new StepError(`Shopify order ${orderId} does not exist`, "non_retryable", "NOT_FOUND", { status: 200 });
    if (state.order.cancelledAt) return { id: orderId, alreadyCancelled: true, jobId: null, done: true };
    const data = await shopifyGraphql<{ orderCancel: { job: { id: string; done: boolean } | null; orderCancelUserErrors: UserError[]; userErrors: UserError[] } }>(ctx, ORDER_CANCEL, {
      orderId, reason: input.reason, refund: input.refund, restock: input.restock, notifyCustomer: input.notifyCustomer, staffNote: input.staffNote ?? null,
    });
    assertNoUserErrors("orderCancel", data.orderCancel.orderCancelUserErrors.length ? data.orderCancel.orderCancelUserErrors : data.orderCancel.userErrors);
    return { id: orderId, alreadyCancelled: false, jobId: data.orderCancel.job?.id ?? null, done: data.orderCancel.job?.done ?? false };
  },
});
