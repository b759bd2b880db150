import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { apiKeys } from "../schema";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Creates a key; the returned plaintext is shown once and never stored. */
export async function createApiKey(db: Db, params: { name: string; flowIds?: string[] | null; rateLimitPerMinute?: number; createdBy?: string | null }) {
  const prefix = `ipk_${randomBytes(4).toString("hex")}`;
  const key = `${prefix}_${randomBytes(32).toString("base64url")}`;
  const [row] = await db
    .insert(apiKeys)
    .values({ name: params.name, prefix, hash: sha256(key), flowIds: params.flowIds ?? null, rateLimitPerMinute: params.rateLimitPerMinute ?? 600, createdBy: params.createdBy ?? null })
    .returning({ id: apiKeys.id, prefix: apiKeys.prefix });
  if (!row) throw new Error("insert returned no row");
  return { id: row.id, prefix: row.prefix, key };
}

export type ApiKeyRow = typeof apiKeys.$inferSelect;

/** The key's row when it is valid and not revoked; null otherwise (never says which part was wrong). */
export async function verifyApiKey(db: Db, key: string): Promise<ApiKeyRow | null> {
  const prefix = /^(ipk_[0-9a-f]{8})_/.exec(key)?.[1];
  if (!prefix) return null;
  const [row] = await db.select().from(apiKeys).where(and(eq(apiKeys.prefix, prefix), isNull(apiKeys.revokedAt))).limit(1);
  if (!row) return null;
  const given = Buffer.from(sha256(key));
  const stored = Buffer.from(row.hash);
  if (given.length !== stored.length || !timingSafeEqual(given, stored)) return null;
  // last_used_at to the minute: one write per key per minute, not per request.
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`))));
  return row;
}

export function keyAllowsFlow(row: ApiKeyRow, flowId: string): boolean {
  return row.flowIds === null || row.flowIds.includes(flowId);
}

export async function revokeApiKey(db: Db, id: string): Promise<boolean> {
  const rows = await db.update(apiKeys).set({ revokedAt: sql`now()` }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).returning({ id: apiKeys.id });
  return rows.length > 0;
}
