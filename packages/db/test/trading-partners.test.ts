import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  allocateControlNumbers,
  ConflictError,
  createDb,
  createTradingPartner,
  deleteTradingPartner,
  EncryptionKeyMissingError,
  findTradingPartnerBySender,
  getTradingPartnerRow,
  KeyRing,
  listTradingPartners,
  NotFoundError,
  partnerFieldsSchema,
  recordInboundInterchange,
  schema,
  updateTradingPartner,
  type AuditActor,
  type PartnerFields,
  type SecretEnvelope,
} from "../src";
import { createTestDatabase, type TestDatabase } from "../src/testing";

let t: TestDatabase;
const keyRing = new KeyRing(randomBytes(32).toString("base64"));
const actor: AuditActor = { id: null, email: "admin@example.com", ip: "127.0.0.1" };

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

/** A retailer's settings as the form would submit them (defaults filled by the one schema). */
function retailer(overrides: Partial<PartnerFields> = {}): PartnerFields {
  return partnerFieldsSchema.parse({
    ourIsaQualifier: "ZZ",
    ourIsaId: "ACMEDIST",
    ourGsId: "ACMEDIST",
    theirIsaQualifier: "01",
    theirIsaId: "BIGBOX",
    theirGsId: "BIGBOXGS",
    transactionSets: [
      { set: "850", direction: "inbound" },
      { set: "856", direction: "outbound" },
    ],
    transport: { kind: "sftp", settings: { host: "sftp.bigbox.test", username: "acme" } },
    acknowledgements: { expect997WithinHours: 4, poAckWithinHours: 24, asnDue: "at-shipment", invoiceAfterShipment: true },
    crossReferenceTables: ["bigbox-items"],
    contact: { name: "EDI team", email: "edi@bigbox.test" },
    ...overrides,
  });
}

const auditOf = (targetId: string) => t.db.select().from(schema.auditLog).where(eq(schema.auditLog.targetId, targetId)).orderBy(schema.auditLog.id);

