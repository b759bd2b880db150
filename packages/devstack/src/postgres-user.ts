import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { PostgresBinaries } from "./postgres-process";

/**
 * Postgres refuses to run as root, so as root the embedded server runs as the
 * `postgres` system user. That user must be able to reach the binaries (under the
 * clone's node_modules) and the data directory (under the clone's .data). A clone under
 * /root (mode 700) or in a `mktemp -d` folder is out of its reach, and spawning initdb
 * there failed with a bare EACCES (issue 13, finding 7). Here, what it cannot reach is
 * copied or placed under SHARED_DIR, a root-owned directory every user can traverse.
 */
export interface RunAs {
  uid: number;
  gid: number;
}

const SYSTEM_USER = "postgres";
/** Root-owned and traversable by all (like /var/lib itself); the only place written outside the clone. */
export const SHARED_DIR = "/var/lib/ipaas-devstack";

/** Postgres can't be started here at all (not a bug of the product: a fix of the environment). */
export class PostgresAccessError extends Error {}

function idOf(flag: "-u" | "-g"): number | null {
  const r = spawnSync("id", [flag, SYSTEM_USER], { encoding: "utf8" });
  return r.status === 0 ? Number(r.stdout.trim()) : null;
}

/** Null when not root (Postgres runs as us); else the `postgres` system user, created when missing. */
export function postgresRunAs(log: (line: string) => void): RunAs | null {
  if (process.getuid?.() !== 0) return null;
  if (idOf("-u") === null) {
    log(`Creating the "${SYSTEM_USER}" system user (Postgres does not run as root) …`);
    spawnSync("groupadd", ["--system", SYSTEM_USER]);
    const r = spawnSync("useradd", ["--system", "--no-create-home", "--gid", SYSTEM_USER, "--shell", "/usr/sbin/nologin", SYSTEM_USER], { encoding: "utf8" });
    if (r.status !== 0) throw new PostgresAccessError(`Postgres cannot run as root and the "${SYSTEM_USER}" system user could not be created (${r.stderr.trim() || r.error?.message}); run npm start as a regular user, or set DATABASE_URL to use your own Postgres.`);
  }
  return { uid: idOf("-u")!, gid: idOf("-g")! };
}

/** Whether `runAs` passes `test <flag> <target>`: the kernel's own check, every directory above included. */
export function reachable(runAs: RunAs, flag: "-x" | "-r" | "-w", target: string): boolean {
  return spawnSync("test", [flag, target], { uid: runAs.uid, gid: runAs.gid }).status === 0;
}

function makeSharedDir(sub: string): string {
  const dir = path.join(SHARED_DIR, sub);
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  // mkdir applies the umask; a restrictive one (077) would make the copy unreachable again.
  for (let d = dir; d.startsWith(SHARED_DIR); d = path.dirname(d)) fs.chmodSync(d, 0o755);
  return dir;
}

/**
 * The binaries, or a copy of them under SHARED_DIR (once per version) when `runAs`
 * cannot execute them where npm installed them.
 */
export function reachableBinaries(bin: PostgresBinaries, runAs: RunAs | null, log: (line: string) => void): PostgresBinaries {
  if (!runAs || reachable(runAs, "-x", bin.postgres)) return bin;
  // native/{bin,lib,share}: postgres finds its libraries and share files relative to itself.
  const native = path.dirname(path.dirname(bin.postgres));
  const target = path.join(makeSharedDir("postgres"), `${bin.version}-${process.platform}-${process.arch}`);
  if (!fs.existsSync(path.join(target, "bin", "postgres"))) {
    log(`Copying the Postgres binaries to ${target} (the "${SYSTEM_USER}" user cannot reach ${native}) …`);
    const partial = `${target}.partial-${process.pid}`;
    fs.cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(partial, target); // a start killed mid-copy leaves no half copy behind at `target`
  }
  const copied = (file: string) => path.join(target, path.relative(native, file));
  const result = { ...bin, initdb: copied(bin.initdb), postgres: copied(bin.postgres) };
  if (!reachable(runAs, "-x", result.postgres)) throw new PostgresAccessError(`The "${SYSTEM_USER}" system user cannot run ${result.postgres}; run npm start from a directory other users can traverse, or set DATABASE_URL to use your own Postgres.`);
  return result;
}

/**
 * `requested`, or — when `runAs` cannot reach it — a directory under SHARED_DIR named
 * after it, so the next start from the same place finds the same data.
 */
export function reachableDataDir(requested: string, runAs: RunAs | null, log: (line: string) => void): string {
  if (!runAs) return requested;
  const parent = path.dirname(requested);
  fs.mkdirSync(parent, { recursive: true });
  if (reachable(runAs, "-x", parent)) return requested;
  if (fs.existsSync(path.join(requested, "PG_VERSION"))) {
    throw new PostgresAccessError(
      `The "${SYSTEM_USER}" system user cannot reach the Postgres data in ${requested} (a directory above it is private to root); make its parent directories traversable (chmod o+x), move the clone elsewhere, or set DATABASE_URL to use your own Postgres.`,
    );
  }
  const key = createHash("sha256").update(requested).digest("hex").slice(0, 16);
  const dir = path.join(makeSharedDir("data"), key);
  log(`Postgres keeps its data in ${dir}: the "${SYSTEM_USER}" system user cannot reach ${requested} (a directory above it is private to root).`);
  return dir;
}
