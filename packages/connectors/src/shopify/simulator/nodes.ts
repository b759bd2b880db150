import type { SimCustomer, SimLocation, SimVariant } from "./catalog";
import { compare, connection, gid, mailingAddress, moneyBag, parseSearch, taxLine } from "./gql-helpers";
import type { RestLineItem, RestOrder, ShopStore, SimFulfillment, SimFulfillmentOrder, SimLevel } from "./store";
import { topicToEnum, type WebhookDispatcher, type WebhookSubscription } from "./webhooks";

/** What resolvers and mutations share. */
export interface Sim { store: ShopStore; webhooks: WebhookDispatcher; shopDomain: string }
type Args = { first?: number | null; after?: string | null };

/**
 * GraphQL objects built from the REST-shaped store on demand: graphql-js calls
 * function-valued fields with their arguments, so connections page lazily.
 */
export function orderNode(sim: Sim, o: RestOrder) {
  const cur = o.currency;
  const allocation = (a: { amount: string; discount_application_index: number }) => ({
    allocatedAmountSet: moneyBag(a.amount, cur),
    discountApplication: discountApplication(o, a.discount_application_index),
  });
  const open = o.line_items.reduce((n, li) => n + li.fulfillable_quantity, 0);
  return {
    __typename: "Order",
    id: o.admin_graphql_api_id, legacyResourceId: String(o.id), name: o.name, email: o.email, createdAt: o.created_at, updatedAt: o.updated_at, processedAt: o.created_at,
    cancelledAt: o.cancelled_at, cancelReason: o.cancel_reason?.toUpperCase() ?? null, closed: o.closed_at !== null, closedAt: o.closed_at,
    currencyCode: cur, presentmentCurrencyCode: o.presentment_currency,
    displayFinancialStatus: o.financial_status.toUpperCase(),
    displayFulfillmentStatus: o.fulfillment_status === "fulfilled" ? "FULFILLED" : o.fulfillment_status === "partial" && open > 0 ? "PARTIALLY_FULFILLED" : "UNFULFILLED",
    note: o.note, tags: splitTags(o.tags), poNumber: o.po_number, taxesIncluded: o.taxes_included,
    subtotalPriceSet: moneyBag(o.subtotal_price, cur), totalPriceSet: moneyBag(o.total_price, cur), currentTotalPriceSet: moneyBag(o.total_price, cur),
    totalTaxSet: moneyBag(o.total_tax, cur), totalDiscountsSet: moneyBag(o.total_discounts, cur), totalShippingPriceSet: moneyBag(o.total_shipping_price_set.shop_money.amount, cur),
    discountCodes: o.discount_codes.map((d) => d.code), taxLines: o.tax_lines.map((t) => taxLine(t, cur)),
    customer: o.customer && customerNode(sim.store.customers.find((c) => c.id === o.customer?.id) ?? { ...o.customer, address: o.billing_address ?? o.shipping_address!, taxes: [] }),
    shippingAddress: mailingAddress(o.shipping_address), billingAddress: mailingAddress(o.billing_address),
    lineItems: (args: Args) => connection(o.line_items.map((li) => lineItemNode(sim, o, li)), args, (n) => n.id),
    shippingLines: (args: Args) =>
      connection(
        o.shipping_lines.map((s) => ({
          id: gid("ShippingLine", s.id), title: s.title, code: s.code, source: s.source, originalPriceSet: moneyBag(s.price, cur), discountedPriceSet: moneyBag(s.discounted_price, cur),
          taxLines: s.tax_lines.map((t) => taxLine(t, cur)), discountAllocations: s.discount_allocations.map(allocation),
        })),
        args,
        (n) => n.id,
      ),
    discountApplications: (args: Args) => connection(o.discount_applications.map((_, i) => discountApplication(o, i)), args, (n) => n.index),
    fulfillmentOrders: (args: Args) => connection(sim.store.fulfillmentOrdersOf(o.id).map((fo) => fulfillmentOrderNode(sim, fo)), args, (n) => String(n.id)),
    fulfillments: ({ first }: { first?: number | null }) => sim.store.fulfillmentsOf(o.id).slice(0, first ?? 250).map((f) => fulfillmentNode(sim, f)),
  };
}

