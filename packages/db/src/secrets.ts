import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** An encrypted secret value: AES-256-GCM, with the id of the key that sealed it. */
export interface SecretEnvelope {
  keyId: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

export class KeyRingError extends Error {}

/**
 * Master keys for connection secrets (docs/architecture.md "Connections and the outbound policy"). Parsed from
 * IPAAS_ENCRYPTION_KEY: one base64 32-byte key, or "id:key,id:key" where the
 * first is used for new values and the others still decrypt (rotation).
 */
export class KeyRing {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string;

  constructor(spec: string) {
    const entries = spec
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)
      .map((entry, i) => {
        const [id, key] = entry.includes(":") ? (entry.split(":", 2) as [string, string]) : [`k${i + 1}`, entry];
        const bytes = Buffer.from(key, "base64");
        if (bytes.length !== 32) throw new KeyRingError(`Encryption key "${id}" must be 32 bytes, base64-encoded (got ${bytes.length} bytes)`);
        return [id, bytes] as const;
      });
    const first = entries[0];
    if (!first) throw new KeyRingError("IPAAS_ENCRYPTION_KEY is empty");
    for (const [id, key] of entries) this.keys.set(id, key);
    this.currentKeyId = first[0];
  }

  /** True when the ring holds a key with this id (it can decrypt values sealed with it). */
  has(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  encrypt(plaintext: string): SecretEnvelope {
    const iv = randomBytes(12); // a fresh IV per value: GCM must never reuse one under a key
    const cipher = createCipheriv("aes-256-gcm", this.keys.get(this.currentKeyId)!, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return { keyId: this.currentKeyId, iv: iv.toString("base64"), tag: cipher.getAuthTag().toString("base64"), ciphertext: ciphertext.toString("base64") };
  }

  decrypt(envelope: SecretEnvelope): string {
    const key = this.keys.get(envelope.keyId);
    // The message names the key id only: never the value or the ciphertext.
    if (!key) throw new KeyRingError(`Secret was encrypted with key "${envelope.keyId}", which is not in IPAAS_ENCRYPTION_KEY`);
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(envelope.iv, "base64"));
    decipher.setAuthTag(Buffer.from(envelope.tag, "base64"));
    try {
      return Buffer.concat([decipher.update(Buffer.from(envelope.ciphertext, "base64")), decipher.final()]).toString("utf8");
    } catch {
      throw new KeyRingError(`Secret sealed with key "${envelope.keyId}" failed authentication (wrong key or tampered value)`);
    }
  }

  encryptAll(values: Record<string, string>): Record<string, SecretEnvelope> {
    return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, this.encrypt(v)]));
  }

  decryptAll(envelopes: Record<string, SecretEnvelope>): Record<string, string> {
    return Object.fromEntries(Object.entries(envelopes).map(([k, v]) => [k, this.decrypt(v)]));
  }
}
