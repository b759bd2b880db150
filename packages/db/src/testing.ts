import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDb, type DbHandle } from "./client";

declare module "vitest" {
  export interface ProvidedContext {
    /** Maintenance database URL of the test Postgres (for CREATE DATABASE … TEMPLATE). */
    databaseAdminUrl: string;
    /** A migrated database each test file clones. */
    templateDatabase: string;
    redisUrl: string;
  }
}

export interface TestDatabase extends DbHandle {
  url: string;
  /** The node-postgres pool behind `db` (countQueries wraps it). */
  pool: pg.Pool;
}

/**
 * Runs `work` and counts the statements it sent to Postgres through the test
 * database's pool: "one query, not one per key" asserted on the real database.
 */
export async function countQueries<T>(database: TestDatabase, work: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const pool = database.pool;
  const original = pool.query;
  let queries = 0;
  pool.query = function (this: pg.Pool, ...args: unknown[]) {
    queries++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pool.query;
  try {
    return { result: await work(), queries };
  } finally {
    pool.query = original;
  }
}

/**
 * A fresh, migrated database for one test file, cloned from the template that the
 * global setup migrated. close() drops it.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject("databaseAdminUrl");
  const template = inject("templateDatabase");
  const name = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = createDb(url.toString(), { max: 5 });
  return {
    ...handle,
    url: url.toString(),
    async close() {
      await handle.close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/** A queue prefix no other test uses, so tests share one Redis without seeing each other's jobs. */
export function randomQueuePrefix(): string {
  return `test-${randomBytes(6).toString("hex")}`;
}

// Locks, plans and sabotage.
export { collectNotifications, dropTable, holdRowLock, indexOnlyPlan, lockWaiters, terminateListeners } from "./testing-probes";
// Fixture rows by table name (insert, select, update, delete with column equality).
export { deleteRows, insertRow, insertRows, selectRows, updateRows, type NewTableRow, type TableName, type TableRow } from "./testing-rows";
