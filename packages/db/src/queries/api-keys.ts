import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { apiKeys, flows, users } from "../schema";

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

/** A key as administrators see it: everything but the hash. */
const publicColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  flowIds: apiKeys.flowIds,
  rateLimitPerMinute: apiKeys.rateLimitPerMinute,
  createdBy: apiKeys.createdBy,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

export type ApiKeyInfo = Omit<ApiKeyRow, "hash">;

/** One key without its hash; null when the id is unknown. */
export async function getApiKey(db: Db, id: string): Promise<ApiKeyInfo | null> {
  const [row] = await db.select(publicColumns).from(apiKeys).where(eq(apiKeys.id, id)).limit(1);
  return row ?? null;
}

/**
 * Every key, newest first, with its creator's email and the names of the flows in
 * its scope (a deleted flow keeps its id with name null). Keys are few, so no paging.
 */
export async function listApiKeys(db: Db) {
  const rows = await db
    .select({ ...publicColumns, createdByEmail: users.email })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  const names = await flowNames(db, rows.flatMap((r) => r.flowIds ?? []));
  return rows.map((r) => ({ ...r, flows: r.flowIds === null ? null : r.flowIds.map((id) => ({ id, name: names.get(id) ?? null })) }));
}

/** Flow id → name for the given ids (unknown ids are absent). */
export async function flowNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ id: flows.id, name: flows.name }).from(flows).where(inArray(flows.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Changes a key's scope and/or rate limit (name, prefix and secret never change).
 * Returns the row before and after, for the audit entry; null when the id is
 * unknown. Run it in a transaction: the row lock keeps "before" exact.
 */
export async function updateApiKey(db: Db, id: string, patch: { flowIds?: string[] | null; rateLimitPerMinute?: number }) {
  const [before] = await db.select(publicColumns).from(apiKeys).where(eq(apiKeys.id, id)).for("update");
  if (!before) return null;
  const changes = {
    ...(patch.flowIds !== undefined ? { flowIds: patch.flowIds } : {}),
    ...(patch.rateLimitPerMinute !== undefined ? { rateLimitPerMinute: patch.rateLimitPerMinute } : {}),
  };
  if (Object.keys(changes).length === 0) return { before, after: before };
  const [after] = await db
    .update(apiKeys)
    .set(changes)
    .where(eq(apiKeys.id, id))
    .returning(publicColumns);
  if (!after) return null;
  return { before, after };
}
