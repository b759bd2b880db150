import { z } from "zod";
import { defineAction, type ActionContext } from "../sdk";
import { allRows, MAX_PAGE, num, runSuiteQL, sqlString, suiteqlPage } from "./suiteql";

/** SuiteQL actions: item cross-reference by SKU, inventory, and free queries. */
const itemOut = z.object({ id: z.string(), itemId: z.string(), displayName: z.string().nullable() });

export const findItemBySku = defineAction({
  name: "Find item by SKU",
  description: "The item whose Item Name/Number (itemid) is the SKU, or null",
  sideEffect: false,
  input: z.object({ sku: z.string().min(1) }),
  output: itemOut.nullable(),
  sampleInput: { sku: "WIDGET-RED" },
  sampleOutput: { id: "1202", itemId: "WIDGET-RED", displayName: "Widget, Red 100 mm" },
  async run(ctx, input) {
    const page = await runSuiteQL(ctx, `SELECT id, itemid, displayname FROM item WHERE itemid = ${sqlString(input.sku)}`, { limit: 1 });
    const row = page.items[0];
    return row ? { id: String(row.id), itemId: String(row.itemid), displayName: row.displayname === undefined ? null : String(row.displayname) } : null;
  },
});

/** SuiteQL IN lists are kept well under Oracle's 1,000-expression limit. */
const IN_CHUNK = 500;

export const findItemsBySku = defineAction({
  name: "Find items by SKU",
  description: "SKU → item internal id for many SKUs in one query (the order's SKU cross-reference); unknown SKUs are left out",
  sideEffect: false,
  input: z.object({ skus: z.array(z.string().min(1)) }),
  output: z.record(z.string(), z.string()),
  sampleInput: { skus: ["WIDGET-RED", "GADGET-XL", "NO-SUCH-SKU"] },
  sampleOutput: { "WIDGET-RED": "1202", "GADGET-XL": "4411" },
  async run(ctx, input) {
    const skus = [...new Set(input.skus)];
    const out: Record<string, string> = {};
    for (let i = 0; i < skus.length; i += IN_CHUNK) {
      const list = skus.slice(i, i + IN_CHUNK).map(sqlString).join(", ");
      for (const row of await allRows(ctx, `SELECT id, itemid FROM item WHERE itemid IN (${list})`)) out[String(row.itemid)] = String(row.id);
    }
    return out;
  },
});

export const suiteql = defineAction({
  name: "Run SuiteQL",
  description: "Run a SuiteQL query and return one page (limit up to 1000; offset a multiple of limit)",
  sideEffect: false,
  input: z.object({ query: z.string().min(1), limit: z.number().int().min(1).max(MAX_PAGE).optional(), offset: z.number().int().min(0).optional() }),
  output: suiteqlPage.omit({ count: true }),
  sampleInput: { query: "SELECT id, itemid, displayname FROM item WHERE itemtype = 'InvtPart' ORDER BY itemid", limit: 100, offset: 0 },
  sampleOutput: { items: [{ id: "6201", itemid: "CABLE-2M", displayname: "Power cable 2 m" }], hasMore: false, totalResults: 1, offset: 0 },
  async run(ctx, input) {
    const page = await runSuiteQL(ctx, input.query, { limit: input.limit ?? MAX_PAGE, offset: input.offset ?? 0 });
    return { items: page.items, hasMore: page.hasMore, totalResults: page.totalResults, offset: page.offset };
  },
});

const balance = z.object({ itemId: z.string(), locationId: z.string(), quantityOnHand: z.number(), quantityAvailable: z.number() });
const itemInventory = z.object({
  itemId: z.string(),
  /** The item's Item Name/Number (null for an unknown item), so the result maps to canonical positions without a reverse lookup. */
  sku: z.string().nullable(),
  /** When the balances were read: inventory positions need an instant. */
  asOf: z.string(),
  locations: z.array(balance),
  quantityOnHand: z.number(),
  quantityAvailable: z.number(),
});
type ItemInventory = z.infer<typeof itemInventory>;