describe("trading partner queries", () => {
  it("creates, lists, updates and deletes a partner, auditing each write with field names only", async () => {
    const created = await createTradingPartner(t.db, { name: "BigBox", environment: "sandbox", fields: retailer(), secrets: { password: "hunter2" }, keyRing, actor });
    expect(created).toMatchObject({ name: "BigBox", version: "005010", usageIndicator: "T", delimiters: { element: "*", component: ">", repetition: "^", segment: "~" } });
    expect(created.transport).toEqual({ kind: "sftp", settings: { host: "sftp.bigbox.test", port: 22, username: "acme", inboundPath: "/outbound", outboundPath: "/inbound", pollIntervalSeconds: 300 } });
    expect(created.secrets).toEqual({ password: { set: true, updatedAt: expect.any(Date) } });
    expect((await listTradingPartners(t.db, { environment: "sandbox" })).map((p) => p.name)).toContain("BigBox");

    const updated = await updateTradingPartner(t.db, { id: created.id, name: "BigBox Retail", fields: { usageIndicator: "P", version: "004010" }, secrets: { password: null, privateKey: "-----KEY-----" }, keyRing, actor });
    expect(updated).toMatchObject({ name: "BigBox Retail", usageIndicator: "P", version: "004010", theirIsaId: "BIGBOX" });
    expect(Object.keys(updated.secrets)).toEqual(["privateKey"]);

    await deleteTradingPartner(t.db, { id: created.id, actor });
    await expect(getTradingPartnerRow(t.db, created.id)).rejects.toBeInstanceOf(NotFoundError);
    const audit = await auditOf(created.id);
    expect(audit.map((a) => a.action)).toEqual(["partner.create", "partner.update", "partner.delete"]);
    expect(audit[1]!.summary).toMatchObject({ renamed: { before: "BigBox", after: "BigBox Retail" }, changed: ["usageIndicator", "version"], secretsReplaced: ["privateKey"], secretsCleared: ["password"] });
    expect(JSON.stringify(audit)).not.toContain("hunter2");
    expect(JSON.stringify(audit)).not.toContain("-----KEY-----");
  });

  it("seals credentials at rest and never returns them", async () => {
    const view = await createTradingPartner(t.db, { name: "Sealed", environment: "sandbox", fields: retailer({ theirIsaId: "SEALED" }), secrets: { password: "s3cret-pw" }, keyRing, actor });
    expect(JSON.stringify(view)).not.toContain("s3cret-pw");
    const row = await getTradingPartnerRow(t.db, view.id);
    expect(JSON.stringify(row)).not.toContain("s3cret-pw");
    const sealed = (row.secrets as Record<string, SecretEnvelope>).password!;
    expect(keyRing.decrypt(sealed)).toBe("s3cret-pw");
    await expect(createTradingPartner(t.db, { name: "NoKey", environment: "sandbox", fields: retailer(), secrets: { password: "x" }, keyRing: null, actor })).rejects.toBeInstanceOf(EncryptionKeyMissingError);
  });

  it("refuses a second partner of the same name in one environment, and an unknown environment", async () => {
    await createTradingPartner(t.db, { name: "Twice", environment: "sandbox", fields: retailer(), secrets: {}, keyRing, actor });
    await expect(createTradingPartner(t.db, { name: "Twice", environment: "sandbox", fields: retailer(), secrets: {}, keyRing, actor })).rejects.toBeInstanceOf(ConflictError);
    await expect(createTradingPartner(t.db, { name: "Nowhere", environment: "no-such-env", fields: retailer(), secrets: {}, keyRing, actor })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("finds a partner by its interchange sender", async () => {
    const view = await createTradingPartner(t.db, { name: "Sender", environment: "sandbox", fields: retailer({ theirIsaQualifier: "ZZ", theirIsaId: "SENDER01" }), secrets: {}, keyRing, actor });
    expect((await findTradingPartnerBySender(t.db, { environment: "sandbox", qualifier: "ZZ", isaId: "SENDER01       " }))?.id).toBe(view.id);
    expect(await findTradingPartnerBySender(t.db, { environment: "sandbox", qualifier: "01", isaId: "SENDER01" })).toBeNull();
  });
});

describe("control numbers", () => {
  it("allocates consecutive numbers without gaps or repeats across concurrent processes", async () => {
    const partner = await createTradingPartner(t.db, { name: "Concurrent", environment: "sandbox", fields: retailer(), secrets: {}, keyRing, actor });
    // Three pools stand in for three processes; ten allocators share them.
    const processes = [createDb(t.url, { max: 4 }), createDb(t.url, { max: 4 }), createDb(t.url, { max: 4 })];
    try {
      const batches = await Promise.all(
        Array.from({ length: 10 }, async (_, a) => {
          const got: number[][] = [];
          for (let i = 0; i < 20; i++) {
            got.push(await allocateControlNumbers(processes[a % 3]!.db, { partnerId: partner.id, direction: "outbound", kind: "interchange", count: (i % 3) + 1 }));
          }
          return got;
        }),
      );
      const all = batches.flat();
      for (const batch of all) expect(batch).toEqual(batch.map((_, i) => batch[0]! + i)); // each call: consecutive
      const numbers = all.flat().sort((x, y) => x - y);
      expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1)); // together: 1..N once each
      expect(numbers.length).toBe(10 * (7 * 1 + 7 * 2 + 6 * 3));
    } finally {
      await Promise.all(processes.map((p) => p.close()));
    }
    // Other kinds and directions count on their own.
    expect(await allocateControlNumbers(t.db, { partnerId: partner.id, direction: "outbound", kind: "group", count: 2 })).toEqual([1, 2]);
    expect(await allocateControlNumbers(t.db, { partnerId: partner.id, direction: "inbound", kind: "interchange", count: 1 })).toEqual([1]);
  });

  it("wraps from the 9-digit maximum back to 1", async () => {
    const partner = await createTradingPartner(t.db, { name: "Wrap", environment: "sandbox", fields: retailer(), secrets: {}, keyRing, actor });
    await t.db.insert(schema.partnerControlNumbers).values({ partnerId: partner.id, direction: "outbound", kind: "interchange", lastValue: 999_999_998 });
    expect(await allocateControlNumbers(t.db, { partnerId: partner.id, direction: "outbound", kind: "interchange", count: 3 })).toEqual([999_999_999, 1, 2]);
    expect(await allocateControlNumbers(t.db, { partnerId: partner.id, direction: "outbound", kind: "interchange", count: 1 })).toEqual([3]);
    const [row] = await t.db
      .select()
      .from(schema.partnerControlNumbers)
      .where(and(eq(schema.partnerControlNumbers.partnerId, partner.id), eq(schema.partnerControlNumbers.kind, "interchange")));
    expect(row!.lastValue).toBe(3);
    await expect(allocateControlNumbers(t.db, { partnerId: partner.id, direction: "outbound", kind: "group", count: 0 })).rejects.toBeInstanceOf(RangeError);
  });

  it("detects a duplicate inbound interchange per partner", async () => {
    const a = await createTradingPartner(t.db, { name: "DupA", environment: "sandbox", fields: retailer(), secrets: {}, keyRing, actor });
    const b = await createTradingPartner(t.db, { name: "DupB", environment: "sandbox", fields: retailer(), secrets: {}, keyRing, actor });
    expect(await recordInboundInterchange(t.db, { partnerId: a.id, controlNumber: "000000905" })).toEqual({ duplicate: false });
    expect(await recordInboundInterchange(t.db, { partnerId: a.id, controlNumber: "905" })).toEqual({ duplicate: true });
    expect(await recordInboundInterchange(t.db, { partnerId: b.id, controlNumber: "000000905" })).toEqual({ duplicate: false });
    expect(await recordInboundInterchange(t.db, { partnerId: a.id, controlNumber: "000000906" })).toEqual({ duplicate: false });
  });
});
