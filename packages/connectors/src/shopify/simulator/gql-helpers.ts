import type { SimAddress } from "./catalog";
import type { RestTaxLine } from "./store";

export const gid = (type: string, id: number | string) => `gid://shopify/${type}/${id}`;

/** "gid://shopify/Order/123" → 123 (numbers and numeric strings are taken as they are). */
export function parseGid(value: unknown, type: string): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value !== "string") return undefined;
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)/.exec(value) ?? (/^\d+$/.test(value) ? [value, type, value] : null);
  return m && m[1] === type ? Number(m[2]) : undefined;
}

export const moneyBag = (amount: string, currencyCode = "USD") => ({ shopMoney: { amount, currencyCode }, presentmentMoney: { amount, currencyCode } });

export const taxLine = (t: RestTaxLine, currency: string) => ({ title: t.title, rate: t.rate, ratePercentage: Math.round(t.rate * 10000) / 100, priceSet: moneyBag(t.price, currency) });

export const mailingAddress = (a: SimAddress | null) =>
  a && {
    firstName: a.first_name, lastName: a.last_name, name: a.name, company: a.company, address1: a.address1, address2: a.address2, city: a.city,
    province: a.province, provinceCode: a.province_code, zip: a.zip, country: a.country, countryCodeV2: a.country_code, phone: a.phone,
  };

interface ConnectionArgs { first?: number | null; after?: string | null }

/**
 * A Relay connection over an in-memory list, with opaque cursors as Shopify
 * uses (base64 JSON of the last id) and its rule that `first` is required.
 */
export function connection<T>(items: T[], args: ConnectionArgs, keyOf: (item: T) => string | number) {
  if (args.first === undefined || args.first === null) throw new Error("you must provide one of first or last");
  if (args.first > 250) throw new Error("The maximum number of items per page is 250");
  let start = 0;
  if (args.after) {
    let last: unknown;
    try {
      last = (JSON.parse(Buffer.from(args.after, "base64url").toString("utf8")) as { last_id?: unknown }).last_id;
    } catch {
      throw new Error(`Invalid cursor for current pagination sort.`);
    }
    start = items.findIndex((item) => String(keyOf(item)) === String(last)) + 1;
    if (start === 0) throw new Error(`Invalid cursor for current pagination sort.`);
  }
  const page = items.slice(start, start + args.first);
  const cursor = (item: T) => Buffer.from(JSON.stringify({ last_id: keyOf(item) })).toString("base64url");
  const edges = page.map((node) => ({ cursor: cursor(node), node }));
  return {
    edges,
    nodes: page,
    pageInfo: {
      hasNextPage: start + page.length < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** Shopify search syntax, the part the connector uses: `key:value`, `key:>'time'`, `key:>=…`, bare words; terms are ANDed. */
export function parseSearch(query: string | null | undefined): Array<{ key: string | null; op: string; value: string }> {
  if (!query) return [];
  const terms: Array<{ key: string | null; op: string; value: string }> = [];
  const re = /(\w+):(>=|<=|>|<)?('[^']*'|"[^"]*"|\S+)|(\S+)/g;
  for (let m = re.exec(query); m; m = re.exec(query)) {
    if (m[4] !== undefined) {
      if (!["AND", "and"].includes(m[4])) terms.push({ key: null, op: ":", value: m[4] });
      continue;
    }
    terms.push({ key: m[1] ?? null, op: m[2] ?? ":", value: (m[3] ?? "").replace(/^['"]|['"]$/g, "") });
  }
  return terms;
}

export function compare(actual: string | number, op: string, wanted: string | number): boolean {
  switch (op) {
    case ">": return actual > wanted;
    case ">=": return actual >= wanted;
    case "<": return actual < wanted;
    case "<=": return actual <= wanted;
    default: return String(actual).toLowerCase() === String(wanted).toLowerCase();
  }
}
