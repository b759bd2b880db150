import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generateEncryptionKey, KeyRing, KeyRingError, newKeyId, rotateEncryptionKeys, schema, verifyKeyRing, type SecretEnvelope } from "../src";
import { createTestDatabase, type TestDatabase } from "../src/testing";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.db.delete(schema.connections);
  await t.db.delete(schema.tradingPartners);
  await t.db.delete(schema.alertRules);
  await t.db.delete(schema.encryptionKeys);
  await t.db.delete(schema.auditLog);
});

const k1 = generateEncryptionKey();
const k2 = generateEncryptionKey();

async function addConnection(name: string, ring: KeyRing, secrets: Record<string, string>) {
  const stamps = { token: "2025-01-01T00:00:00.000Z" };
  const [row] = await t.db
    .insert(schema.connections)
    .values({ name, connectorId: "http", config: { baseUrl: "http://x" }, secrets: ring.encryptAll(secrets), secretsUpdatedAt: stamps })
    .returning();
  return row!;
}

/** An alert rule whose webhook URL is sealed like a connection secret (null: a UI-only rule). */
async function addAlertRule(name: string, ring: KeyRing, url: string | null) {
  const [row] = await t.db
    .insert(schema.alertRules)
    .values({ name, kind: "queue_depth", threshold: 10, webhook: url === null ? null : ring.encrypt(url), webhookHint: url === null ? null : "hooks.example.com/…" })
    .returning();
  return row!;
}

const sealedWith = async () => (await t.db.select().from(schema.connections)).flatMap((c) => Object.values(c.secrets as Record<string, SecretEnvelope>).map((e) => e.keyId));

describe("verifyKeyRing", () => {
  it("seals a check row for the current key, then refuses a different key of the same id", async () => {
    await verifyKeyRing(t.db, new KeyRing(`k1:${k1}`));
    expect((await t.db.select().from(schema.encryptionKeys)).map((r) => r.id)).toEqual(["k1"]);
    await verifyKeyRing(t.db, new KeyRing(`k1:${k1}`)); // the same key again: fine
    const wrong = verifyKeyRing(t.db, new KeyRing(`k1:${k2}`));
    await expect(wrong).rejects.toThrow(KeyRingError);
    await expect(verifyKeyRing(t.db, new KeyRing(`k1:${k2}`))).rejects.toThrow('IPAAS_ENCRYPTION_KEY: key "k1" is not the key that sealed the existing secrets (wrong key?)');
  });

  it("a bare key is id k1, so a wrong bare key fails the same way", async () => {
    await addConnection("a", new KeyRing(k1), { token: "t" });
    // No check row yet (secrets older than the check): a sample secret proves the key.
    await expect(verifyKeyRing(t.db, new KeyRing(k2))).rejects.toThrow(/key "k1" is not the key that sealed/);
    expect(await t.db.select().from(schema.encryptionKeys)).toHaveLength(0);
    await verifyKeyRing(t.db, new KeyRing(k1));
    expect(await t.db.select().from(schema.encryptionKeys)).toHaveLength(1);
  });

  it("names key ids the ring lacks and how many connections they seal", async () => {
    await addConnection("a", new KeyRing(`old:${k1}`), { token: "t", other: "o" });
    await addConnection("b", new KeyRing(`old:${k1}`), { token: "t" });
    await expect(verifyKeyRing(t.db, new KeyRing(`new:${k2}`))).rejects.toThrow(/has no key "old", which sealed the secrets of 2 connection\(s\)/);
    await expect(verifyKeyRing(t.db, null)).rejects.toThrow(/IPAAS_ENCRYPTION_KEY is not set, but 2 connection\(s\) have encrypted secrets/);
    await verifyKeyRing(t.db, new KeyRing(`new:${k2},old:${k1}`));
  });

  it("without a key and without secrets there is nothing to check", async () => {
    await t.db.insert(schema.connections).values({ name: "plain", connectorId: "http", config: {} });
    await addAlertRule("ui only", new KeyRing(k1), null);
    await expect(verifyKeyRing(t.db, null)).resolves.toEqual({ keyIds: [], connections: 0, alertWebhooks: 0 });
  });

  it("counts sealed alert webhooks like connection secrets", async () => {
    await addAlertRule("backlog", new KeyRing(`old:${k1}`), "https://hooks.example.com/services/T1/B1/secret-1");
    await expect(verifyKeyRing(t.db, null)).rejects.toThrow(/IPAAS_ENCRYPTION_KEY is not set, but 1 alert webhook\(s\) have encrypted secrets \(key id "old"\)/);
    await expect(verifyKeyRing(t.db, new KeyRing(`new:${k2}`))).rejects.toThrow(/has no key "old", which sealed the secrets of 1 alert webhook\(s\)/);
    await addConnection("a", new KeyRing(`old:${k1}`), { token: "t" });
    await expect(verifyKeyRing(t.db, new KeyRing(`new:${k2}`))).rejects.toThrow(/which sealed the secrets of 1 connection\(s\) and 1 alert webhook\(s\)/);
    // No check row for "old": the sample envelope (a webhook or a secret) proves a wrong key wrong.
    await expect(verifyKeyRing(t.db, new KeyRing(`old:${k2}`))).rejects.toThrow(/key "old" is not the key that sealed/);
    await expect(verifyKeyRing(t.db, new KeyRing(`new:${k2},old:${k1}`))).resolves.toEqual({ keyIds: ["old"], connections: 1, alertWebhooks: 1 });
  });
});

