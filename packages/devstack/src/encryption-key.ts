import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Where the embedded default keeps its master key ring. */
export const localKeyFile = (dataDir: string) => path.join(dataDir, "encryption.key");

/**
 * The local key ring as IPAAS_ENCRYPTION_KEY takes it: one bare base64 key (id
 * "k1"), or "id:key,id:key" while `npm run keys:rotate` moves to a new key.
 * Null when no key was generated yet.
 */
export function readLocalKeySpec(dataDir: string): string | null {
  const file = localKeyFile(dataDir);
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : null;
}

/** Replaces the local key file in one step (write, then rename), readable by its owner only. */
export function writeLocalKeySpec(dataDir: string, spec: string): void {
  const file = localKeyFile(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${spec}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/**
 * The embedded default's master key for connection secrets: generated once into the
 * data folder (readable by its owner only) and reused. Production sets
 * IPAAS_ENCRYPTION_KEY instead, so the key does not sit next to the database.
 */
export function localEncryptionKey(dataDir: string, log: (line: string) => void): string {
  const existing = readLocalKeySpec(dataDir);
  if (existing) return existing;
  const key = randomBytes(32).toString("base64");
  writeLocalKeySpec(dataDir, key);
  log(`WARNING: IPAAS_ENCRYPTION_KEY is not set; generated a local key in ${localKeyFile(dataDir)}. Set your own key in production.`);
  return key;
}
