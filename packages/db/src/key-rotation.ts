import { randomBytes } from "node:crypto";
import { and, asc, eq, gt, inArray, not, sql } from "drizzle-orm";
import type { Db } from "./client";
import { verifyKeyRing, secretKeyUsage } from "./key-check";
import { writeAudit, type AuditActor } from "./queries/audit";
import { connections, encryptionKeys } from "./schema";
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
  secrets: number;
  /** Connections still holding a secret under an older key: written meanwhile by a process with the old ring. */
  remaining: number;
}

/** Connections with at least one secret not sealed with `keyId`. */
const sealedWithOtherKey = (keyId: string) =>
  sql`exists (select 1 from jsonb_each(${connections.secrets}) e where e.value->>'keyId' is distinct from ${keyId})`;

/**
 * Re-encrypts every connection secret not sealed with the ring's current key.
 * Resumable and idempotent: it only picks rows that still need it, each row is
 * rewritten in its own transaction under a row lock (so a concurrent token
 * refresh or edit is not lost), and secretsUpdatedAt is kept — the values did not
 * change. Check rows of keys nothing uses any more are dropped, so the old key can
 * leave the ring. The ring is verified first: a wrong key rewrites nothing.
 */
export async function rotateEncryptionKeys(db: Db, keyRing: KeyRing, options: { batchSize?: number; actor?: AuditActor | null } = {}): Promise<RotationResult> {
  await verifyKeyRing(db, keyRing);
  const current = keyRing.currentKeyId;
  const batchSize = options.batchSize ?? 100;
  const from = new Set<string>();
  let rotatedConnections = 0;
  let rotatedSecrets = 0;
  // Keyset pagination: every row is visited once even if one is rewritten meanwhile.
  let after: string | null = null;
  for (;;) {
    const batch: Array<{ id: string }> = await db
      .select({ id: connections.id })
      .from(connections)
      .where(and(sealedWithOtherKey(current), after ? gt(connections.id, after) : undefined))
      .orderBy(asc(connections.id))
      .limit(batchSize);
    for (const { id } of batch) {
      const changed = await db.transaction(async (tx) => {
        const [row] = await tx.select({ secrets: connections.secrets }).from(connections).where(eq(connections.id, id)).for("update");
        if (!row) return 0;
        let n = 0;
        const resealed: Record<string, SecretEnvelope> = {};
        for (const [field, envelope] of Object.entries(row.secrets as Record<string, SecretEnvelope>)) {
          if (envelope.keyId === current) {
            resealed[field] = envelope;
          } else {
            from.add(envelope.keyId);
            resealed[field] = keyRing.encrypt(keyRing.decrypt(envelope));
            n++;
          }
        }
        if (n > 0) await tx.update(connections).set({ secrets: resealed }).where(eq(connections.id, id));
        return n;
      });
      if (changed > 0) {
        rotatedConnections++;
        rotatedSecrets += changed;
      }
    }
    const last = batch.at(-1);
    if (!last || batch.length < batchSize) break;
    after = last.id;
  }

  const usage = await secretKeyUsage(db);
  const stillUsed = usage.map((u) => u.keyId);
  await db.delete(encryptionKeys).where(and(not(eq(encryptionKeys.id, current)), stillUsed.length ? not(inArray(encryptionKeys.id, stillUsed)) : undefined));
  const [left] = await db.select({ n: sql<number>`count(*)::int` }).from(connections).where(sealedWithOtherKey(current));
  const result = { currentKeyId: current, fromKeyIds: [...from].sort(), connections: rotatedConnections, secrets: rotatedSecrets, remaining: Number(left?.n ?? 0) };
  // Key ids and counts only: never a key or a secret.
  await writeAudit(db, options.actor ?? null, { action: "keys.rotate", targetType: "encryption_key", targetId: current, summary: { ...result } });
  return result;
}
