import { randomBytes, randomUUID } from "node:crypto";
import { createOutboundPolicy } from "@ipaas/connectors";
import { KeyRing, resendOutboundInterchange, type Db } from "@ipaas/db";
import { createTestDatabase, randomQueuePrefix, selectRows, type TestDatabase } from "@ipaas/db/testing";
import { executeFlow, parseFlowDefinition, type SendX12Call } from "@ipaas/flow";
import { createEdiDeliveriesQueue, resendEdiDelivery, type EdiDeliveryJob } from "@ipaas/jobs";
import { parseX12, validateX12 } from "@ipaas/x12";
import type { Job, Queue } from "bullmq";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createDeliveryProcessor, createDeliveryWorker } from "../src/edi/delivery";
import { createEdiSender } from "../src/edi/send";
import { checkEdiCompliance } from "../src/maintenance/edi-compliance";
import { partnerTransports } from "../src/edi/transports";
import type { Logger } from "../src/logger";
import { asn856, createRetailer, receivedPurchaseOrder, startAs2Receiver, type As2Receiver } from "./helpers/edi-outbound";

let t: TestDatabase;
let db: Db;
let deliveries: Queue<EdiDeliveryJob>;
let receiver: As2Receiver;
const keyRing = new KeyRing(randomBytes(32).toString("base64"));
const logger = { info() {}, warn() {}, error() {}, debug() {} } as unknown as Logger;
// The partner's endpoint listens on loopback, which the default policy refuses.
const outbound = createOutboundPolicy({ allow: "127.0.0.1" });
const transports = partnerTransports(outbound);

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  deliveries = createEdiDeliveriesQueue({ redisUrl: inject("redisUrl"), prefix: randomQueuePrefix() });
  receiver = await startAs2Receiver();
});
afterAll(async () => {
  await receiver?.close();
  await outbound.close();
  await deliveries?.close();
  await t?.close();
});
beforeEach(async () => {
  await deliveries.obliterate({ force: true });
  receiver.received.length = 0;
  receiver.answer = { status: 200, body: "" };
});

const sender = () => createEdiSender({ db, deliveries });
const call = (partnerId: string, input: unknown, key = `flow:${randomUUID()}:send:0`): SendX12Call => ({ partnerId, set: "856", input, idempotencyKey: key, runId: randomUUID(), correlationId: "c" });
const partnerNamed = async (name: string) => (await createRetailer(db, keyRing, { name, url: receiver.url })).id;
const interchangesOf = (partnerId: string) => selectRows(db, "ediInterchanges", { partnerId });

