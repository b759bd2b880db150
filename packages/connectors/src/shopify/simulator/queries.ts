import { connection, parseGid, parseSearch } from "./gql-helpers";
import { customerNode, fulfillmentNode, fulfillmentOrderNode, inventoryItemNode, locationNode, orderMatches, orderNode, variantNode, webhookNode, type Sim } from "./nodes";

type Args = { first?: number | null; after?: string | null };

/** QueryRoot resolvers. Unknown ids answer null, as Shopify does. */
export function queryRoot(sim: Sim) {
  const { store } = sim;
  const orderById = (id: unknown) => {
    const n = parseGid(id, "Order");
    const o = n === undefined ? undefined : store.orders.get(n);
    return o ? orderNode(sim, o) : null;
  };
  const variantBy = (pred: (v: (typeof store.variants)[number]) => boolean) => store.variants.find(pred);
  return {
    shop: () => ({ id: "gid://shopify/Shop/55512345", name: "Acme Supply (simulator)", email: "ops@acme-supply.example", myshopifyDomain: sim.shopDomain, currencyCode: "USD" }),
    order: ({ id }: { id: string }) => orderById(id),
    orders: (args: Args & { query?: string | null; sortKey?: string | null; reverse?: boolean | null }) => {
      const key = args.sortKey ?? "ID";
      const sortValue = (o: { id: number; updated_at: string; created_at: string; order_number: number; total_price: string }): number =>
        key === "UPDATED_AT" ? Date.parse(o.updated_at) : key === "CREATED_AT" || key === "PROCESSED_AT" ? Date.parse(o.created_at) : key === "ORDER_NUMBER" ? o.order_number : key === "TOTAL_PRICE" ? Number(o.total_price) : o.id;
      const list = [...store.orders.values()].filter((o) => orderMatches(o, args.query)).sort((a, b) => sortValue(a) - sortValue(b) || a.id - b.id);
      if (args.reverse) list.reverse();
      return connection(list.map((o) => orderNode(sim, o)), args, (n) => n.legacyResourceId);
    },
    fulfillmentOrder: ({ id }: { id: string }) => {
      const fo = store.fulfillmentOrders.get(parseGid(id, "FulfillmentOrder") ?? -1);
      return fo ? fulfillmentOrderNode(sim, fo) : null;
    },
    fulfillment: ({ id }: { id: string }) => {
      const f = store.fulfillments.get(parseGid(id, "Fulfillment") ?? -1);
      return f ? fulfillmentNode(sim, f) : null;
    },
    productVariant: ({ id }: { id: string }) => {
      const v = variantBy((x) => x.id === parseGid(id, "ProductVariant"));
      return v ? variantNode(sim, v) : null;
    },
    productVariants: (args: Args & { query?: string | null }) => {
      const terms = parseSearch(args.query);
      const list = store.variants.filter((v) =>
        terms.every((t) => (t.key === "sku" ? v.sku === t.value : t.key === "product_id" ? String(v.productId) === t.value : t.key === null ? `${v.productTitle} ${v.sku}`.toLowerCase().includes(t.value.toLowerCase()) : true)),
      );
      return connection(list.map((v) => variantNode(sim, v)), args, (n) => String(n.legacyResourceId));
    },
    inventoryItem: ({ id }: { id: string }) => {
      const v = variantBy((x) => x.inventoryItemId === parseGid(id, "InventoryItem"));
      return v ? inventoryItemNode(sim, v) : null;
    },
    location: ({ id }: { id: string }) => {
      const l = store.locations.find((x) => x.id === parseGid(id, "Location"));
      return l ? locationNode(l) : null;
    },
    locations: (args: Args) => connection(store.locations.map(locationNode), args, (n) => n.legacyResourceId),
    customer: ({ id }: { id: string }) => {
      const c = store.customers.find((x) => x.id === parseGid(id, "Customer"));
      return c ? customerNode(c) : null;
    },
    webhookSubscriptions: (args: Args) => connection(sim.webhooks.subscriptions.map(webhookNode), args, (n) => n.id),
    node: ({ id }: { id: string }) => {
      const type = /^gid:\/\/shopify\/(\w+)\//.exec(id)?.[1];
      if (type === "Order") return orderById(id);
      if (type === "FulfillmentOrder") return queryRoot(sim).fulfillmentOrder({ id });
      if (type === "Fulfillment") return queryRoot(sim).fulfillment({ id });
      if (type === "ProductVariant") return queryRoot(sim).productVariant({ id });
      if (type === "InventoryItem") return queryRoot(sim).inventoryItem({ id });
      if (type === "Location") return queryRoot(sim).location({ id });
      if (type === "Customer") return queryRoot(sim).customer({ id });
      return null;
    },
  };
}
