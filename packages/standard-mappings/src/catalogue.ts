import type { MappingInput, MappingTestCase } from "@ipaas/mapping-engine";
import { inventoryPositionToShopifyQuantities } from "./inventory-position-to-shopify-quantities";
import { inventoryPositionsToX12846 } from "./inventory-positions-to-x12-846";
import { invoiceToX12810 } from "./invoice-to-x12-810";
import { netSuiteItemFulfillmentToShipment } from "./netsuite-item-fulfillment-to-shipment";
import { purchaseOrderToX12855 } from "./purchase-order-to-x12-855";
import { salesOrderToNetSuite } from "./sales-order-to-netsuite";
import { shipmentToShopifyFulfillment } from "./shipment-to-shopify-fulfillment";
import { shipmentToX12856 } from "./shipment-to-x12-856";
import { shopifyOrderToSalesOrder } from "./shopify-order-to-sales-order";
import { wmsSnapshotToInventoryPositions } from "./wms-snapshot-to-inventory-positions";
import { x12850ToPurchaseOrder } from "./x12-850-to-purchase-order";

/**
 * The mapping library (docs/architecture.md "Expressions and the sandbox"): every
 * standard mapping with a stable id, what it reads and produces, and its golden
 * examples — the same cases (fixtures/*.json) the package's own tests run, so
 * what the designer shows as passing is what CI checks.
 */
export interface StandardMapping {
  /** Stable: a map node references the mapping as `std:<id>`; never renamed. */
  id: string;
  name: string;
  description: string;
  /** The document it reads, for filtering ("Shopify order", "SalesOrder"). */
  source: string;
  /** What it produces, for filtering ("SalesOrder", "NetSuite salesOrder"). */
  target: string;
  /** Target schema name the output is validated against ("InventoryPosition[]" is a list); null when none. */
  targetSchema: string | null;
  expression: string;
  sourceSample: unknown;
  /** Golden examples: input → expected output. */
  tests: MappingTestCase[];
  version: number;
  /** Cross-reference tables the expression reads with $lookup / $lookupOr. */
  lookupTables: string[];
}

/** The prefix of a library reference in a node's `mappingId`. */
export const STANDARD_MAPPING_REF_PREFIX = "std:";

function entry(id: string, mapping: MappingInput, about: { description: string; source: string; target: string }): StandardMapping {
  const tables = [...mapping.expression.matchAll(/\$lookup(?:Or)?\(\s*"([^"]+)"/g)].map((m) => m[1] as string);
  return {
    id,
    name: mapping.name,
    ...about,
    targetSchema: typeof mapping.targetSchema === "string" ? mapping.targetSchema : null,
    expression: mapping.expression,
    sourceSample: mapping.sourceSample ?? null,
    tests: (mapping.tests ?? []).map((t) => ({ name: t.name, input: t.input, expected: t.expected })),
    version: mapping.version,
    lookupTables: [...new Set(tables)].sort(),
  };
}

export const standardMappingCatalogue: readonly StandardMapping[] = [
  entry("shopify-order-to-sales-order", shopifyOrderToSalesOrder, {
    source: "Shopify order",
    target: "SalesOrder",
    description: "A Shopify order (REST or orders/create webhook) as a canonical SalesOrder: exact minor-unit money, line and shipping discounts, tax rates, status.",
  }),
  entry("sales-order-to-netsuite", salesOrderToNetSuite, {
    source: "SalesOrder",
    target: "NetSuite salesOrder",
    description: "A canonical SalesOrder as the NetSuite REST salesOrder body: items, units and customer by cross-reference, discount item lines, externalId for idempotent upserts.",
  }),
  entry("netsuite-item-fulfillment-to-shipment", netSuiteItemFulfillmentToShipment, {
    source: "NetSuite itemFulfillment",
    target: "Shipment",
    description: "A shipped NetSuite item fulfillment as a canonical Shipment with packages, tracking and carrier; an unshipped one fails.",
  }),
  entry("shipment-to-shopify-fulfillment", shipmentToShopifyFulfillment, {
    source: "Shipment",
    target: "Shopify fulfillmentCreate",
    description: "A canonical Shipment as Shopify's fulfillmentCreate input: only shipped lines, quantities summed over cartons, tracking numbers.",
  }),
  entry("wms-snapshot-to-inventory-positions", wmsSnapshotToInventoryPositions, {
    source: "WMS inventory snapshot",
    target: "InventoryPosition[]",
    description: "A WMS inventory snapshot as a list of canonical InventoryPositions: cases converted to eaches, exact available quantity, local time read in the warehouse's zone.",
  }),
  entry("inventory-position-to-shopify-quantities", inventoryPositionToShopifyQuantities, {
    source: "InventoryPosition",
    target: "Shopify inventorySetQuantities",
    description: "One or more InventoryPositions as Shopify's inventorySetQuantities input: sellable = on hand − allocated − safety stock − channel reservation, never negative.",
  }),
  entry("x12-850-to-purchase-order", x12850ToPurchaseOrder, {
    source: "X12 850",
    target: "PurchaseOrder",
    description: "An X12 850 purchase order (the typed JSON of @ipaas/x12) as a canonical PurchaseOrder: parties, dates, terms, lines with part numbers and pack sizes.",
  }),
  entry("shipment-to-x12-856", shipmentToX12856, {
    source: "Shipment",
    target: "X12 856",
    description: "A canonical Shipment as an X12 856 ship notice (typed JSON): shipment → order → pack per carton (SSCC, tracking) → item, carrier SCAC.",
  }),
  entry("invoice-to-x12-810", invoiceToX12810, {
    source: "Invoice",
    target: "X12 810",
    description: "A canonical Invoice as an X12 810 invoice (typed JSON): line and invoice allowances, taxes, freight, total amount (TDS).",
  }),
  entry("purchase-order-to-x12-855", purchaseOrderToX12855, {
    source: "PurchaseOrder",
    target: "X12 855",
    description: "A canonical PurchaseOrder (a retailer's 850) as an X12 855 acknowledgment (typed JSON): every line echoed with ACK accepted, quantity changed or rejected from the optional acknowledgedLines.",
  }),
  entry("inventory-positions-to-x12-846", inventoryPositionsToX12846, {
    source: "InventoryPosition",
    target: "X12 846",
    description: "One or more InventoryPositions as an X12 846 inventory advice (typed JSON): one LIN per SKU, available for sale after safety stock and on hand, retailer item numbers and GTINs by lookup.",
  }),
];

/** A library mapping by id (without the `std:` prefix); undefined when there is none. */
export function findStandardMapping(id: string): StandardMapping | undefined {
  return standardMappingCatalogue.find((m) => m.id === id);
}

/** The library id of a node's mapping reference ("std:<id>" → "<id>"), or null for a saved mapping's id. */
export function standardMappingRef(ref: string): string | null {
  return ref.startsWith(STANDARD_MAPPING_REF_PREFIX) ? ref.slice(STANDARD_MAPPING_REF_PREFIX.length) : null;
}