describe("Send X12 (real Postgres and Redis)", () => {
  it("generates a valid interchange for the partner and numbers consecutive sends without gaps", async () => {
    const partnerId = await partnerNamed("Numbered");
    const first = await sender()(call(partnerId, asn856("SHIP-1", "PO-1")));
    const second = await sender()(call(partnerId, { segments: asn856("SHIP-2", "PO-2") }));
    expect(first).toEqual({ interchangeId: expect.any(String), controlNumbers: { interchange: "000000001", group: "1", sets: ["0001"] }, status: "queued" });
    expect(second.controlNumbers).toEqual({ interchange: "000000002", group: "2", sets: ["0002"] });

    const [row] = await selectRows(db, "ediInterchanges", { id: first.interchangeId! });
    const text = row!.raw.toString("utf8");
    const result = validateX12(parseX12(text), { requireDefinition: true });
    expect(result.issues).toEqual([]);
    const [interchange] = parseX12(text).interchanges;
    expect(interchange!.isa).toMatchObject({ senderQualifier: "ZZ", senderId: "ACMEDIST       ", receiverQualifier: "01", receiverId: "BIGBOX         ", version: "00501", usage: "T", controlNumber: "000000001" });
    expect(interchange!.groups[0]).toMatchObject({ functionalId: "SH", senderId: "ACMEDIST", receiverId: "BIGBOXGS", version: "005010", controlNumber: "1" });
    expect(row).toMatchObject({ direction: "outbound", status: "queued", transport: "as2", controlNumber: "000000001" });
    // The set is recorded with its reference, and their 997 is expected within the partner's 4 hours.
    const [set] = await selectRows(db, "ediTransactions", { interchangeId: first.interchangeId! });
    expect(set).toMatchObject({ setId: "856", functionalId: "SH", groupControlNumber: "1", controlNumber: "0001", reference: "SHIP-1", status: "queued", ackStatus: "pending" });
    const [timer] = await selectRows(db, "ediExpectations", { transactionId: set!.id });
    expect(timer).toMatchObject({ kind: "ack997_theirs", metAt: null });
    expect(timer!.dueAt.getTime() - set!.createdAt.getTime()).toBeGreaterThan(3.9 * 3_600_000);
    // One delivery job per interchange.
    expect((await deliveries.getJobs(["waiting", "delayed"])).map((j) => j.id).sort()).toEqual([first.interchangeId, second.interchangeId].sort());
  });

  it("numbers concurrent sends from separate senders gap-free and without repeats", async () => {
    const partnerId = await partnerNamed("Concurrent");
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => sender()(call(partnerId, asn856(`SHIP-${i}`, `PO-${i}`)))));
    const numbers = results.map((r) => Number(r.controlNumbers.interchange)).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(results.map((r) => Number(r.controlNumbers.sets[0])).sort((a, b) => a - b)).toEqual(numbers);
    expect(await interchangesOf(partnerId)).toHaveLength(12);
  });

  it("a retried step (same run and node) sends one document and burns no number", async () => {
    const partnerId = await partnerNamed("Retried");
    const definition = parseFlowDefinition({
      schemaVersion: 1,
      nodes: [
        { id: "t", type: "trigger.manual", name: "Start" },
        { id: "send", type: "edi.send", name: "Send ASN", config: { partnerId, set: "856", input: "segments" } },
      ],
      edges: [{ id: "e", source: "t", target: "send" }],
    });
    const run = { runId: randomUUID(), flowId: randomUUID(), correlationId: "c", businessKey: null };
    // Each executeFlow starts with an empty ledger: the second is a crash after the send, before its checkpoint.
    const runOnce = () => executeFlow(definition, { trigger: { segments: asn856("SHIP-R", "PO-R") }, run, services: { sendX12: sender() } });
    const first = await runOnce();
    const again = await runOnce();
    expect(first.deadLetters).toEqual([]);
    expect(again.output).toEqual(first.output);
    expect(await interchangesOf(partnerId)).toHaveLength(1);
    // Concurrent retries of another step find the one stored too.
    const key = `flow:${run.runId}:other:0`;
    const both = await Promise.all([sender()(call(partnerId, asn856("SHIP-S", "PO-S"), key)), sender()(call(partnerId, asn856("SHIP-S", "PO-S"), key))]);
    expect(both[0]).toEqual(both[1]);
    expect(both[0].controlNumbers.interchange).toBe("000000002");
    expect((await sender()(call(partnerId, asn856("SHIP-T", "PO-T")))).controlNumbers.interchange).toBe("000000003");
  });

  it("takes the set's typed JSON: written, validated clean, and its PO numbers meet expectations", async () => {
    const partnerId = await partnerNamed("Typed");
    const po = await receivedPurchaseOrder(db, { partnerId, po: "4500012345", dueAt: new Date(Date.now() + 3_600_000), kinds: ["asn_856"] });
    const typed = {
      set: "856",
      purpose: "00",
      shipmentId: "SHP-2025-000731",
      shipDate: "2025-03-17",
      shipTime: "16:42",
      shipment: { carrier: { idQualifier: "2", scac: "UPSN", transportMethod: "U" } },
      orders: [{ poNumber: "4500012345", packs: [{ sscc: "000812345000000016", trackingNumber: "1Z999AA10123456784", items: [{ lineNumber: "1", upc: "081234500016", quantity: 10, uom: "EA" }] }] }],
    };
    const sent = await sender()(call(partnerId, typed));
    const [row] = await selectRows(db, "ediInterchanges", { id: sent.interchangeId! });
    expect(validateX12(parseX12(row!.raw.toString("utf8")), { requireDefinition: true }).issues).toEqual([]);
    expect(row!.raw.toString("utf8")).toContain("MAN*GM*000812345000000016~");
    expect((await selectRows(db, "ediExpectations", { transactionId: po.id }))[0]!.metAt).not.toBeNull();
    await expect(sender()(call(partnerId, { ...typed, shipDate: "17.03.2025" }))).rejects.toMatchObject({ code: "INVALID_INPUT", details: { issues: [expect.objectContaining({ path: "shipDate" })] } });
    await expect(sender()(call(partnerId, { ...typed, set: "810" }))).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("refuses invalid input, an unknown partner and a set the partner does not take, numbering nothing", async () => {
    const partnerId = await partnerNamed("Strict");
    await expect(sender()(call(partnerId, [{ id: "BSN", elements: [1] }]))).rejects.toMatchObject({ code: "INVALID_INPUT", errorClass: "non_retryable" });
    // Mandatory BSN03/BSN04 missing: the validator would reject it, so it never leaves.
    await expect(sender()(call(partnerId, [{ id: "BSN", elements: ["00", "X"] }, { id: "HL", elements: ["1", "", "S"] }]))).rejects.toMatchObject({ code: "INVALID_DOCUMENT" });
    await expect(sender()(call(randomUUID(), asn856("SHIP-9", "PO-9")))).rejects.toMatchObject({ code: "PARTNER_NOT_FOUND" });
    await expect(sender()({ ...call(partnerId, asn856("SHIP-9", "PO-9")), set: "940" })).rejects.toMatchObject({ code: "PARTNER_SET_NOT_ENABLED" });
    expect(await interchangesOf(partnerId)).toHaveLength(0);
    expect((await sender()(call(partnerId, asn856("SHIP-9", "PO-9")))).controlNumbers.interchange).toBe("000000001");
  });

  it("an 856 meets the asn_856 expectation of its 850; the 855 and 810 timers stay open", async () => {
    const partnerId = await partnerNamed("Expecting");
    const po = await receivedPurchaseOrder(db, { partnerId, po: "PO-4501", dueAt: new Date(Date.now() + 3_600_000), kinds: ["po_ack_855", "asn_856", "invoice_810"] });
    const other = await receivedPurchaseOrder(db, { partnerId, po: "PO-9999", dueAt: new Date(Date.now() + 3_600_000), kinds: ["asn_856"] });
    const sent = await sender()(call(partnerId, asn856("SHIP-4501", "PO-4501")));
    const [asn] = await selectRows(db, "ediTransactions", { interchangeId: sent.interchangeId! });
    const timers = await selectRows(db, "ediExpectations", { transactionId: po.id });
    expect(timers.find((e) => e.kind === "asn_856")).toMatchObject({ metByTransactionId: asn!.id, metAt: expect.any(Date) });
    expect(timers.filter((e) => e.kind !== "asn_856").every((e) => e.metAt === null)).toBe(true);
    expect((await selectRows(db, "ediExpectations", { transactionId: other.id }))[0]!.metAt).toBeNull();
  });
});

