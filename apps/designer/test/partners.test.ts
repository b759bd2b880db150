import { randomBytes } from "node:crypto";
import { createUser, getTradingPartnerRow, KeyRing, type SecretEnvelope } from "@ipaas/db";
import { createTestDatabase, insertRow, randomQueuePrefix, selectRows, type TestDatabase } from "@ipaas/db/testing";
import { createRunsQueue } from "@ipaas/jobs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { RunsQueue } from "../src/server/context";
import { createCaller } from "../src/server/routers/_app";
import type { Role, SessionUser } from "../src/server/services/users";
import { auditRows, codeOf, testOutbound } from "./helpers";

// The partners router through createCaller, on real Postgres + Redis (docs/architecture.md "Trading partners").
let t: TestDatabase;
let queue: RunsQueue;
const users = {} as Record<Role, SessionUser>;
const keyRing = new KeyRing(randomBytes(32).toString("base64"));

beforeAll(async () => {
  t = await createTestDatabase();
  queue = createRunsQueue({ redisUrl: inject("redisUrl"), prefix: randomQueuePrefix() });
  for (const role of ["admin", "analyst", "operator", "viewer"] as const) {
    users[role] = await createUser(t.db, { email: `${role}@partners.test`, name: role, role });
  }
});
afterAll(async () => {
  await queue?.close();
  await t?.close();
});

const as = (role: Role, ring: KeyRing | null = keyRing) => createCaller({ db: t.db, queue, user: users[role], keyRing: ring, ip: "127.0.0.1", outbound: testOutbound });

const identity = { ourIsaQualifier: "ZZ", ourIsaId: "ACMEDIST", ourGsId: "ACMEDIST", theirIsaQualifier: "01", theirIsaId: "BIGBOX", theirGsId: "BIGBOXGS" };
const as2 = { kind: "as2" as const, settings: { url: "https://as2.bigbox.test/in", as2From: "ACME", as2To: "BIGBOX" } };

