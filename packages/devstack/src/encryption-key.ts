import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * The embedded default's master key for connection secrets: generated once into the
 * data folder (readable by its owner only) and reused. Production sets
 * IPAAS_ENCRYPTION_KEY instead, so the key does not sit next to the database.
 */
export function localEncryptionKey(dataDir: string, log: (line: string) => void): string {
  const file = path.join(dataDir, "encryption.key");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString("base64");
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
  log(`WARNING: IPAAS_ENCRYPTION_KEY is not set; generated a local key in ${file}. Set your own key in production.`);
  return key;
}
