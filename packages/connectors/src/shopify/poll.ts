import { z } from "zod";
import type { PollTriggerDefinition } from "../sdk";
import { shopifyGraphql } from "./client";
import { LIST_ORDERS } from "./documents";
import { sampleOrderSummary } from "./samples";

const options = z.object({
  query: z.string().optional().describe("Extra Shopify search terms, e.g. \"status:open\""),
  lookbackHours: z.number().positive().max(24 * 60).default(24).describe("How far back the first poll looks"),
});
const cursorSchema = z.object({ updatedAt: z.string(), after: z.string().nullable() }).nullable().catch(null);
type Node = { id: string; updatedAt: string };

/**
 * Orders updated since the cursor, oldest change first, 50 per poll: the
 * catch-up path after downtime (webhooks are the fast path). The filter is
 * `updated_at:>=` — Shopify timestamps have whole seconds, so `>` could skip
 * an order changed in the same second; the re-read boundary order is dropped
 * by the runtime's per-change deduplication (item id = order id @ updatedAt).
 */
export const ordersUpdatedSince: PollTriggerDefinition = {
  name: "Orders updated since",
  description: "Polls orders by updated_at with cursor pagination (catch-up after downtime)",
  options,
  sample: sampleOrderSummary,
  async run(ctx, params) {
    const opts = options.parse(params.options ?? {});
    const cursor = cursorSchema.parse(params.cursor ?? null);
    const since = cursor?.updatedAt ?? new Date(Date.now() - opts.lookbackHours * 3600_000).toISOString();
    const query = [`updated_at:>='${since}'`, opts.query].filter(Boolean).join(" ");
    const data = await shopifyGraphql<{ orders: { nodes: Node[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(ctx, LIST_ORDERS, {
      first: 50, after: cursor?.after ?? null, query, sortKey: "UPDATED_AT", reverse: false,
    });
    const items = data.orders.nodes.map((n) => ({ id: `${n.id}@${n.updatedAt}`, payload: n }));
    // Mid-way through a window: keep the filter and continue after the page; at its end, move the window to the newest change seen.
    const newest = data.orders.nodes.reduce((max, n) => (Date.parse(n.updatedAt) > Date.parse(max) ? n.updatedAt : max), since);
    const next = data.orders.pageInfo.hasNextPage && data.orders.pageInfo.endCursor ? { updatedAt: since, after: data.orders.pageInfo.endCursor } : { updatedAt: newest, after: null };
    return { items, cursor: next };
  },
};
