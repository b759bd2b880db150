import type { KeyRing, SecretEnvelope } from "../secrets";

/**
 * Write-only secrets as connections and trading partners store them (docs/architecture.md
 * "Connections and the outbound policy"): a map of field → sealed envelope, and a map of
 * field → when it was last written, which is all a read path shows.
 */

/** Saving a secret needs IPAAS_ENCRYPTION_KEY; the designer answers PRECONDITION_FAILED. */
export class EncryptionKeyMissingError extends Error {
  constructor() {
    super("IPAAS_ENCRYPTION_KEY is not set");
  }
}

export function sealSecrets(keyRing: KeyRing | null, values: Record<string, string>): Record<string, SecretEnvelope> {
  if (Object.keys(values).length === 0) return {};
  if (!keyRing) throw new EncryptionKeyMissingError();
  return keyRing.encryptAll(values);
}

/** For each set field, only that it is set and when. */
export function secretsView(secrets: unknown, stamps: Record<string, string>): Record<string, { set: true; updatedAt: Date | null }> {
  return Object.fromEntries(
    Object.keys(secrets as Record<string, unknown>).map((field) => {
      const at = stamps[field];
      return [field, { set: true as const, updatedAt: at ? new Date(at) : null }];
    }),
  );
}

/** An edit's secrets: a string is a new value, null clears the field, an absent field keeps its value. */
export function splitSecretEdits(given: Record<string, string | null | undefined>): { replaced: Record<string, string>; cleared: string[] } {
  const entries = Object.entries(given);
  return {
    replaced: Object.fromEntries(entries.filter((e): e is [string, string] => typeof e[1] === "string")),
    cleared: entries.filter(([, value]) => value === null).map(([field]) => field),
  };
}

/** The stored secrets and stamps after sealing `sealed` anew (stamped now) and dropping `cleared`. */
export function mergeSecrets(before: { secrets: unknown; secretsUpdatedAt: Record<string, string> }, sealed: Record<string, SecretEnvelope>, cleared: string[]) {
  const now = new Date().toISOString();
  const secrets: Record<string, SecretEnvelope> = { ...(before.secrets as Record<string, SecretEnvelope>), ...sealed };
  const secretsUpdatedAt = { ...before.secretsUpdatedAt, ...Object.fromEntries(Object.keys(sealed).map((field) => [field, now])) };
  for (const field of cleared) {
    delete secrets[field];
    delete secretsUpdatedAt[field];
  }
  return { secrets, secretsUpdatedAt };
}
