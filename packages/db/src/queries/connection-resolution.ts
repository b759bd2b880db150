import { and, eq } from "drizzle-orm";
import type { Db } from "../client";
import { connections } from "../schema";
import type { ConnectionRow } from "./connections";

/**
 * The data plane's reads of connections (docs/architecture.md "Connections and the outbound policy"):
 * the row a flow's node refers to, and an OAuth token refresh that only one process performs at a time.
 */

/**
 * The connection a node refers to: by id, or else by name within the flow's
 * environment (so a promoted flow uses that environment's credentials). Undefined
 * when there is none.
 */
export async function findConnectionRow(db: Db, ref: { connectionId?: string; connectionName?: string }, environment: string): Promise<ConnectionRow | undefined> {
  const where = ref.connectionId
    ? eq(connections.id, ref.connectionId)
    : and(eq(connections.environment, environment), eq(connections.name, ref.connectionName ?? ""));
  const [row] = await db.select().from(connections).where(where).limit(1);
  return row;
}

/** What a token refresh writes: the sealed secrets, their stamps and the new expiry. */
export type ConnectionTokenUpdate = Pick<ConnectionRow, "secrets" | "secretsUpdatedAt" | "tokenExpiresAt">;

/**
 * Runs `refresh` on the connection's row under a row lock (`select … for update`),
 * so processes that all found the token expiring queue up here and only the first
 * spends the refresh token: the others see the row it stored. `refresh` returns
 * the fields to store, or null to keep the row as it is; its error rolls back.
 * Resolves to the row as it stands afterwards, or undefined when it does not exist.
 */
export async function refreshConnectionUnderLock(
  db: Db,
  id: string,
  refresh: (locked: ConnectionRow) => Promise<ConnectionTokenUpdate | null>,
): Promise<ConnectionRow | undefined> {
  return db.transaction(async (tx) => {
    const [locked] = await tx.select().from(connections).where(eq(connections.id, id)).for("update");
    if (!locked) return undefined;
    const update = await refresh(locked);
    if (!update) return locked;
    const [updated] = await tx.update(connections).set(update).where(eq(connections.id, locked.id)).returning();
    return updated ?? locked;
  });
}
