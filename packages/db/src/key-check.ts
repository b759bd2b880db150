import { eq, sql } from "drizzle-orm";
import type { Db } from "./client";
import { alertRules, connections, encryptionKeys, tradingPartners } from "./schema";
import { KeyRingError, type KeyRing, type SecretEnvelope } from "./secrets";

/** What each encryption_keys row seals: opening it again proves the ring's key is the one that sealed the data. */
const CHECK_PLAINTEXT = "ipaas encryption key check v1";

export interface KeyUsage {
  keyId: string;
  /** Connections with at least one secret sealed with this key. */
  connections: number;
  /** Alert rules whose webhook URL (a credential too) is sealed with this key. */
  alertWebhooks: number;
  /** Trading partners with a transport credential sealed with this key. */
  partners: number;
  /** One envelope sealed with it, to test a key that has no check row yet. */
  sample: SecretEnvelope;
}

/** Alert rules holding a sealed webhook (a SecretEnvelope object; null = UI-only rule). */
export const sealedWebhook = sql`jsonb_typeof(${alertRules.webhook}) = 'object'`;

/** Which key ids the stored secrets (connection secrets, alert webhooks) are sealed with, and how many rows each. */
export async function secretKeyUsage(db: Pick<Db, "execute">): Promise<KeyUsage[]> {
  const result = (await db.execute(sql`
    select key_id,
      count(distinct owner) filter (where kind = 'connection')::int as connections,
      count(distinct owner) filter (where kind = 'alert')::int as alert_webhooks,
      count(distinct owner) filter (where kind = 'partner')::int as partners,
      min(envelope) as sample
    from (
      select 'connection' as kind, c.id as owner, e.value->>'keyId' as key_id, e.value::text as envelope
      from ${connections} c cross join lateral jsonb_each(c.secrets) e
      union all
      -- Trading partners' transport credentials (docs/architecture.md "Trading partners"): same ring, so a key they use stays checked.
      select 'partner', p.id, e.value->>'keyId', e.value::text
      from ${tradingPartners} p cross join lateral jsonb_each(p.secrets) e
      union all
      select 'alert', ${alertRules.id}, ${alertRules.webhook}->>'keyId', ${alertRules.webhook}::text from ${alertRules} where ${sealedWebhook}
    ) sealed
    group by 1 order by 1`)) as unknown as { rows: Array<{ key_id: string; connections: number; alert_webhooks: number; partners: number; sample: string }> };
  return result.rows.map((r) => ({
    keyId: r.key_id,
    connections: Number(r.connections),
    alertWebhooks: Number(r.alert_webhooks),
    partners: Number(r.partners),
    sample: JSON.parse(r.sample) as SecretEnvelope,
  }));
}

/** "2 connection(s)", "2 connection(s) and 1 alert webhook(s)", "1 alert webhook(s)". */
function sealedRows(connectionCount: number, webhookCount: number): string {
  const parts = [connectionCount > 0 || webhookCount === 0 ? `${connectionCount} connection(s)` : null, webhookCount > 0 ? `${webhookCount} alert webhook(s)` : null];
  return parts.filter(Boolean).join(" and ");
}

function opens(keyRing: KeyRing, envelope: SecretEnvelope, expected?: string): boolean {
  try {
    const plain = keyRing.decrypt(envelope);
    return expected === undefined || plain === expected;
  } catch {
    return false;
  }
}

const wrongKey = (id: string) => new KeyRingError(`IPAAS_ENCRYPTION_KEY: key "${id}" is not the key that sealed the existing secrets (wrong key?)`);
const quoted = (ids: string[]) => ids.map((id) => `"${id}"`).join(", ");

/**
 * Start-up check of IPAAS_ENCRYPTION_KEY against the database, so a wrong or
 * missing key fails at once with a readable message instead of as a failed
 * decryption in some run later. Checks, in order: every key of the ring that has
 * a check row opens it; every key id the stored secrets use is in the ring; a
 * used key without a check row (secrets older than the check) opens one of its
 * secrets. Then seals the check row of the current key if it has none.
 */
export async function verifyKeyRing(db: Db, keyRing: KeyRing | null): Promise<{ keyIds: string[]; connections: number; alertWebhooks: number }> {
  const usage = await secretKeyUsage(db);
  const [counted] = await db.select({ n: sql<number>`count(*)::int` }).from(connections).where(sql`${connections.secrets} <> '{}'::jsonb`);
  const [webhooks] = await db.select({ n: sql<number>`count(*)::int` }).from(alertRules).where(sealedWebhook);
  const sealedConnections = Number(counted?.n ?? 0);
  const sealedWebhooks = Number(webhooks?.n ?? 0);
  if (!keyRing) {
    // `usage` also counts trading partners' credentials (docs/architecture.md "Trading partners").
    const partners = usage.some((u) => u.partners > 0);
    if (sealedConnections === 0 && sealedWebhooks === 0 && !partners) return { keyIds: [], connections: 0, alertWebhooks: 0 };
    throw new KeyRingError(
      `IPAAS_ENCRYPTION_KEY is not set, but ${sealedRows(sealedConnections, sealedWebhooks)}${partners ? " and trading partners" : ""} have encrypted secrets (key id ${quoted(usage.map((u) => u.keyId))}); set it to the key that sealed them`,
    );
  }

  const checks = new Map((await db.select().from(encryptionKeys)).map((row) => [row.id, row.check as SecretEnvelope]));
  for (const [id, check] of checks) {
    if (keyRing.has(id) && !opens(keyRing, check, CHECK_PLAINTEXT)) throw wrongKey(id);
  }

  const missing = usage.filter((u) => !keyRing.has(u.keyId));
  if (missing.length > 0) {
    const affected = sealedRows(
      missing.reduce((n, u) => n + u.connections, 0),
      missing.reduce((n, u) => n + u.alertWebhooks, 0),
    );
    throw new KeyRingError(
      `IPAAS_ENCRYPTION_KEY has no key ${quoted(missing.map((u) => u.keyId))}, which sealed the secrets of ${affected}; ` +
        `add it to the ring ("new-id:key,old-id:key") until \`npm run keys:rotate\` has re-encrypted them`,
    );
  }
  for (const u of usage) {
    if (!checks.has(u.keyId) && !opens(keyRing, u.sample)) throw wrongKey(u.keyId);
  }

  const current = keyRing.currentKeyId;
  if (!checks.has(current)) {
    await db.insert(encryptionKeys).values({ id: current, check: keyRing.encrypt(CHECK_PLAINTEXT) }).onConflictDoNothing();
    // Another process may have sealed it first, possibly with a different key of the same id.
    const [row] = await db.select().from(encryptionKeys).where(eq(encryptionKeys.id, current));
    if (!row || !opens(keyRing, row.check as SecretEnvelope, CHECK_PLAINTEXT)) throw wrongKey(current);
  }
  return { keyIds: usage.map((u) => u.keyId), connections: sealedConnections, alertWebhooks: sealedWebhooks };
}
