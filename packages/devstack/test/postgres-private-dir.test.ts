import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startPostgres } from "../src/postgres";
import { postgresRunAs, reachable, reachableBinaries, SHARED_DIR } from "../src/postgres-user";

/*
 * Issue 13, finding 7: `npm start` as root in a directory the `postgres` system user
 * cannot traverse (a clone under /root, or a `mktemp -d` folder, both mode 700) died
 * with a raw EACCES from spawning initdb. CI runs as root, so this is that case; as
 * another user Postgres runs as that user and the same path works trivially.
 */
const privateDir = fs.mkdtempSync(path.join(os.tmpdir(), "ipaas-private-")); // mode 700, like mktemp -d
const cleanups: Array<() => void> = [() => fs.rmSync(privateDir, { recursive: true, force: true })];
afterAll(() => cleanups.forEach((c) => c()));

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("embedded Postgres started from a mode-700 directory", () => {
  it("starts (the launcher's code path), keeps its data for the next start, and says where", async () => {
    expect(fs.statSync(privateDir).mode & 0o777).toBe(0o700);
    const requested = path.join(privateDir, "clone", ".data", "postgres");
    const lines: string[] = [];
    const first = await startPostgres({ dataDir: requested, database: "ipaas", log: (l) => lines.push(l) });
    cleanups.unshift(() => fs.rmSync(first.dataDir, { recursive: true, force: true }));
    try {
      await query(first.url, "create table kept (v text); insert into kept values ('across restarts')");
    } finally {
      await first.stop();
    }
    const second = await startPostgres({ dataDir: requested, database: "ipaas", log: (l) => lines.push(l) });
    try {
      expect(second.dataDir).toBe(first.dataDir);
      expect(await query(second.url, "select v from kept")).toEqual([{ v: "across restarts" }]);
    } finally {
      await second.stop();
    }
    if (process.getuid?.() === 0) {
      // The postgres user cannot reach the clone: the data lives where it can, and the log says so.
      expect(first.dataDir.startsWith(`${SHARED_DIR}/`)).toBe(true);
      expect(lines.join("\n")).toContain(`Postgres keeps its data in ${first.dataDir}`);
    }
  }, 120_000);

  it("runs binaries installed in a mode-700 directory from a copy the postgres user can reach", () => {
    const runAs = postgresRunAs(() => {});
    // Not root: Postgres runs as the caller, who can reach its own directories.
    if (!runAs) return expect(reachableBinaries({ initdb: "/x/initdb", postgres: "/x/postgres", version: "1" }, null, () => {})).toMatchObject({ postgres: "/x/postgres" });
    const native = path.join(privateDir, "node_modules", "native");
    fs.mkdirSync(path.join(native, "bin"), { recursive: true });
    fs.mkdirSync(path.join(native, "lib"));
    for (const name of ["postgres", "initdb"]) fs.writeFileSync(path.join(native, "bin", name), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
    fs.symlinkSync("libpq.so.5.18", path.join(native, "lib", "libpq.so.5"));
    const version = `test-${process.pid}-${Date.now()}`;
    const bin = { initdb: path.join(native, "bin", "initdb"), postgres: path.join(native, "bin", "postgres"), version };
    expect(reachable(runAs, "-x", bin.postgres)).toBe(false);

    const copied = reachableBinaries(bin, runAs, () => {});
    const target = path.dirname(path.dirname(copied.postgres));
    cleanups.unshift(() => fs.rmSync(target, { recursive: true, force: true }));
    expect(target).toBe(path.join(SHARED_DIR, "postgres", `${version}-${process.platform}-${process.arch}`));
    expect(reachable(runAs, "-x", copied.postgres)).toBe(true);
    expect(reachable(runAs, "-x", copied.initdb)).toBe(true);
    expect(fs.readlinkSync(path.join(target, "lib", "libpq.so.5"))).toBe("libpq.so.5.18");
  });
});