function discountApplication(o: RestOrder, index: number) {
  const app = o.discount_applications[index];
  return {
    __typename: "DiscountCodeApplication", index, code: app?.code ?? app?.title ?? "", allocationMethod: (app?.allocation_method ?? "across").toUpperCase(),
    targetSelection: (app?.target_selection ?? "all").toUpperCase(), targetType: (app?.target_type ?? "line_item").toUpperCase(),
  };
}

export function lineItemNode(sim: Sim, o: RestOrder, li: RestLineItem) {
  const variant = sim.store.variants.find((v) => v.id === li.variant_id);
  return {
    __typename: "LineItem",
    id: li.admin_graphql_api_id, name: li.name, title: li.title, variantTitle: li.variant_title, sku: li.sku, quantity: li.quantity,
    currentQuantity: o.cancelled_at ? 0 : li.quantity, unfulfilledQuantity: li.fulfillable_quantity, requiresShipping: li.requires_shipping, taxable: li.taxable,
    originalUnitPriceSet: moneyBag(li.price, o.currency), totalDiscountSet: moneyBag(li.total_discount, o.currency),
    discountAllocations: li.discount_allocations.map((a) => ({ allocatedAmountSet: moneyBag(a.amount, o.currency), discountApplication: discountApplication(o, a.discount_application_index) })),
    taxLines: () => li.tax_lines.map((t) => taxLine(t, o.currency)),
    variant: variant ? variantNode(sim, variant) : null,
    product: variant ? productNode(variant) : null,
  };
}

export const customerNode = (c: Pick<SimCustomer, "id" | "email" | "first_name" | "last_name" | "phone" | "address">) => ({
  __typename: "Customer", id: gid("Customer", c.id), legacyResourceId: String(c.id), email: c.email, firstName: c.first_name, lastName: c.last_name,
  displayName: `${c.first_name} ${c.last_name}`, phone: c.phone, defaultAddress: mailingAddress(c.address),
});

const productNode = (v: SimVariant) => ({
  __typename: "Product", id: gid("Product", v.productId), legacyResourceId: String(v.productId), title: v.productTitle,
  handle: v.productTitle.toLowerCase().replace(/[^a-z0-9]+/g, "-"), vendor: "Acme Supply",
});

export function variantNode(sim: Sim, v: SimVariant): Record<string, unknown> {
  return {
    __typename: "ProductVariant", id: gid("ProductVariant", v.id), legacyResourceId: String(v.id), title: v.title ?? "Default Title",
    displayName: v.title ? `${v.productTitle} - ${v.title}` : v.productTitle, sku: v.sku, price: (v.priceCents / 100).toFixed(2),
    product: productNode(v), inventoryItem: () => inventoryItemNode(sim, v),
  };
}

export function inventoryItemNode(sim: Sim, v: SimVariant): Record<string, unknown> {
  const levels = () => [...sim.store.levels.values()].filter((l) => l.inventoryItemId === v.inventoryItemId);
  return {
    __typename: "InventoryItem", id: gid("InventoryItem", v.inventoryItemId), legacyResourceId: String(v.inventoryItemId), sku: v.sku, tracked: true,
    variant: () => variantNode(sim, v),
    inventoryLevel: ({ locationId }: { locationId: string }) => {
      const level = levels().find((l) => gid("Location", l.locationId) === locationId);
      return level ? levelNode(sim, level) : null;
    },
    inventoryLevels: (args: Args) => connection(levels().map((l) => levelNode(sim, l)), args, (n) => String(n.id)),
  };
}

export function levelNode(sim: Sim, l: SimLevel): Record<string, unknown> {
  const variant = sim.store.variants.find((v) => v.inventoryItemId === l.inventoryItemId);
  const location = sim.store.locations.find((x) => x.id === l.locationId);
  const values: Record<string, number> = { available: l.available, on_hand: l.onHand, committed: l.onHand - l.available, incoming: 0, reserved: 0 };
  return {
    __typename: "InventoryLevel", id: `gid://shopify/InventoryLevel/${l.locationId}?inventory_item_id=${l.inventoryItemId}`, updatedAt: l.updatedAt,
    item: () => (variant ? inventoryItemNode(sim, variant) : null), location: location && locationNode(location),
    quantities: ({ names }: { names: string[] }) => names.filter((n) => n in values).map((name) => ({ name, quantity: values[name], updatedAt: l.updatedAt })),
  };
}