describe("partners router", () => {
  it("admin creates, reads, edits and deletes a partner; credentials are write-only and sealed", async () => {
    const admin = as("admin");
    const created = await admin.partners.create({
      name: "BigBox",
      environment: "sandbox",
      fields: { ...identity, version: "004010", transactionSets: [{ set: "850", direction: "inbound" }], transport: as2, acknowledgements: { expect997WithinHours: 2, poAckWithinHours: 24 } },
      secrets: { privateKey: "-----BEGIN PRIVATE KEY-----abc" },
    });
    expect(created).toMatchObject({ name: "BigBox", version: "004010", usageIndicator: "T", transport: { kind: "as2", settings: { sign: true, encrypt: true, mdn: "sync" } }, secrets: { privateKey: { set: true } } });
    expect(created.acknowledgements).toEqual({ send997: true, expect997WithinHours: 2, poAckWithinHours: 24, asnDue: null, invoiceAfterShipment: false });
    expect(JSON.stringify(created)).not.toContain("abc");
    expect(keyRing.decrypt(((await getTradingPartnerRow(t.db, created.id)).secrets as Record<string, SecretEnvelope>).privateKey!)).toBe("-----BEGIN PRIVATE KEY-----abc");

    // An edit replaces only the settings it names.
    const edited = await admin.partners.update({ id: created.id, fields: { usageIndicator: "P" }, secrets: { privateKey: null, password: "pw-9f3k" } });
    expect(edited).toMatchObject({ usageIndicator: "P", version: "004010", transactionSets: [{ set: "850", direction: "inbound" }], transport: as2 });
    expect(Object.keys(edited.secrets)).toEqual(["password"]);
    expect(await as("viewer").partners.byId({ id: created.id })).toEqual(edited);
    expect((await as("analyst").partners.list({ environment: "sandbox" })).map((p) => p.id)).toEqual([created.id]);

    await admin.partners.delete({ id: created.id });
    expect(await codeOf(admin.partners.byId({ id: created.id }))).toBe("NOT_FOUND");
    const audit = await auditRows(t.db, { targetId: created.id });
    expect(audit.map((a) => a.action)).toEqual(["partner.create", "partner.update", "partner.delete"]);
    expect(JSON.stringify(audit)).not.toContain("pw-9f3k");
  });

  it("rejects invalid settings, duplicate names, and credentials without an encryption key", async () => {
    const admin = as("admin");
    const fields = { ...identity, delimiters: { element: "*", component: "*", repetition: "^", segment: "~" } };
    expect(await codeOf(admin.partners.create({ name: "Bad", environment: "sandbox", fields }))).toBe("BAD_REQUEST");
    expect(await codeOf(admin.partners.create({ name: "Bad", environment: "sandbox", fields: { ...identity, theirIsaId: "X".repeat(16) } }))).toBe("BAD_REQUEST");
    expect(await codeOf(admin.partners.create({ name: "Bad", environment: "sandbox", fields: { ...identity, transactionSets: [{ set: "850", direction: "inbound" }, { set: "850", direction: "inbound" }] } }))).toBe("BAD_REQUEST");
    await admin.partners.create({ name: "Once", environment: "sandbox", fields: identity });
    expect(await codeOf(admin.partners.create({ name: "Once", environment: "sandbox", fields: identity }))).toBe("CONFLICT");
    expect(await codeOf(as("admin", null).partners.create({ name: "Keyless", environment: "sandbox", fields: identity, secrets: { password: "x" } }))).toBe("PRECONDITION_FAILED");
  });

  it("only admins write partners", async () => {
    for (const role of ["analyst", "operator", "viewer"] as const) {
      expect(await codeOf(as(role).partners.create({ name: `By ${role}`, environment: "sandbox", fields: identity }))).toBe("FORBIDDEN");
    }
  });

  it("generates our AS2 certificate: the certificate into the AS2 settings, the private key sealed and never returned", async () => {
    const admin = as("admin");
    const partner = await admin.partners.create({ name: "Certified", environment: "sandbox", fields: { ...identity, transport: as2 } });
    const generated = await admin.partners.generateAs2Certificate({ id: partner.id });
    expect(generated.transport).toMatchObject({ kind: "as2", settings: { url: as2.settings.url, ourCertificate: expect.stringContaining("-----BEGIN CERTIFICATE-----") } });
    expect(generated.secrets).toEqual({ privateKey: { set: true, updatedAt: expect.any(Date) } });
    expect(JSON.stringify(generated)).not.toContain("PRIVATE KEY");
    const sealed = (await getTradingPartnerRow(t.db, partner.id)).secrets as Record<string, SecretEnvelope>;
    expect(keyRing.decrypt(sealed.privateKey!)).toContain("PRIVATE KEY");
    expect((await auditRows(t.db, { targetId: partner.id })).at(-1)?.summary).toMatchObject({ changed: ["transport"], secretsReplaced: ["privateKey"] });
    // Without AS2 there is nothing to put the certificate in.
    const sftp = await admin.partners.create({ name: "No AS2", environment: "sandbox", fields: identity });
    expect(await codeOf(admin.partners.generateAs2Certificate({ id: sftp.id }))).toBe("BAD_REQUEST");
    expect(await codeOf(as("analyst").partners.generateAs2Certificate({ id: partner.id }))).toBe("FORBIDDEN");
  });
});

describe("partners.resendInterchange", () => {
  it("an operator puts a failed outbound interchange back to queued (audited); anything else is a conflict", async () => {
    const partner = await as("admin").partners.create({ name: "Resend retailer", environment: "sandbox", fields: { ...identity, theirIsaId: "RESEND", transport: as2 } });
    const failed = await insertRow(t.db, "ediInterchanges", { partnerId: partner.id, environment: "sandbox", direction: "outbound", raw: Buffer.from("ISA"), controlNumber: "000000042", status: "failed", lastError: "503" });
    expect(await as("operator").partners.resendInterchange({ interchangeId: failed.id })).toEqual({ interchangeId: failed.id, status: "queued" });
    expect((await selectRows(t.db, "ediInterchanges", { id: failed.id }))[0]!.status).toBe("queued");
    expect(await auditRows(t.db, { targetId: failed.id })).toEqual([expect.objectContaining({ action: "edi.resend", summary: expect.objectContaining({ controlNumber: "000000042" }) })]);
    expect(await codeOf(as("operator").partners.resendInterchange({ interchangeId: failed.id }))).toBe("CONFLICT");
    expect(await codeOf(as("viewer").partners.resendInterchange({ interchangeId: failed.id }))).toBe("FORBIDDEN");
  });
});
