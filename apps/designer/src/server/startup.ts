import { ensureFirstAdmin, verifyKeyRing } from "@ipaas/db";
import { installClientIpResolver } from "./client-ip";
import { getDb, getEnv, getKeyRing, getOutboundPolicy } from "./context";
import { markInterruptedBulkOperations } from "./services/dead-letters-bulk";

/**
 * Designer start-up: fail fast on a master key that does not open the stored
 * secrets (a clear message instead of garbage later) or a malformed outbound
 * allow-list, and create the first admin
 * on an empty database (from IPAAS_ADMIN_EMAIL/PASSWORD, or printed once).
 */
export async function startup(): Promise<void> {
  const env = getEnv();
  // First: requests are served from now on, and each needs its client address.
  installClientIpResolver(env.DESIGNER_TRUST_PROXY);
  try {
    // Parses IPAAS_OUTBOUND_ALLOW now: a malformed entry stops start-up, naming it.
    getOutboundPolicy();
    await verifyKeyRing(getDb(), getKeyRing());
  } catch (error) {
    console.error(`Designer cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const initial = env.IPAAS_ADMIN_EMAIL && env.IPAAS_ADMIN_PASSWORD ? { email: env.IPAAS_ADMIN_EMAIL, password: env.IPAAS_ADMIN_PASSWORD } : undefined;
  const admin = await ensureFirstAdmin(getDb(), initial);
  if (admin?.generated) console.log(`First admin created (shown once; only a hash is stored): ${admin.email} / ${admin.password}`);
  else if (admin) console.log(`First admin created: ${admin.email}`);
  await markInterruptedBulkOperations(getDb());
}
