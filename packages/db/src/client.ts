import { sql, type ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import pg from "pg";
import * as schema from "./schema";

export type Schema = typeof schema;
/** What every query function takes: the node-postgres database (or a transaction, see Tx). */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export interface DbHandle {
  db: Db;
  close(): Promise<void>;
}

/**
 * json/jsonb arrive as text and drizzle parses them once. If node-postgres parsed
 * them too, drizzle would parse a JSON string value a second time and turn a
 * stored "3" into the number 3 (a cursor, an id, a status text). drizzle's
 * per-query parsers fall back to pg's global ones, so this is set globally.
 */
for (const oid of [114, 3802]) pg.types.setTypeParser(oid, (value: string) => value);

/** Servers: a node-postgres pool. */
export function createDb(url: string, options: { max?: number } = {}): DbHandle & { pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return { db, pool, close: () => pool.end() };
}


/** A readiness probe: resolves when Postgres answers a trivial query, rejects with the driver's error. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
