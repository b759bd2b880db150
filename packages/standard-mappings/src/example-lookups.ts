import type { LookupResolver } from "@ipaas/mapping-engine";

/**
 * The cross-reference tables the standard mappings read with $lookup, filled with
 * the values their golden tests use. A tenant edits its own copies under Lookups.
 */
export const standardLookupTables: Record<string, Record<string, unknown>> = {
  /** A retailer's item number (or GTIN) on an EDI PO → our SKU. */
  "x12-item-sku": { "ACM-77120": "GAD-200", "ACM-10055": "WID-100-BLK", "ACM-30001": "KIT-STARTER" },
  /** SKU → contract price (decimal, PO currency) for PO lines sent without a price. */
  "x12-contract-price": { "GAD-200": "78.00", "WID-100-BLK": "9.25" },
  /** WMS warehouse code → canonical location code. */
  "wms-location": { DC1: "AUS-DC1", DC2: "BOS-DC2" },
  /** WMS warehouse code → IANA time zone its local timestamps are in. */
  "wms-warehouse-timezone": { DC1: "America/Chicago", DC2: "America/New_York" },
  /** Canonical location code → Shopify Location gid. */
  "shopify-location": { "AUS-DC1": "gid://shopify/Location/61234567", "BOS-DC2": "gid://shopify/Location/61234999" },
  /** SKU → Shopify InventoryItem gid. */
  "shopify-inventory-item": {
    "WID-100-BLK": "gid://shopify/InventoryItem/43001122",
    "GAD-200": "gid://shopify/InventoryItem/43001133",
    "KIT-STARTER": "gid://shopify/InventoryItem/43001144",
  },
  /** SKU → quantity reserved for other channels (marketplaces, B2B allocations), in base units. */
  "shopify-channel-reservation": { "WID-100-BLK": 10, "GAD-200": 24 },
  /** Shopify fulfillment order line item gid by "<order external id>:<canonical lineId>". */
  "shopify-fulfillment-order-line": {
    "5273849012345:1": "gid://shopify/FulfillmentOrderLineItem/90001",
    "5273849012345:2": "gid://shopify/FulfillmentOrderLineItem/90002",
    "5273849012345:3": "gid://shopify/FulfillmentOrderLineItem/90003",
  },
  /** Shopify order external id → its open fulfillment order gid. */
  "shopify-fulfillment-order": { "5273849012345": "gid://shopify/FulfillmentOrder/77001" },
  /** SKU → NetSuite internal item id: every SKU of the Shopify simulator's catalog, as the NetSuite simulator's items. */
  "netsuite-item": {
    "WID-100-BLK": "1201",
    "WIDGET-RED": "1202",
    "GAD-200": "4410",
    "GADGET-XL": "4411",
    "KIT-STARTER": "5120",
    "BOLT-M8": "6101",
    "NUT-M8": "6102",
    "CABLE-2M": "6201",
    "BRACKET-L": "6301",
    "PAINT-1L": "6401",
  },
  /** Discount code → NetSuite discount item internal id ("*" for codes without their own item). */
  "netsuite-discount-item": { SPRING10: "88", WELCOME5: "89", "*": "90" },
  /** Canonical customer external id (a Shopify customer id, or an EDI buyer key such as the retailer simulator's) → NetSuite customer internal id. */
  "netsuite-customer": { "7712093": "1042", "8823001": "1077", "Acme Hardware LLC": "1042" },
  /** UoM code → NetSuite unit internal id. */
  "netsuite-unit": { EA: "1", CS: "2" },
  /** Canonical location code → NetSuite location internal id. */
  "netsuite-location": { "AUS-DC1": "3" },
  /** NetSuite ship method (shipItem) internal id → canonical carrier code and service level. */
  "netsuite-ship-method": {
    "12": { carrier: "UPS", serviceLevel: "GROUND" },
    "14": { carrier: "FEDEX", serviceLevel: "2DAY" },
    "31": { carrier: "ODFL", serviceLevel: "LTL" },
  },
  /** GS1 company prefix and extension digit SSCCs are made from when the source has none (key "default"). */
  "gs1-sscc": { default: { companyPrefix: "0614141", extensionDigit: 0 } },
  /** NetSuite location internal id → canonical location code (the reverse of netsuite-location). */
  "netsuite-location-code": { "3": "AUS-DC1", "5": "RNO-DC2" },
  /** NetSuite currency internal id → ISO 4217 code (a currency's refName is its name, "US Dollar"). */
  "netsuite-currency": { "1": "USD", "2": "GBP", "3": "CAD", "4": "EUR" },
  /** NetSuite location internal id → the canonical Address goods ship from. */
  "netsuite-location-address": {
    "3": { name: "Northwind Supply DC1", line1: "900 Logistics Way", city: "Austin", region: "TX", postalCode: "78744", countryCode: "US" },
  },
  /** Canonical carrier code → SCAC used in X12 TD5 (LTL carriers' codes already are SCACs). */
  /** Defaults for inbound X12 documents that leave a party out. */
  "x12-defaults": { sellerName: "Northwind Supply" },
  "x12-carrier-scac": { UPS: "UPSN", FEDEX: "FDEG", USPS: "USPS", DHL: "DHLC", ONTRAC: "EMPS" },
  /** SKU → the retailer's item number (846 LIN qualifier BP). */
  "x12-buyer-item": { "WID-100-BLK": "ACM-10055", "GAD-200": "ACM-77120", "KIT-STARTER": "ACM-30001" },
  /** SKU → GTIN of the reported unit (846: 12 digits as UP, 13 as EN, 14 as UK). */
  "x12-item-gtin": { "WID-100-BLK": "081234500016", "GAD-200": "10081234500020" },
};

/** A LookupResolver over standardLookupTables (or the tables given). */
export function standardLookup(tables: Record<string, Record<string, unknown>> = standardLookupTables): LookupResolver {
  return (table, key) => tables[table]?.[key];
}
