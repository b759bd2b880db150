import { createHash } from "node:crypto";

/**
 * The bench's workload: Shopify `orders/create` webhook bodies and the mapping to a
 * NetSuite-style sales order, once as the flow's JSONata (what the product runs)
 * and once as plain TypeScript (what the baseline runs). Both must produce the same
 * JSON; the bench checks that on a sample before measuring and verifies what the
 * fake ERP received afterwards.
 */

export interface ShopifyOrder {
  id: number;
  name: string;
  order_number: number;
  email: string;
  created_at: string;
  currency: string;
  financial_status: string;
  note: string | null;
  tags: string;
  customer: { id: number; email: string; first_name: string; last_name: string; phone: string | null };
  shipping_address: ShopifyAddress;
  billing_address: ShopifyAddress;
  line_items: ShopifyLine[];
  shipping_lines: Array<{ code: string; title: string; price: string }>;
  discount_codes: Array<{ code: string; amount: string; type: string }>;
  note_attributes: Array<{ name: string; value: string }>;
  total_price: string;
  subtotal_price: string;
  total_tax: string;
  [extra: string]: unknown;
}

interface ShopifyAddress {
  first_name: string;
  last_name: string;
  company: string | null;
  address1: string;
  address2: string | null;
  city: string;
  province: string;
  province_code: string;
  zip: string;
  country: string;
  country_code: string;
  phone: string | null;
}

interface ShopifyLine {
  id: number;
  variant_id: number;
  product_id: number;
  title: string;
  variant_title: string | null;
  sku: string;
  vendor: string;
  quantity: number;
  price: string;
  grams: number;
  taxable: boolean;
  requires_shipping: boolean;
  fulfillment_status: string | null;
  tax_lines: Array<{ title: string; price: string; rate: number }>;
  discount_allocations: Array<{ amount: string; discount_application_index: number }>;
}

