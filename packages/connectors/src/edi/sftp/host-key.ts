import { createHash } from "node:crypto";

/** OpenSSH's fingerprint of a host key blob: `SHA256:` and unpadded base64 (what `ssh-keygen -lf` prints). */
export const sshHostKeyFingerprint = (keyBlob: Buffer) => `SHA256:${createHash("sha256").update(keyBlob).digest("base64").replace(/=+$/, "")}`;

/** Compares fingerprints as people paste them: with or without `SHA256:` and padding. */
export const sameFingerprint = (a: string, b: string) => {
  const norm = (s: string) => s.trim().replace(/^SHA256:/i, "").replace(/=+$/, "");
  return norm(a) === norm(b);
};
