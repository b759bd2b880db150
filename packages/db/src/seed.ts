import { randomBytes } from "node:crypto";
import type { Db } from "./client";
import { createFlow, findFlowByName } from "./queries/flows";
import { countUsers, createUser } from "./queries/users";

export const DEMO_ADMIN_EMAIL = "admin@example.com";
export const DEMO_FLOW_NAME = "Demo: Shopify order to sales order";

/**
 * First start: an admin (from `initialAdmin`, i.e. IPAAS_ADMIN_EMAIL/PASSWORD, or
 * admin@example.com with a random password returned once for printing; only its
 * hash is stored) and a published demo flow. Later starts change nothing.
 */
export async function seedDemo(
  db: Db,
  demoFlowDefinition: unknown,
  initialAdmin?: { email: string; password: string },
): Promise<{ admin: { email: string; password: string; generated: boolean } | null; flowId: string }> {
  const admin = await ensureFirstAdmin(db, initialAdmin);
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

/**
 * On an empty users table: the first admin, from `initialAdmin` or admin@example.com
 * with a random password (returned so the caller can print it once). Null when
 * users exist already. Concurrent starts: the unique email index lets one win.
 */
export async function ensureFirstAdmin(
  db: Db,
  initialAdmin?: { email: string; password: string },
): Promise<{ email: string; password: string; generated: boolean } | null> {
  if ((await countUsers(db)) > 0) return null;
  const admin = initialAdmin
    ? { ...initialAdmin, generated: false }
    : { email: DEMO_ADMIN_EMAIL, password: randomBytes(12).toString("base64url"), generated: true };
  await createUser(db, { email: admin.email, name: "Admin", role: "admin", password: admin.password });
  return admin;
}

/** A draft flow for the demo, created once (matched by name) and never overwritten. */
export async function seedDraftFlow(db: Db, params: { name: string; description: string; definition: unknown }): Promise<string> {
  const existing = await findFlowByName(db, params.name);
  if (existing) return existing.id;
  const { flow } = await createFlow(db, params);
  return flow.id;
}
