/**
 * The seeded account. Item ids, customers, locations and ship methods match the
 * standard mappings' example lookups (WID-100-BLK → 1201, location 3 = Austin DC1,
 * ship method 12 = UPS Ground), and the SKUs match the Shopify simulator's catalog,
 * so an order from the Shopify simulator cross-references to real items here.
 */
export interface SeedItem {
  id: string;
  itemId: string;
  displayName: string;
  type: "inventoryItem" | "discountItem";
  basePrice: number;
}

export const seedItems: SeedItem[] = [
  { id: "1201", itemId: "WID-100-BLK", displayName: "Widget, Black 100 mm", type: "inventoryItem", basePrice: 19.99 },
  { id: "1202", itemId: "WIDGET-RED", displayName: "Widget, Red 100 mm", type: "inventoryItem", basePrice: 19.99 },
  { id: "4410", itemId: "GAD-200", displayName: "Gadget, case of 12", type: "inventoryItem", basePrice: 89.5 },
  { id: "4411", itemId: "GADGET-XL", displayName: "Gadget XL", type: "inventoryItem", basePrice: 129 },
  { id: "5120", itemId: "KIT-STARTER", displayName: "Starter kit", type: "inventoryItem", basePrice: 49 },
  { id: "6101", itemId: "BOLT-M8", displayName: "Hex bolt M8 x 40, box of 50", type: "inventoryItem", basePrice: 12.5 },
  { id: "6102", itemId: "NUT-M8", displayName: "Hex nut M8, box of 100", type: "inventoryItem", basePrice: 8.9 },
  { id: "6201", itemId: "CABLE-2M", displayName: "Power cable 2 m", type: "inventoryItem", basePrice: 14.75 },
  { id: "6301", itemId: "BRACKET-L", displayName: "Wall bracket, L-shape steel", type: "inventoryItem", basePrice: 23.4 },
  { id: "6401", itemId: "PAINT-1L", displayName: "Primer paint 1 L, white", type: "inventoryItem", basePrice: 31.99 },
  { id: "88", itemId: "Discount SPRING10", displayName: "Spring promotion 10%", type: "discountItem", basePrice: 0 },
  { id: "89", itemId: "Discount WELCOME5", displayName: "Welcome discount", type: "discountItem", basePrice: 0 },
  { id: "90", itemId: "Discount", displayName: "Web store discount", type: "discountItem", basePrice: 0 },
];

export const seedLocations = [
  { id: "3", name: "Austin DC1", addr1: "900 Logistics Way", city: "Austin", state: "TX", zip: "78744" },
  { id: "5", name: "Reno DC2", addr1: "1550 Distribution Dr", city: "Reno", state: "NV", zip: "89502" },
];

/** On hand per item and location ([item id, Austin, Reno]); committed quantities come from open orders. */
export const seedStock: Array<[string, number, number]> = [
  ["1201", 240, 60], ["1202", 180, 45], ["4410", 36, 12], ["4411", 20, 8], ["5120", 55, 0],
  ["6101", 400, 150], ["6102", 520, 210], ["6201", 130, 40], ["6301", 75, 25], ["6401", 64, 30],
];

export const seedCustomers = [
  { id: "1042", externalId: "7712093", entityId: "CUST-1042 Acme Hardware LLC", companyName: "Acme Hardware LLC", email: "dana.ortiz@acmehardware.example", phone: "+15125550100" },
  { id: "1077", externalId: "8823001", entityId: "CUST-1077 Northwind Supply Co", companyName: "Northwind Supply Co", email: "lee.chen@northwindsupply.example", phone: "+17755550142" },
  { id: "1090", externalId: "7712096", entityId: "CUST-1090 Baker Builds Inc", companyName: "Baker Builds Inc", email: "sam.baker@bakerbuilds.example", phone: "+13035550177" },
];

/** shipItem records: id → name, and the carrier the fulfillment control picks them by. */
export const shipMethods = [
  { id: "12", name: "UPS Ground", carrier: "UPS" },
  { id: "14", name: "FedEx 2Day", carrier: "FEDEX" },
  { id: "31", name: "Old Dominion LTL", carrier: "ODFL" },
];
