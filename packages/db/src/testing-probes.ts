import pg from "pg";

/**
 * What tests do to the database that no product query does: hold a row lock, watch
 * who waits on locks, read a query's plan, break a table. Here so that every SQL
 * statement, tests' included, lives in packages/db (docs/architecture.md "Layering rules").
 */

/** A transaction holding `FOR UPDATE` on one row of `table` until `release()`; `table` is a trusted test constant. */
export async function holdRowLock(pool: pg.Pool, table: string, id: string): Promise<{ release(): Promise<void> }> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    await client.query(`select 1 from ${pg.escapeIdentifier(table)} where id = $1 for update`, [id]);
  } catch (err) {
    client.release();
    throw err;
  }
  let released = false;
  return {
    /** Commits and gives the connection back; later calls do nothing (call it in `finally` too). */
    async release() {
      if (released) return;
      released = true;
      try {
        await client.query("commit");
      } finally {
        client.release();
      }
    },
  };
}

/** How many sessions of this database wait on a lock now. */
export async function lockWaiters(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
  return rows[0]!.n;
}

/**
 * EXPLAIN of a built query with sequential scans, bitmap scans and sorts priced out:
 * Postgres then sorts only when no index can give the order, which is what plan tests guard.
 */
export async function indexOnlyPlan(url: string, query: { sql: string; params: unknown[] }): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("set enable_seqscan = off; set enable_bitmapscan = off; set enable_sort = off");
    const result = await client.query<{ "QUERY PLAN": string }>(`explain ${query.sql}`, query.params);
    return result.rows.map((r) => r["QUERY PLAN"]).join("\n");
  } finally {
    await client.end();
  }
}

/** Sabotage for "an unexpected database error" tests: drops a table of the test database for good. */
export async function dropTable(pool: pg.Pool, table: string): Promise<void> {
  await pool.query(`drop table ${pg.escapeIdentifier(table)} cascade`);
}

/** Cuts every LISTENing session of this database (a lost listener connection); resolves to how many were cut. */
export async function terminateListeners(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    "select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and query ilike 'listen %'",
  );
  return rows[0]!.n;
}

/** A connection LISTENing on `channel` (a trusted test constant) that keeps every payload, until `close()`. */
export async function collectNotifications(url: string, channel: string): Promise<{ payloads: string[]; close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const payloads: string[] = [];
  client.on("notification", (message) => payloads.push(message.payload ?? ""));
  await client.query(`listen ${pg.escapeIdentifier(channel)}`);
  return { payloads, close: () => client.end() };
}
