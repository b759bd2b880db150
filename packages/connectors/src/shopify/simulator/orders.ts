import { money, seedDiscountCodes, shippingRates, type SimCustomer, type SimVariant } from "./catalog";
import type { RestDiscountAllocation, RestLineItem, RestOrder, RestTaxLine, ShopStore } from "./store";

/** A deterministic PRNG (mulberry32): generated demo orders are the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface OrderSpec {
  customer: SimCustomer;
  lines: Array<{ variant: SimVariant; quantity: number }>;
  discountCode?: { code: string; percent: number } | undefined;
  shipping: { code: string; title: string; priceCents: number };
  note?: string | null;
  tags?: string[];
  poNumber?: string | null;
  financialStatus?: "paid" | "pending";
}

/** Percent of an amount in cents, rounded half up: what Shopify allocates per line. */
const pct = (amountCents: number, percent: number) => Math.round((amountCents * percent) / 100);
const taxLines = (baseCents: number, taxes: Array<[string, number]>): Array<RestTaxLine & { cents: number }> =>
  taxes.map(([title, rate]) => {
    const c = Math.round(baseCents * rate);
    return { title, rate, price: money(c), cents: c };
  });
const stripCents = (lines: Array<RestTaxLine & { cents: number }>): RestTaxLine[] => lines.map(({ title, rate, price }) => ({ title, rate, price }));

/**
 * Builds an order the way Shopify computes one: discounts allocated to lines,
 * taxes per line and per shipping line on the discounted amount, header totals
 * as exact sums, so the standard mapping's totals check reconciles.
 */
export function buildOrder(store: ShopStore, spec: OrderSpec): RestOrder {
  const id = store.id(5273849100000);
  const number = store.nextOrderNumber++;
  const createdAt = store.now();
  const currency = "USD";
  const taxByTitle = new Map<string, { rate: number; cents: number }>();
  const addTaxes = (lines: Array<RestTaxLine & { cents: number }>) => {
    for (const t of lines) {
      const prev = taxByTitle.get(t.title);
      taxByTitle.set(t.title, { rate: t.rate, cents: (prev?.cents ?? 0) + t.cents });
    }
  };
  let itemsCents = 0;
  let discountCents = 0;
  const lineItems: RestLineItem[] = spec.lines.map(({ variant, quantity }) => {
    const lineId = store.id(13374932300000);
    const gross = variant.priceCents * quantity;
    const alloc = spec.discountCode ? pct(gross, spec.discountCode.percent) : 0;
    const allocations: RestDiscountAllocation[] = alloc > 0 ? [{ amount: money(alloc), discount_application_index: 0 }] : [];
    const taxes = taxLines(gross - alloc, spec.customer.taxes);
    addTaxes(taxes);
    itemsCents += gross;
    discountCents += alloc;
    return {
      id: lineId, admin_graphql_api_id: `gid://shopify/LineItem/${lineId}`, variant_id: variant.id, product_id: variant.productId, sku: variant.sku,
      title: variant.productTitle, variant_title: variant.title, name: variant.title ? `${variant.productTitle} - ${variant.title}` : variant.productTitle,
      quantity, fulfillable_quantity: quantity, fulfillment_status: null, price: money(variant.priceCents), total_discount: "0.00", grams: variant.grams,
      requires_shipping: true, taxable: true, discount_allocations: allocations, tax_lines: stripCents(taxes),
    };
  });
  const shippingTaxes = taxLines(spec.shipping.priceCents, spec.customer.taxes);
  addTaxes(shippingTaxes);
  const taxCents = [...taxByTitle.values()].reduce((n, t) => n + t.cents, 0);
  const subtotal = itemsCents - discountCents;
  const c = spec.customer;
  const shipMoney = { amount: money(spec.shipping.priceCents), currency_code: currency };
  return {
    id, admin_graphql_api_id: `gid://shopify/Order/${id}`, name: `#${number}`, order_number: number, email: c.email,
    created_at: createdAt, updated_at: createdAt, cancelled_at: null, cancel_reason: null, closed_at: null,
    currency, presentment_currency: currency, financial_status: spec.financialStatus ?? "paid", fulfillment_status: null, taxes_included: false,
    note: spec.note ?? null, tags: (spec.tags ?? []).join(", "), po_number: spec.poNumber ?? null,
    subtotal_price: money(subtotal), total_line_items_price: money(itemsCents), total_discounts: money(discountCents), total_tax: money(taxCents),
    total_price: money(subtotal + spec.shipping.priceCents + taxCents),
    total_shipping_price_set: { shop_money: shipMoney, presentment_money: shipMoney },
    discount_codes: spec.discountCode ? [{ code: spec.discountCode.code, amount: money(discountCents), type: "percentage" }] : [],
    discount_applications: spec.discountCode
      ? [{ type: "discount_code", code: spec.discountCode.code, title: spec.discountCode.code, value: `${spec.discountCode.percent}.0`, value_type: "percentage", allocation_method: "across", target_selection: "all", target_type: "line_item" }]
      : [],
    customer: { id: c.id, email: c.email, first_name: c.first_name, last_name: c.last_name, phone: c.phone, admin_graphql_api_id: `gid://shopify/Customer/${c.id}` },
    billing_address: { ...c.address },
    shipping_address: { ...c.address },
    line_items: lineItems,
    shipping_lines: [{
      id: store.id(4455667700000), code: spec.shipping.code, title: spec.shipping.title, source: "shopify", carrier_identifier: null,
      price: money(spec.shipping.priceCents), discounted_price: money(spec.shipping.priceCents), discount_allocations: [], tax_lines: stripCents(shippingTaxes),
    }],
    tax_lines: [...taxByTitle.entries()].map(([title, t]) => ({ title, rate: t.rate, price: money(t.cents) })),
  };
}

/** A random but realistic order from the seeded catalog: 1–4 lines, sometimes a discount code, a PO number and a note. */
export function randomOrderSpec(store: ShopStore, rand: () => number): OrderSpec {
  const pick = <T>(items: T[]): T => {
    const item = items[Math.floor(rand() * items.length)];
    if (item === undefined) throw new Error("the simulator's catalog is empty (started with seed: false?)");
    return item;
  };
  const customer = pick(store.customers);
  const count = 1 + Math.floor(rand() * Math.min(4, store.variants.length));
  const variants = [...store.variants].sort(() => rand() - 0.5).slice(0, count);
  const b2b = customer.address.company !== null;
  return {
    customer,
    lines: variants.map((variant) => ({ variant, quantity: 1 + Math.floor(rand() * (b2b ? 12 : 3)) })),
    discountCode: rand() < 0.4 ? pick(seedDiscountCodes) : undefined,
    shipping: pick(shippingRates),
    note: rand() < 0.3 ? "Deliver to dock 3, Mon-Fri 7am-3pm" : null,
    tags: b2b ? ["b2b", "wholesale"] : [],
    poNumber: b2b && rand() < 0.6 ? `PO-${10000 + Math.floor(rand() * 89999)}` : null,
  };
}
