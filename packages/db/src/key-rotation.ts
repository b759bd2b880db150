import { randomBytes } from "node:crypto";
import { and, asc, eq, gt, inArray, not, sql } from "drizzle-orm";
import type { Db } from "./client";
import { sealedWebhook, secretKeyUsage, verifyKeyRing } from "./key-check";
import { writeAudit, type AuditActor } from "./queries/audit";
import { alertRules, connections, encryptionKeys, tradingPartners } from "./schema";
import type { KeyRing, SecretEnvelope } from "./secrets";

/** A new master key: 32 random bytes, base64 (the format IPAAS_ENCRYPTION_KEY takes). */
export function generateEncryptionKey(): string {
  return randomBytes(32).toString("base64");
}

/** A key id that sorts after older ones and says when it was made, e.g. "k20260115-0930". */
export function newKeyId(taken: readonly string[] = [], now = new Date()): string {
  const base = `k${now.toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-")}`;
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

export interface RotationResult {
  currentKeyId: string;
  /** Key ids that secrets were re-encrypted from. */
  fromKeyIds: string[];
  connections: number;
  /** Trading partners whose transport credentials were re-encrypted. */
  tradingPartners: number;
  secrets: number;
  /** Alert rules whose webhook URL was re-encrypted. */
  alertWebhooks: number;
  /** Rows (connections, trading partners, alert rules) still holding a secret under an older key: written meanwhile by a process with the old ring. */
  remaining: number;
}

/** Tables whose `secrets` maps fields to envelopes: connections and trading partners (same ring). */
type SealedTable = typeof connections | typeof tradingPartners;

/** Rows with at least one secret not sealed with `keyId`. */
const sealedWithOtherKey = (table: SealedTable, keyId: string) =>
  sql`exists (select 1 from jsonb_each(${table.secrets}) e where e.value->>'keyId' is distinct from ${keyId})`;

/** Alert rules whose webhook is not sealed with `keyId`. */
const webhookWithOtherKey = (keyId: string) => sql`${sealedWebhook} and ${alertRules.webhook}->>'keyId' is distinct from ${keyId}`;

/**
 * Visits the ids `page` returns, batch by batch. Keyset pagination: every row is
 * visited once even if one is rewritten meanwhile (and then no longer matches).
 */
async function forEachId(batchSize: number, page: (after: string | null, limit: number) => Promise<Array<{ id: string }>>, visit: (id: string) => Promise<void>) {
  let after: string | null = null;
  for (;;) {
    const batch = await page(after, batchSize);
    for (const { id } of batch) await visit(id);
    const last = batch.at(-1);
    if (!last || batch.length < batchSize) return;
    after = last.id;
  }
}

/**
 * Re-encrypts every secret not sealed with the ring's current key: connection
 * secrets, trading partners' credentials and alert rules' webhook URLs. Resumable and idempotent: it only picks
 * rows that still need it, each row is rewritten in its own transaction under a
 * row lock (so a concurrent token refresh or edit is not lost), and
 * secretsUpdatedAt / updatedAt are kept — the values did not change. Check rows of
 * keys nothing uses any more are dropped, so the old key can leave the ring. The
 * ring is verified first: a wrong key rewrites nothing.
 */
export async function rotateEncryptionKeys(db: Db, keyRing: KeyRing, options: { batchSize?: number; actor?: AuditActor | null } = {}): Promise<RotationResult> {
  await verifyKeyRing(db, keyRing);
  const current = keyRing.currentKeyId;
  const batchSize = options.batchSize ?? 100;
  const from = new Set<string>();
  const reseal = (envelope: SecretEnvelope): SecretEnvelope => {
    from.add(envelope.keyId);
    return keyRing.encrypt(keyRing.decrypt(envelope));
  };
  let rotatedSecrets = 0;
  let rotatedWebhooks = 0;

  // Each row in its own transaction under a row lock, so a concurrent token refresh or edit is not lost.
  const resealRows = async (table: SealedTable) => {
    let rows = 0;
    await forEachId(
      batchSize,
      (after, limit) =>
        db
          .select({ id: table.id })
          .from(table)
          .where(and(sealedWithOtherKey(table, current), after ? gt(table.id, after) : undefined))
          .orderBy(asc(table.id))
          .limit(limit),
      async (id) => {
        const changed = await db.transaction(async (tx) => {
          const [row] = await tx.select({ secrets: table.secrets }).from(table).where(eq(table.id, id)).for("update");
          if (!row) return 0;
          let n = 0;
          const resealed: Record<string, SecretEnvelope> = {};
          for (const [field, envelope] of Object.entries(row.secrets as Record<string, SecretEnvelope>)) {
            if (envelope.keyId === current) {
              resealed[field] = envelope;
            } else {
              resealed[field] = reseal(envelope);
              n++;
            }
          }
          if (n > 0) await tx.update(table).set({ secrets: resealed }).where(eq(table.id, id));
          return n;
        });
        if (changed > 0) {
          rows++;
          rotatedSecrets += changed;
        }
      },
    );
    return rows;
  };
  const rotatedConnections = await resealRows(connections);
  const rotatedPartners = await resealRows(tradingPartners);

  await forEachId(
    batchSize,
    (after, limit) =>
      db
        .select({ id: alertRules.id })
        .from(alertRules)
        .where(and(webhookWithOtherKey(current), after ? gt(alertRules.id, after) : undefined))
        .orderBy(asc(alertRules.id))
        .limit(limit),
    async (id) => {
      const changed = await db.transaction(async (tx) => {
        const [row] = await tx.select({ webhook: alertRules.webhook }).from(alertRules).where(and(eq(alertRules.id, id), webhookWithOtherKey(current))).for("update");
        if (!row) return false; // cleared or re-saved meanwhile
        await tx.update(alertRules).set({ webhook: reseal(row.webhook as SecretEnvelope) }).where(eq(alertRules.id, id));
        return true;
      });
      if (changed) rotatedWebhooks++;
    },
  );

  const usage = await secretKeyUsage(db);
  const stillUsed = usage.map((u) => u.keyId);
  await db.delete(encryptionKeys).where(and(not(eq(encryptionKeys.id, current)), stillUsed.length ? not(inArray(encryptionKeys.id, stillUsed)) : undefined));
  const [left] = await db.select({ n: sql<number>`count(*)::int` }).from(connections).where(sealedWithOtherKey(connections, current));
  const [leftPartners] = await db.select({ n: sql<number>`count(*)::int` }).from(tradingPartners).where(sealedWithOtherKey(tradingPartners, current));
  const [leftWebhooks] = await db.select({ n: sql<number>`count(*)::int` }).from(alertRules).where(webhookWithOtherKey(current));
  const result = {
    currentKeyId: current,
    fromKeyIds: [...from].sort(),
    connections: rotatedConnections,
    tradingPartners: rotatedPartners,
    secrets: rotatedSecrets,
    alertWebhooks: rotatedWebhooks,
    remaining: Number(left?.n ?? 0) + Number(leftPartners?.n ?? 0) + Number(leftWebhooks?.n ?? 0),
  };
  // Key ids and counts only: never a key or a secret.
  await writeAudit(db, options.actor ?? null, { action: "keys.rotate", targetType: "encryption_key", targetId: current, summary: { ...result } });
  return result;
}
