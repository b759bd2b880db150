import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { KeyRing, KeyRingError } from "../src/secrets";

const key = () => randomBytes(32).toString("base64");

describe("KeyRing (AES-256-GCM)", () => {
  it("round-trips and uses a fresh IV per value", () => {
    const ring = new KeyRing(key());
    const a = ring.encrypt("shpat_secret");
    const b = ring.encrypt("shpat_secret");
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.iv).not.toBe(b.iv);
    expect(JSON.stringify(a)).not.toContain("shpat_secret");
    expect(ring.decrypt(a)).toBe("shpat_secret");
  });

  it("decrypts with an older key after rotation and seals with the newest", () => {
    const old = key();
    const sealed = new KeyRing(`2025:${old}`).encrypt("v");
    const rotated = new KeyRing(`2026:${key()},2025:${old}`);
    expect(rotated.decrypt(sealed)).toBe("v");
    expect(rotated.encrypt("v").keyId).toBe("2026");
  });

  it("refuses tampered values and unknown keys without echoing the secret", () => {
    const ring = new KeyRing(key());
    const sealed = ring.encrypt("topsecret");
    const tampered = { ...sealed, ciphertext: Buffer.from("x" + sealed.ciphertext).toString("base64") };
    expect(() => ring.decrypt(tampered)).toThrow(KeyRingError);
    expect(() => new KeyRing(key()).decrypt({ ...sealed, keyId: "other" })).toThrow(/other/);
    expect(() => new KeyRing("c2hvcnQ=")).toThrow(/32 bytes/);
  });
});
