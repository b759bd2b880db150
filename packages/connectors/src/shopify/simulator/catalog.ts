/**
 * The seeded shop: products/variants with the SKUs the standard mappings and
 * example lookups use (WID-100-BLK → InventoryItem 43001122 etc.), two
 * locations and a few B2B customers with addresses.
 */
export interface SimVariant {
  id: number;
  productId: number;
  productTitle: string;
  title: string | null;
  sku: string;
  priceCents: number;
  grams: number;
  inventoryItemId: number;
}

export interface SimAddress {
  first_name: string;
  last_name: string;
  name: string;
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

export interface SimCustomer {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  address: SimAddress;
  /** Local tax jurisdiction of the ship-to address: [title, rate] pairs. */
  taxes: Array<[string, number]>;
}

export interface SimLocation {
  id: number;
  name: string;
  address1: string;
  city: string;
  provinceCode: string;
  zip: string;
  countryCode: string;
}

const v = (id: number, productId: number, productTitle: string, title: string | null, sku: string, priceCents: number, grams: number, inventoryItemId: number): SimVariant => ({
  id, productId, productTitle, title, sku, priceCents, grams, inventoryItemId,
});

export const seedVariants: SimVariant[] = [
  v(40112233, 7001, "Widget", "Black / 100 mm", "WID-100-BLK", 1999, 250, 43001122),
  v(40112234, 7001, "Widget", "Red / 100 mm", "WIDGET-RED", 1999, 250, 43001123),
  v(40112244, 7002, "Gadget", "Case of 12", "GAD-200", 8950, 4200, 43001133),
  v(40112245, 7002, "Gadget", "XL", "GADGET-XL", 12900, 5100, 43001134),
  v(40112255, 7003, "Starter kit", null, "KIT-STARTER", 4900, 1100, 43001144),
  v(40112266, 7004, "Hex bolt", "M8 x 40 (box of 50)", "BOLT-M8", 1250, 900, 43001155),
  v(40112267, 7004, "Hex nut", "M8 (box of 100)", "NUT-M8", 890, 700, 43001156),
  v(40112277, 7005, "Power cable", "2 m", "CABLE-2M", 1475, 180, 43001166),
  v(40112288, 7006, "Wall bracket", "L-shape, steel", "BRACKET-L", 2340, 600, 43001177),
  v(40112299, 7007, "Primer paint", "1 L, white", "PAINT-1L", 3199, 1300, 43001188),
];

export const seedLocations: SimLocation[] = [
  { id: 68123456001, name: "Austin Warehouse", address1: "9800 Logistics Way", city: "Austin", provinceCode: "TX", zip: "78744", countryCode: "US" },
  { id: 68123456002, name: "Reno Fulfillment Center", address1: "1550 Distribution Dr", city: "Reno", provinceCode: "NV", zip: "89502", countryCode: "US" },
];

const addr = (first: string, last: string, company: string | null, address1: string, city: string, province: string, code: string, zip: string, phone: string | null): SimAddress => ({
  first_name: first, last_name: last, name: `${first} ${last}`, company, address1, address2: null, city, province, province_code: code, zip, country: "United States", country_code: "US", phone,
});

export const seedCustomers: SimCustomer[] = [
  { id: 7712093, email: "dana.ortiz@acmehardware.example", first_name: "Dana", last_name: "Ortiz", phone: "+15125550100",
    address: addr("Dana", "Ortiz", "Acme Hardware LLC", "4100 Industrial Blvd", "Austin", "Texas", "TX", "78744", "+15125550100"),
    taxes: [["TX State Tax", 0.0625], ["Austin Local Tax", 0.02]] },
  { id: 7712094, email: "lee.chen@northwindsupply.example", first_name: "Lee", last_name: "Chen", phone: "+17755550142",
    address: addr("Lee", "Chen", "Northwind Supply Co", "220 Harbor St", "Reno", "Nevada", "NV", "89501", "+17755550142"),
    taxes: [["NV State Tax", 0.0685]] },
  { id: 7712095, email: "maria.rossi@example.com", first_name: "Maria", last_name: "Rossi", phone: null,
    address: addr("Maria", "Rossi", null, "18 Elm Court", "Portland", "Oregon", "OR", "97205", null),
    taxes: [] },
  { id: 7712096, email: "sam.baker@bakerbuilds.example", first_name: "Sam", last_name: "Baker", phone: "+13035550177",
    address: addr("Sam", "Baker", "Baker Builds Inc", "77 Quarry Rd", "Denver", "Colorado", "CO", "80216", "+13035550177"),
    taxes: [["CO State Tax", 0.029], ["Denver City Tax", 0.0481]] },
];

export const seedDiscountCodes = [
  { code: "SPRING10", percent: 10 },
  { code: "B2B5", percent: 5 },
];

export const shippingRates = [
  { code: "ups_ground", title: "UPS Ground", priceCents: 1200 },
  { code: "fedex_2day", title: "FedEx 2Day", priceCents: 2450 },
];

/** Money in exact cents, formatted the way Shopify's REST JSON writes it ("12.00"). */
export function money(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

export function cents(amount: string): number {
  const [whole = "0", frac = ""] = amount.replace("-", "").split(".");
  const value = Number(whole) * 100 + Number((frac + "00").slice(0, 2));
  return amount.startsWith("-") ? -value : value;
}