/** Small deterministic PRNG (mulberry32): the same seed gives the same orders on every machine. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ["Ada", "Grace", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Frances", "Edsger", "Radia"];
const LAST = ["Lovelace", "Hopper", "Torvalds", "Hamilton", "Thompson", "Liskov", "Ritchie", "Allen", "Dijkstra", "Perlman"];
const CITIES: Array<[string, string, string, string]> = [
  ["Columbus", "Ohio", "OH", "43215"],
  ["Reno", "Nevada", "NV", "89501"],
  ["Memphis", "Tennessee", "TN", "38103"],
  ["Allentown", "Pennsylvania", "PA", "18101"],
  ["Fresno", "California", "CA", "93721"],
];
const PRODUCTS: Array<[string, string, string | null, number]> = [
  ["WIDGET-RED", "Widget", "Red / Large", 1999],
  ["WIDGET-BLU", "Widget", "Blue / Small", 1899],
  ["GADGET-XL", "Gadget", "XL", 4500],
  ["PALLET-JACK", "Pallet jack", null, 32900],
  ["SHRINK-WRAP-18", "Shrink wrap 18in", "Case of 4", 5495],
  ["LABEL-4X6", "Thermal labels 4x6", "Roll of 500", 1250],
  ["TAPE-CLEAR", "Packing tape", "Clear / 36 rolls", 6999],
  ["BOX-12", "Shipping box 12in", "Bundle of 25", 2475],
];
const SHIPPING: Array<[string, string, string]> = [
  ["UPS_GROUND", "UPS Ground", "14.95"],
  ["FEDEX_2DAY", "FedEx 2Day", "29.50"],
  ["LTL_FREIGHT", "LTL Freight", "189.00"],
];

const money = (cents: number) => (cents / 100).toFixed(2);

/** Order `n` of a run (n is globally unique across the bench's phases, so ERP ids never collide). */
export function shopifyOrder(n: number): ShopifyOrder {
  const r = rng(n * 7919 + 17);
  const pick = <T>(list: T[]): T => list[Math.floor(r() * list.length)]!;
  const first = pick(FIRST);
  const last = pick(LAST);
  const [city, province, provinceCode, zip] = pick(CITIES);
  const email = `${first}.${last}${n}@Example.com`;
  const address: ShopifyAddress = {
    first_name: first,
    last_name: last,
    company: r() < 0.6 ? `${last} Distribution LLC` : null,
    address1: `${100 + Math.floor(r() * 9000)} Commerce Pkwy`,
    address2: r() < 0.3 ? `Dock ${1 + Math.floor(r() * 12)}` : null,
    city,
    province,
    province_code: provinceCode,
    zip,
    country: "United States",
    country_code: "US",
    phone: r() < 0.5 ? `+1-555-01${String(n % 100).padStart(2, "0")}` : null,
  };
  const lineCount = 2 + Math.floor(r() * 5);
  let subtotal = 0;
  let tax = 0;
  const lines: ShopifyLine[] = [];
  for (let i = 0; i < lineCount; i++) {
    const [sku, title, variant, cents] = pick(PRODUCTS);
    const quantity = 1 + Math.floor(r() * 24);
    const lineTax = Math.round(cents * quantity * 0.0725);
    const discount = r() < 0.25 ? Math.round(cents * quantity * 0.1) : 0;
    subtotal += cents * quantity - discount;
    tax += lineTax;
    lines.push({
      id: n * 100 + i,
      variant_id: 40_000_000_000 + n * 10 + i,
      product_id: 7_000_000_000 + PRODUCTS.findIndex((p) => p[0] === sku),
      title,
      variant_title: variant,
      sku,
      vendor: "Acme Supply",
      quantity,
      price: money(cents),
      grams: 500 + Math.floor(r() * 5000),
      taxable: true,
      requires_shipping: true,
      fulfillment_status: null,
      tax_lines: [{ title: `${province} State Tax`, price: money(lineTax), rate: 0.0725 }],
      discount_allocations: discount > 0 ? [{ amount: money(discount), discount_application_index: 0 }] : [],
    });
  }
  const [code, shipTitle, shipPrice] = pick(SHIPPING);
  const discountCodes = r() < 0.3 ? [{ code: "WHOLESALE10", amount: money(Math.round(subtotal * 0.02)), type: "fixed_amount" }] : [];
  const created = new Date(Date.UTC(2025, 0, 1) + n * 37_000).toISOString();
  return {
    id: 5_000_000_000_000 + n,
    admin_graphql_api_id: `gid://shopify/Order/${5_000_000_000_000 + n}`,
    name: `#${1000 + n}`,
    order_number: 1000 + n,
    email,
    created_at: created,
    updated_at: created,
    processed_at: created,
    currency: "USD",
    financial_status: "paid",
    fulfillment_status: null,
    note: r() < 0.4 ? `Deliver to receiving, door ${1 + Math.floor(r() * 8)}` : null,
    tags: r() < 0.5 ? "wholesale, net30 ,priority" : "retail",
    source_name: "web",
    gateway: "shopify_payments",
    test: false,
    total_weight: lines.reduce((s, l) => s + l.grams * l.quantity, 0),
    customer: { id: 6_000_000_000 + (n % 500), email, first_name: first, last_name: last, phone: address.phone },
    shipping_address: address,
    billing_address: { ...address, address2: null },
    line_items: lines,
    shipping_lines: [{ code, title: shipTitle, price: shipPrice }],
    discount_codes: discountCodes,
    note_attributes: r() < 0.7 ? [{ name: "po_number", value: `PO-${200000 + n}` }, { name: "gift", value: "no" }] : [],
    subtotal_price: money(subtotal),
    total_tax: money(tax),
    total_price: money(subtotal + tax + Math.round(Number(shipPrice) * 100)),
  };
}

/**
 * The flow's `map` node: Shopify order → NetSuite sales order. Multi-line, with a
 * local variable, predicates, conditionals, string and number functions and a
 * nested array constructor, like a mapping an integration analyst would write.
 */
