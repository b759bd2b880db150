import { createFlow, findFlowByName, schema, seedDemo, seedDraftFlow, upsertLookupTable, type Db } from "@ipaas/db";
import { demoFlowDefinition, demoHttpFlowDefinition } from "@ipaas/flow";
import { standardLookupTables } from "@ipaas/standard-mappings";
import { shopifyOrderToNetSuite } from "@ipaas/templates";
import { inArray } from "drizzle-orm";

/**
 * Cross-reference tables the templates read and the simulators' seeded accounts
 * match (items by SKU, discount items, units, ship methods, location addresses; for the EDI
 * templates the retailer simulator's buyer as a NetSuite customer, SSCC prefix, carrier SCACs,
 * currencies and locations). Created once; edits made in the product are kept.
 */
const DEMO_LOOKUP_TABLES = [
  "netsuite-item",
  "netsuite-discount-item",
  "netsuite-unit",
  "netsuite-ship-method",
  "netsuite-location-address",
  "netsuite-customer",
  "netsuite-currency",
  "netsuite-location-code",
  "gs1-sscc",
  "x12-carrier-scac",
  "x12-buyer-item",
  "x12-item-gtin",
];

async function seedLookupTables(db: Db) {
  const existing = await db.select({ name: schema.lookupTables.name }).from(schema.lookupTables).where(inArray(schema.lookupTables.name, DEMO_LOOKUP_TABLES));
  for (const name of DEMO_LOOKUP_TABLES) {
    const entries = standardLookupTables[name];
    if (entries && !existing.some((t) => t.name === name)) await upsertLookupTable(db, name, entries, { description: "Demo cross-reference (matches the NetSuite simulator)" });
  }
}

export const TEMPLATE_DEMO_FLOW = "Demo: Shopify orders → NetSuite (simulators)";

/** The first admin, the published demo flow and the HTTP draft (each created once). */
export async function seedDemoFlows(db: Db, initialAdmin?: { email: string; password: string }) {
  const seeded = await seedDemo(db, demoFlowDefinition, initialAdmin);
  await seedDraftFlow(db, {
    name: "Demo: call a system over HTTP",
    description: "Manual trigger → HTTP request. Pick an HTTP connection on the flow page, then publish.",
    definition: demoHttpFlowDefinition,
  });
  await seedLookupTables(db);
  return seeded;
}

/**
 * Template 1 installed on the simulators' sandbox connections and published, so
 * "generate orders" on the Shopify simulator shows runs at once. Created once;
 * returns its id (the launcher subscribes the simulator's webhook to it).
 */
export async function seedTemplateDemo(db: Db, connections: { shopify: string; netsuite: string }): Promise<string> {
  const existing = await findFlowByName(db, TEMPLATE_DEMO_FLOW);
  if (existing) return existing.id;
  const { flow } = await createFlow(db, {
    name: TEMPLATE_DEMO_FLOW,
    description: shopifyOrderToNetSuite.description,
    definition: shopifyOrderToNetSuite.build(connections),
    publish: { message: "Seeded from the template" },
  });
  return flow.id;
}
