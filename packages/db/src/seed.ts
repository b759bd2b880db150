import { randomBytes } from "node:crypto";
import type { Db } from "./client";
import { createFlow, findFlowByName } from "./queries/flows";
import { countUsers, createUser } from "./queries/users";

export const DEMO_ADMIN_EMAIL = "admin@example.com";
export const DEMO_FLOW_NAME = "Demo: Shopify order to sales order";

/**
 * First start: an admin with a random password (returned once, for printing; only
 * its hash is stored) and a published demo flow. Later starts change nothing.
 */
export async function seedDemo(db: Db, demoFlowDefinition: unknown): Promise<{ admin: { email: string; password: string } | null; flowId: string }> {
  let admin: { email: string; password: string } | null = null;
  if ((await countUsers(db)) === 0) {
    const password = randomBytes(12).toString("base64url");
    await createUser(db, { email: DEMO_ADMIN_EMAIL, name: "Admin", role: "admin", password });
    admin = { email: DEMO_ADMIN_EMAIL, password };
  }
  const existing = await findFlowByName(db, DEMO_FLOW_NAME);
  if (existing) return { admin, flowId: existing.id };
  const { flow } = await createFlow(db, {
    name: DEMO_FLOW_NAME,
    description: "Manual trigger → JSONata map: turns a sample Shopify order into a sales order.",
    definition: demoFlowDefinition,
    publish: { message: "Seeded demo" },
  });
  return { admin, flowId: flow.id };
}