export const locationNode = (l: SimLocation) => ({
  __typename: "Location", id: gid("Location", l.id), legacyResourceId: String(l.id), name: l.name, isActive: true,
  address: { address1: l.address1, city: l.city, provinceCode: l.provinceCode, zip: l.zip, countryCode: l.countryCode },
});

export function fulfillmentOrderNode(sim: Sim, fo: SimFulfillmentOrder): Record<string, unknown> {
  const order = sim.store.orders.get(fo.orderId);
  const location = sim.store.locations.find((l) => l.id === fo.locationId);
  return {
    __typename: "FulfillmentOrder", id: gid("FulfillmentOrder", fo.id), status: fo.status, requestStatus: "UNSUBMITTED", createdAt: fo.createdAt, updatedAt: fo.updatedAt,
    orderId: gid("Order", fo.orderId), order: () => order && orderNode(sim, order),
    assignedLocation: { name: location?.name ?? "", location: location && locationNode(location) },
    lineItems: (args: Args) =>
      connection(
        fo.lineItems.map((line) => {
          const li = order?.line_items.find((x) => x.id === line.lineItemId);
          return { id: gid("FulfillmentOrderLineItem", line.id), sku: li?.sku ?? null, totalQuantity: line.totalQuantity, remainingQuantity: line.remainingQuantity, lineItem: order && li && lineItemNode(sim, order, li) };
        }),
        args,
        (n) => n.id,
      ),
  };
}

export function fulfillmentNode(sim: Sim, f: SimFulfillment): Record<string, unknown> {
  const order = sim.store.orders.get(f.orderId);
  const location = sim.store.locations.find((l) => l.id === f.locationId);
  return {
    __typename: "Fulfillment", id: gid("Fulfillment", f.id), legacyResourceId: String(f.id), name: f.name, status: f.status, createdAt: f.createdAt, updatedAt: f.createdAt,
    order: () => order && orderNode(sim, order), location: location && locationNode(location),
    trackingInfo: () => (f.tracking.number || f.tracking.company ? [f.tracking] : []),
    fulfillmentLineItems: (args: Args) =>
      connection(
        f.lineItems.map((l) => {
          const li = order?.line_items.find((x) => x.id === l.lineItemId);
          return { id: gid("FulfillmentLineItem", l.id), quantity: l.quantity, lineItem: order && li && lineItemNode(sim, order, li) };
        }),
        args,
        (n) => n.id,
      ),
  };
}

export const webhookNode = (s: WebhookSubscription) => ({
  __typename: "WebhookSubscription", id: gid("WebhookSubscription", s.id), topic: topicToEnum(s.topic), format: "JSON", callbackUrl: s.callbackUrl, uri: s.callbackUrl,
  endpoint: { __typename: "WebhookHttpEndpoint", callbackUrl: s.callbackUrl }, createdAt: s.createdAt,
});

export const splitTags = (tags: string) => tags.split(",").map((t) => t.trim()).filter((t) => t !== "");

/** The `orders(query:)` filter: the search keys the connector and the demos use. */
export function orderMatches(o: RestOrder, query: string | null | undefined): boolean {
  return parseSearch(query).every(({ key, op, value }) => {
    switch (key) {
      case "updated_at": return compare(Date.parse(o.updated_at), op, Date.parse(value));
      case "created_at": return compare(Date.parse(o.created_at), op, Date.parse(value));
      case "name": return o.name === value || o.name === `#${value}`;
      case "email": return o.email.toLowerCase() === value.toLowerCase();
      case "tag": return splitTags(o.tags).some((t) => t.toLowerCase() === value.toLowerCase());
      case "id": return compare(o.id, op, Number(value));
      case "sku": return o.line_items.some((li) => li.sku === value);
      case "financial_status": return o.financial_status === value;
      case "fulfillment_status": return value === "unshipped" ? o.fulfillment_status === null : value === "shipped" ? o.fulfillment_status === "fulfilled" : o.fulfillment_status === value;
      case "status": return value === "any" || (value === "cancelled" ? o.cancelled_at !== null : value === "open" ? o.cancelled_at === null && o.closed_at === null : o.closed_at !== null);
      case null: return `${o.name} ${o.email}`.toLowerCase().includes(value.toLowerCase());
      default: return true;
    }
  });
}