describe("rotateEncryptionKeys", () => {
  it("re-encrypts every secret under the new key; the old key can then leave the ring", async () => {
    const old = new KeyRing(`k1:${k1}`);
    await verifyKeyRing(t.db, old);
    for (let i = 0; i < 7; i++) await addConnection(`c${i}`, old, { token: `secret-${i}`, other: `o-${i}` });
    const before = await t.db.select().from(schema.connections);

    const ring = new KeyRing(`k2:${k2},k1:${k1}`);
    const result = await rotateEncryptionKeys(t.db, ring, { batchSize: 3 });
    expect(result).toEqual({ currentKeyId: "k2", fromKeyIds: ["k1"], connections: 7, tradingPartners: 0, secrets: 14, alertWebhooks: 0, remaining: 0 });
    expect(new Set(await sealedWith())).toEqual(new Set(["k2"]));

    const onlyNew = new KeyRing(`k2:${k2}`);
    await verifyKeyRing(t.db, onlyNew);
    for (const row of await t.db.select().from(schema.connections)) {
      const i = row.name.slice(1);
      expect(onlyNew.decryptAll(row.secrets as Record<string, SecretEnvelope>)).toEqual({ token: `secret-${i}`, other: `o-${i}` });
      // The values did not change, so neither do their "last changed" stamps.
      expect(row.secretsUpdatedAt).toEqual(before.find((b) => b.id === row.id)!.secretsUpdatedAt);
      expect(row.updatedAt).toEqual(before.find((b) => b.id === row.id)!.updatedAt);
    }
    // The retired key's check row is gone, so the old key id may even be reused later.
    expect((await t.db.select().from(schema.encryptionKeys)).map((r) => r.id)).toEqual(["k2"]);

    const [audit] = await t.db.select().from(schema.auditLog);
    expect(audit).toMatchObject({ action: "keys.rotate", targetType: "encryption_key", targetId: "k2", summary: result });
    expect(JSON.stringify(audit)).not.toContain(k1);
    expect(JSON.stringify(audit)).not.toContain("secret-");
  });

  it("re-encrypts alert webhook URLs too, so alerts stay deliverable with only the new key", async () => {
    const old = new KeyRing(`k1:${k1}`);
    await verifyKeyRing(t.db, old);
    await addConnection("c", old, { token: "secret-c" });
    const rules = [];
    for (let i = 0; i < 5; i++) rules.push(await addAlertRule(`r${i}`, old, `https://hooks.example.com/services/T/B/secret-${i}`));
    const uiOnly = await addAlertRule("ui", old, null);

    const ring = new KeyRing(`k2:${k2},k1:${k1}`);
    const result = await rotateEncryptionKeys(t.db, ring, { batchSize: 2 });
    expect(result).toEqual({ currentKeyId: "k2", fromKeyIds: ["k1"], connections: 1, tradingPartners: 0, secrets: 1, alertWebhooks: 5, remaining: 0 });

    const onlyNew = new KeyRing(`k2:${k2}`);
    await verifyKeyRing(t.db, onlyNew);
    for (const rule of rules) {
      const [row] = await t.db.select().from(schema.alertRules).where(eq(schema.alertRules.id, rule.id));
      expect((row!.webhook as SecretEnvelope).keyId).toBe("k2");
      expect(onlyNew.decrypt(row!.webhook as SecretEnvelope)).toBe(`https://hooks.example.com/services/T/B/secret-${rule.name.slice(1)}`);
      expect(row!.updatedAt).toEqual(rule.updatedAt); // the URL did not change
    }
    const [ui] = await t.db.select().from(schema.alertRules).where(eq(schema.alertRules.id, uiOnly.id));
    expect(ui!.webhook).toBeNull();
    expect((await t.db.select().from(schema.encryptionKeys)).map((r) => r.id)).toEqual(["k2"]);
    expect(await rotateEncryptionKeys(t.db, ring)).toMatchObject({ alertWebhooks: 0, remaining: 0 });
    expect(JSON.stringify(await t.db.select().from(schema.auditLog))).not.toContain("secret-");
  });

  it("re-encrypts trading partners' credentials too, and keeps their key checked until then", async () => {
    const old = new KeyRing(`k1:${k1}`);
    await verifyKeyRing(t.db, old);
    const identity = { ourIsaQualifier: "ZZ", ourIsaId: "US", ourGsId: "US", theirIsaQualifier: "ZZ", theirIsaId: "THEM", theirGsId: "THEM" };
    const [partner] = await t.db
      .insert(schema.tradingPartners)
      .values({ name: "p", ...identity, version: "005010", usageIndicator: "T", delimiters: { element: "*", component: ">", repetition: "^", segment: "~" }, acknowledgements: { send997: true, expect997WithinHours: 24, poAckWithinHours: null, asnDue: null, invoiceAfterShipment: false }, contact: { name: "", email: "", phone: "", notes: "" }, secrets: old.encryptAll({ password: "secret-p" }) })
      .returning();
    // No ring, or a ring without k1, is refused while a partner's credential is sealed with it.
    await expect(verifyKeyRing(t.db, null)).rejects.toThrow(/0 connection\(s\) and trading partners have encrypted secrets \(key id "k1"\)/);
    await expect(verifyKeyRing(t.db, new KeyRing(`k2:${k2}`))).rejects.toThrow(/k1/);

    const result = await rotateEncryptionKeys(t.db, new KeyRing(`k2:${k2},k1:${k1}`));
    expect(result).toMatchObject({ connections: 0, tradingPartners: 1, secrets: 1, remaining: 0 });
    const [row] = await t.db.select().from(schema.tradingPartners).where(eq(schema.tradingPartners.id, partner!.id));
    expect(new KeyRing(`k2:${k2}`).decryptAll(row!.secrets as Record<string, SecretEnvelope>)).toEqual({ password: "secret-p" });
  });

  it("is idempotent and resumes where an interrupted run stopped", async () => {
    const old = new KeyRing(`k1:${k1}`);
    for (let i = 0; i < 4; i++) await addConnection(`c${i}`, old, { token: `secret-${i}` });
    const ring = new KeyRing(`k2:${k2},k1:${k1}`);
    // An interrupted run: two rows got rewritten (by hand here), two did not.
    const rows = await t.db.select().from(schema.connections);
    for (const row of rows.slice(0, 2)) {
      await t.db.update(schema.connections).set({ secrets: ring.encryptAll(old.decryptAll(row.secrets as Record<string, SecretEnvelope>)) }).where(eq(schema.connections.id, row.id));
    }
    expect(await rotateEncryptionKeys(t.db, ring)).toMatchObject({ connections: 2, secrets: 2, remaining: 0 });
    expect(await rotateEncryptionKeys(t.db, ring)).toMatchObject({ connections: 0, secrets: 0, fromKeyIds: [], remaining: 0 });
    expect(new Set(await sealedWith())).toEqual(new Set(["k2"]));
    expect(await t.db.select().from(schema.auditLog)).toHaveLength(2);
  });

  it("refuses to start with a wrong key and rewrites nothing", async () => {
    await verifyKeyRing(t.db, new KeyRing(`k1:${k1}`));
    await addConnection("a", new KeyRing(`k1:${k1}`), { token: "t" });
    await expect(rotateEncryptionKeys(t.db, new KeyRing(`k2:${k2},k1:${generateEncryptionKey()}`))).rejects.toThrow(/key "k1" is not the key/);
    expect(await sealedWith()).toEqual(["k1"]);
  });
});

describe("newKeyId", () => {
  it("is dated and never one already taken", () => {
    const now = new Date("2026-01-15T09:30:00Z");
    expect(newKeyId([], now)).toBe("k20260115-0930");
    expect(newKeyId(["k20260115-0930"], now)).toBe("k20260115-0930-2");
  });
});