export const SALES_ORDER_MAPPING = `(
  $lines := line_items[quantity > 0];
  $addr := shipping_address;
  {
    'externalId': 'shopify-' & $string(id),
    'tranId': name,
    'tranDate': $substring(created_at, 0, 10),
    'currency': currency,
    'entity': {
      'externalId': 'shopify-customer-' & $string(customer.id),
      'email': $lowercase(customer.email),
      'name': customer.first_name & ' ' & customer.last_name
    },
    'memo': note ? note : 'Shopify order ' & name,
    'otherRefNum': note_attributes[name = 'po_number'].value,
    'shipMethod': shipping_lines[0].code,
    'shippingCost': $sum(shipping_lines.$number(price)),
    'discountTotal': $sum([discount_codes.$number(amount)]),
    'shipAddress': {
      'addressee': $addr.first_name & ' ' & $addr.last_name,
      'attention': $addr.company,
      'addr1': $addr.address1,
      'addr2': $addr.address2,
      'city': $addr.city,
      'state': $addr.province_code,
      'zip': $addr.zip,
      'country': $uppercase($addr.country_code)
    },
    'item': [$lines.{
      'item': { 'externalId': sku },
      'description': variant_title ? title & ' - ' & variant_title : title,
      'quantity': quantity,
      'rate': $number(price),
      'amount': quantity * $number(price),
      'taxAmount': $sum([tax_lines.$number(price)]),
      'discount': $sum([discount_allocations.$number(amount)])
    }],
    'subtotal': $sum([$lines.(quantity * $number(price))]),
    'customFields': {
      'custbody_channel': 'shopify',
      'custbody_tags': [$map($split(tags, ','), $trim)],
      'custbody_financial_status': $uppercase(financial_status)
    }
  }
)`;

/** The same mapping in plain TypeScript: the baseline's "map" step. */
export function toSalesOrder(o: ShopifyOrder) {
  const lines = o.line_items.filter((l) => l.quantity > 0);
  const a = o.shipping_address;
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  return {
    externalId: `shopify-${o.id}`,
    tranId: o.name,
    tranDate: o.created_at.slice(0, 10),
    currency: o.currency,
    entity: { externalId: `shopify-customer-${o.customer.id}`, email: o.customer.email.toLowerCase(), name: `${o.customer.first_name} ${o.customer.last_name}` },
    memo: o.note ? o.note : `Shopify order ${o.name}`,
    otherRefNum: o.note_attributes.find((n) => n.name === "po_number")?.value,
    shipMethod: o.shipping_lines[0]?.code,
    shippingCost: sum(o.shipping_lines.map((s) => Number(s.price))),
    discountTotal: sum(o.discount_codes.map((d) => Number(d.amount))),
    shipAddress: {
      addressee: `${a.first_name} ${a.last_name}`,
      attention: a.company,
      addr1: a.address1,
      addr2: a.address2,
      city: a.city,
      state: a.province_code,
      zip: a.zip,
      country: a.country_code.toUpperCase(),
    },
    item: lines.map((l) => ({
      item: { externalId: l.sku },
      description: l.variant_title ? `${l.title} - ${l.variant_title}` : l.title,
      quantity: l.quantity,
      rate: Number(l.price),
      amount: l.quantity * Number(l.price),
      taxAmount: sum(l.tax_lines.map((t) => Number(t.price))),
      discount: sum(l.discount_allocations.map((d) => Number(d.amount))),
    })),
    subtotal: sum(lines.map((l) => l.quantity * Number(l.price))),
    customFields: {
      custbody_channel: "shopify",
      custbody_tags: o.tags.split(",").map((t) => t.trim()),
      custbody_financial_status: o.financial_status.toUpperCase(),
    },
  };
}

/** JSON with sorted keys (undefined dropped, as on the wire), hashed: what "the same sales order" means. */
export function digest(value: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === "object") {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
          .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return createHash("sha1").update(JSON.stringify(canonical(value))).digest("hex");
}