describe("EDI delivery worker (real Redis queue and a real HTTP endpoint)", () => {
  it("sends the stored bytes by AS2 and records sentAt, attempts and the MDN", async () => {
    const partnerId = await partnerNamed("Delivered");
    const worker = createDeliveryWorker({ db, keyRing, transports, redisUrl: inject("redisUrl"), prefix: deliveries.opts.prefix!, logger });
    try {
      const sent = await sender()(call(partnerId, asn856("SHIP-D", "PO-D")));
      await expect.poll(async () => (await selectRows(db, "ediInterchanges", { id: sent.interchangeId! }))[0]!.status, { timeout: 10_000 }).toBe("sent");
      const [row] = await selectRows(db, "ediInterchanges", { id: sent.interchangeId! });
      expect(receiver.received).toHaveLength(1);
      const [post] = receiver.received;
      // Unsigned and unencrypted for this partner: the body is the stored interchange, byte for byte.
      expect(post!.body).toBe(row!.raw.toString("latin1"));
      expect(post!.headers).toMatchObject({ "as2-from": "ACME", "as2-to": "BIGBOX", "content-type": "application/edi-x12" });
      expect(row).toMatchObject({ attempts: 1, lastError: null, transportRef: post!.headers["message-id"], mdn: { status: 200, disposition: expect.stringContaining("processed"), processed: true } });
      expect(row!.sentAt).toBeInstanceOf(Date);
      expect((await selectRows(db, "ediTransactions", { interchangeId: row!.id }))[0]!.status).toBe("sent");
    } finally {
      await worker.close();
    }
  });

  it("records failures, retries until the last attempt leaves it failed, and a resend sends it", async () => {
    const partnerId = await partnerNamed("Failing");
    const sent = await sender()(call(partnerId, asn856("SHIP-F", "PO-F")));
    const deliver = createDeliveryProcessor({ db, keyRing, transports, logger });
    const job = (attemptsMade: number) => ({ data: { interchangeId: sent.interchangeId! }, attemptsMade, opts: { attempts: 3 } }) as unknown as Job<EdiDeliveryJob>;
    const row = async () => (await selectRows(db, "ediInterchanges", { id: sent.interchangeId! }))[0]!;
    receiver.answer = { status: 503, body: "down for maintenance" };

    await expect(deliver(job(0))).rejects.toThrow(/503/);
    expect(await row()).toMatchObject({ status: "queued", attempts: 1, lastError: expect.stringContaining("503"), sentAt: null });
    await expect(deliver(job(2))).rejects.toThrow(/503/);
    expect(await row()).toMatchObject({ status: "failed", attempts: 2 });
    expect((await selectRows(db, "ediTransactions", { interchangeId: sent.interchangeId! }))[0]!.status).toBe("failed");
    // A redelivered job for a failed interchange sends nothing.
    expect(await deliver(job(0))).toBe("skipped: failed");
    expect(receiver.received).toHaveLength(2);

    receiver.answer = { status: 200, body: "" };
    await resendOutboundInterchange(db, { interchangeId: sent.interchangeId!, actor: null });
    await resendEdiDelivery(deliveries, { interchangeId: sent.interchangeId! });
    expect(await deliver(job(0))).toBe("sent");
    expect(await row()).toMatchObject({ status: "sent", attempts: 3, lastError: null });
    await expect(resendOutboundInterchange(db, { interchangeId: sent.interchangeId!, actor: null })).rejects.toThrow(/only a failed one/);
    expect(await selectRows(db, "auditLog", { action: "edi.resend" })).toHaveLength(1);
  });

  it("a refusal no retry can fix (the outbound policy refusing the partner's host) fails the interchange on the first attempt", async () => {
    const partnerId = await partnerNamed("Refused");
    const sent = await sender()(call(partnerId, asn856("SHIP-P", "PO-P")));
    const strict = createOutboundPolicy({}); // loopback not allowed
    try {
      const deliver = createDeliveryProcessor({ db, keyRing, transports: partnerTransports(strict), logger });
      const job = { data: { interchangeId: sent.interchangeId! }, attemptsMade: 0, opts: { attempts: 12 } } as unknown as Job<EdiDeliveryJob>;
      await expect(deliver(job)).rejects.toMatchObject({ name: "UnrecoverableError" });
      expect((await selectRows(db, "ediInterchanges", { id: sent.interchangeId! }))[0]).toMatchObject({ status: "failed", attempts: 1 });
      expect(receiver.received).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });

  it("the compliance sweep gives a queued interchange whose job was lost its delivery job again", async () => {
    const partnerId = await partnerNamed("Swept");
    const sent = await sender()(call(partnerId, asn856("SHIP-L", "PO-L")));
    await deliveries.obliterate({ force: true }); // the enqueue was lost (crash), or a resend was recorded by the designer
    expect(await checkEdiCompliance({ db, deliveries, now: new Date() })).toMatchObject({ requeued: 0 }); // too fresh: its own job may still come
    // (Earlier tests of this file left queued interchanges too: each gets its job.)
    const { requeued } = await checkEdiCompliance({ db, deliveries, now: new Date(Date.now() + 5 * 60_000) });
    const waiting = (await deliveries.getJobs(["waiting"])).map((j) => j.id);
    expect(waiting).toContain(sent.interchangeId);
    expect(waiting).toHaveLength(requeued);
    // A live job is left alone: sweeping again adds nothing.
    await checkEdiCompliance({ db, deliveries, now: new Date(Date.now() + 6 * 60_000) });
    expect(await deliveries.getJobs(["waiting", "delayed"])).toHaveLength(requeued);
  });
});
