import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * The embedded default's session-signing secret: generated once into the data
 * folder so sessions survive restarts. Production sets IPAAS_AUTH_SECRET.
 */
export function localAuthSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth.secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