const sampleItemInventory: ItemInventory = {
  itemId: "1202",
  sku: "WIDGET-RED",
  asOf: "2025-03-18T06:00:00.000Z",
  locations: [
    { itemId: "1202", locationId: "3", quantityOnHand: 180, quantityAvailable: 176 },
    { itemId: "1202", locationId: "5", quantityOnHand: 45, quantityAvailable: 45 },
  ],
  quantityOnHand: 225,
  quantityAvailable: 221,
};

/** Balances of the given items (at one location or all), grouped per item in the order given. */
async function inventoryOf(ctx: ActionContext, items: Array<{ id: string; sku: string | null }>, locationId: string | undefined): Promise<ItemInventory[]> {
  const asOf = new Date().toISOString();
  const byItem = new Map<string, Array<z.infer<typeof balance>>>(items.map((i) => [i.id, []]));
  for (let i = 0; i < items.length; i += IN_CHUNK) {
    const where = [`item IN (${items.slice(i, i + IN_CHUNK).map((it) => sqlString(it.id)).join(", ")})`, ...(locationId ? [`location = ${sqlString(locationId)}`] : [])].join(" AND ");
    for (const r of await allRows(ctx, `SELECT item, location, quantityonhand, quantityavailable FROM inventorybalance WHERE ${where} ORDER BY item, location`)) {
      byItem.get(String(r.item))?.push({ itemId: String(r.item), locationId: String(r.location), quantityOnHand: num(r.quantityonhand), quantityAvailable: num(r.quantityavailable) });
    }
  }
  return items.map(({ id, sku }) => {
    const locations = byItem.get(id) ?? [];
    const sum = (pick: (l: z.infer<typeof balance>) => number) => locations.reduce((s, l) => s + pick(l), 0);
    return { itemId: id, sku, asOf, locations, quantityOnHand: sum((l) => l.quantityOnHand), quantityAvailable: sum((l) => l.quantityAvailable) };
  });
}

const itemRow = (r: Record<string, unknown>) => ({ id: String(r.id), sku: r.itemid === undefined ? null : String(r.itemid) });

export const getInventory = defineAction({
  name: "Get inventory",
  description: "On-hand and available quantity of an item per location (inventory balance)",
  sideEffect: false,
  input: z.object({ itemId: z.string().min(1), locationId: z.string().min(1).optional() }),
  output: itemInventory,
  sampleInput: { itemId: "1202" },
  sampleOutput: sampleItemInventory,
  async run(ctx, input) {
    const item = (await runSuiteQL(ctx, `SELECT id, itemid FROM item WHERE id = ${sqlString(input.itemId)}`, { limit: 1 })).items[0];
    const [result] = await inventoryOf(ctx, [item ? itemRow(item) : { id: input.itemId, sku: null }], input.locationId);
    if (!result) throw new Error("inventoryOf returns one result per item");
    return result;
  },
});

/**
 * Many items in a few queries — what a daily 846 reads: the given SKUs (unknown ones
 * left out), or every inventory item when none are given.
 */
export const getInventoryLevels = defineAction({
  name: "Get inventory levels",
  description: "On-hand and available quantity per location for many items by SKU (or every inventory item), one result per item",
  sideEffect: false,
  input: z.object({ skus: z.array(z.string().min(1)).optional(), locationId: z.string().min(1).optional() }),
  output: z.array(itemInventory),
  sampleInput: { skus: ["WIDGET-RED"] },
  sampleOutput: [sampleItemInventory],
  async run(ctx, input) {
    const items: Array<{ id: string; sku: string | null }> = [];
    if (input.skus === undefined) {
      for (const r of await allRows(ctx, "SELECT id, itemid FROM item WHERE itemtype = 'InvtPart' ORDER BY itemid")) items.push(itemRow(r));
    } else {
      const skus = [...new Set(input.skus)];
      for (let i = 0; i < skus.length; i += IN_CHUNK) {
        for (const r of await allRows(ctx, `SELECT id, itemid FROM item WHERE itemid IN (${skus.slice(i, i + IN_CHUNK).map(sqlString).join(", ")}) ORDER BY itemid`)) items.push(itemRow(r));
      }
    }
    return inventoryOf(ctx, items, input.locationId);
  },
});
