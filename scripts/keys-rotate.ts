import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDb, generateEncryptionKey, KeyRing, KeyRingError, newKeyId, rotateEncryptionKeys, runMigrations, type RotationResult } from "@ipaas/db";
import { readLocalKeySpec, startPostgres, writeLocalKeySpec, localKeyFile, type PostgresServer } from "@ipaas/devstack";
import { EnvError, loadKeysEnv } from "@ipaas/env";

const HELP = `npm run keys:rotate — re-encrypt every connection secret and alert webhook under a new master key

With your own key (IPAAS_ENCRYPTION_KEY set):
  1. npm run keys:rotate -- --generate          prints a fresh "id:key" (e.g. k20260115-0930:…)
  2. Give every designer and runtime the ring "new,old" and restart them:
       IPAAS_ENCRYPTION_KEY="k2:<new>,k1:<old>"
  3. IPAAS_ENCRYPTION_KEY="k2:<new>,k1:<old>" npm run keys:rotate
  4. Remove the old key: IPAAS_ENCRYPTION_KEY="k2:<new>", restart the apps.
  The first key of the ring seals, the others only open. Running it again is safe:
  only secrets still sealed with an older key are rewritten.

Embedded default (no IPAAS_ENCRYPTION_KEY, key in <IPAAS_DATA_DIR>/encryption.key):
  Stop \`npm start\`, then run \`npm run keys:rotate\`: it generates a new key, writes
  "new,old" to the key file, re-encrypts, then leaves only the new key in the file.
  An interrupted run resumes where it stopped when started again.

The database is DATABASE_URL, or the embedded one in <IPAAS_DATA_DIR>/postgres.
Options: --generate   print a new key and exit
         --help       this text`;

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const log = (line: string) => console.log(line);

/** Ring entries as "id:key"; a bare key gets the id KeyRing gives it ("k" + position). */
const entriesOf = (spec: string) =>
  spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry, i) => (entry.includes(":") ? entry : `k${i + 1}:${entry}`));

/** The embedded Postgres of `npm start`; refused while it runs, because the running apps hold the old key. */
async function embeddedDatabase(dataDir: string): Promise<PostgresServer> {
  const pgDir = path.join(dataDir, "postgres");
  if (!fs.existsSync(path.join(pgDir, "PG_VERSION"))) throw new KeyRingError(`No DATABASE_URL and no embedded database in ${pgDir}: nothing to rotate`);
  const pidFile = path.join(pgDir, "postmaster.pid");
  const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]) : 0;
  if (pid > 0 && isAlive(pid)) throw new KeyRingError(`The embedded database is in use (Postgres pid ${pid}): stop \`npm start\` first, then run this again`);
  return startPostgres({ dataDir: pgDir, database: "ipaas", log });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function rotate(databaseUrl: string, keyRing: KeyRing): Promise<RotationResult> {
  await runMigrations(databaseUrl);
  const handle = createDb(databaseUrl, { max: 2 });
  try {
    const result = await rotateEncryptionKeys(handle.db, keyRing);
    const from = result.fromKeyIds.length ? ` from ${result.fromKeyIds.join(", ")}` : "";
    log(`Re-encrypted ${result.secrets} secret(s) of ${result.connections} connection(s), ${result.tradingPartners} trading partner(s) and ${result.alertWebhooks} alert webhook(s)${from} to key "${result.currentKeyId}".`);
    if (result.remaining > 0) {
      throw new KeyRingError(
        `${result.remaining} connection(s) or alert rule(s) were written with an older key while this ran (an app still runs with the old ring): ` +
          `give every app the new ring, restart them, and run this again`,
      );
    }
    return result;
  } finally {
    await handle.close();
  }
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) return log(HELP);
  const env = loadKeysEnv();
  if (args.includes("--generate")) {
    const taken = env.IPAAS_ENCRYPTION_KEY ? entriesOf(env.IPAAS_ENCRYPTION_KEY).map((e) => e.split(":")[0]!) : [];
    return log(`${newKeyId(taken)}:${generateEncryptionKey()}`);
  }

  const dataDir = path.resolve(rootDir, env.IPAAS_DATA_DIR);
  const pg = env.DATABASE_URL ? null : await embeddedDatabase(dataDir);
  try {
    const databaseUrl = env.DATABASE_URL ?? pg!.url;
    if (env.IPAAS_ENCRYPTION_KEY) {
      const ring = new KeyRing(env.IPAAS_ENCRYPTION_KEY);
      await rotate(databaseUrl, ring);
      log(`Done. Every secret is sealed with "${ring.currentKeyId}": remove the other keys from IPAAS_ENCRYPTION_KEY and restart the apps.`);
      return;
    }

    const stored = readLocalKeySpec(dataDir);
    if (!stored) throw new KeyRingError(`IPAAS_ENCRYPTION_KEY is not set and there is no local key in ${localKeyFile(dataDir)}: nothing to rotate`);
    let entries = entriesOf(stored);
    if (entries.length > 1) {
      log(`Resuming an interrupted rotation to key "${entries[0]!.split(":")[0]}".`);
    } else {
      // The ring "new,old" goes to disk before anything is re-encrypted: a crash
      // midway leaves a file that opens every secret, and a rerun resumes.
      entries = [`${newKeyId(entries.map((e) => e.split(":")[0]!))}:${generateEncryptionKey()}`, ...entries];
      writeLocalKeySpec(dataDir, entries.join(","));
    }
    await rotate(databaseUrl, new KeyRing(entries.join(",")));
    writeLocalKeySpec(dataDir, entries[0]!);
    log(`Done. ${localKeyFile(dataDir)} now holds only the new key; start the apps again with \`npm start\`.`);
  } finally {
    await pg?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof KeyRingError || err instanceof EnvError ? err.message : err);
  process.exit(1);
});
