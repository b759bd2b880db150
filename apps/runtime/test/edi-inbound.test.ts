import { createExpectations, insertEdiTransactions, insertInboundInterchange, NotFoundError, recordInboundInterchange, type TradingPartnerView } from "@ipaas/db";
import { selectRows } from "@ipaas/db/testing";
import { resubmitDeadLetter } from "@ipaas/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveInterchange, type EdiDeps } from "../src/edi/receive";
import { createRetailer, ediDeliveries, functionalAck, publishEdiFlow, purchaseOrder } from "./helpers/edi";
import { startHarness, waitForRun, type Harness } from "./helpers/harness";

let h: Harness;
let deps: EdiDeps;
let retailer: TradingPartnerView;
let flowId: string;
const received = new Date("2026-01-15T10:30:00Z");

beforeAll(async () => {
  h = await startHarness();
  retailer = await createRetailer(h.db, h.keyRing);
  flowId = await publishEdiFlow(h.db, retailer.id);
  deps = { db: h.db, runs: h.queue, deliveries: ediDeliveries(h), now: () => received };
});
afterAll(() => h.close());

const receive = (raw: string, extra: { partnerId?: string; environment?: string; transportRef?: string } = { partnerId: retailer.id }) =>
  receiveInterchange(deps, { raw: Buffer.from(raw), transport: "sftp", ...extra });
const text = (row: { raw: Buffer }) => row.raw.toString("utf8");
const runsOf = async (id: string) => selectRows(h.db, "runs", { flowId: id });

describe("receiveInterchange: a valid 850", () => {
  it("stores the bytes, records the set, queues a 997 with AK9*A and the next control numbers, starts one run and the timers", async () => {
    const raw = purchaseOrder({ isa13: "000000101", po: "PO-1001", shipDate: "20260120" });
    const result = await receive(raw, { environment: "sandbox", transportRef: "po-1001.edi" });
    expect(result).toMatchObject({ partnerId: retailer.id, status: "accepted" });

    const [stored] = await selectRows(h.db, "ediInterchanges", { id: result.interchangeId });
    expect(text(stored!)).toBe(raw);
    expect(stored).toMatchObject({ direction: "inbound", status: "accepted", controlNumber: "000000101", transport: "sftp", transportRef: "po-1001.edi" });

    const [set] = await selectRows(h.db, "ediTransactions", { interchangeId: result.interchangeId });
    expect(set).toMatchObject({ setId: "850", functionalId: "PO", groupControlNumber: "101", controlNumber: "0001", reference: "PO-1001", status: "routed", ackStatus: "accepted" });

    // Our 997: an outbound interchange queued for delivery, numbered from the partner's outbound counters.
    const [ack] = await selectRows(h.db, "ediInterchanges", { id: result.ackInterchangeId! });
    expect(ack).toMatchObject({ direction: "outbound", status: "queued", acknowledgesId: result.interchangeId, controlNumber: "000000001" });
    const ackText = text(ack!);
    expect(ackText).toContain("*000000001*0*T*>~");
    expect(ackText).toContain("GS*FA*SUPPLIER*RETAILER*");
    expect(ackText).toMatch(/ST\*997\*0001~\nAK1\*PO\*101~\nAK2\*850\*0001~\nAK5\*A~\nAK9\*A\*1\*1\*1~/);
    expect(await deps.deliveries.getJob(ack!.id)).toBeDefined();

    // One run with the set as JSON.
    const run = await waitForRun(h.db, set!.runId!);
    expect(run.run.status).toBe("succeeded");
    expect(run.run.triggerType).toBe("trigger.edi");
    expect(run.run.triggerEventId).toBe("edi:101:101:1");
    expect(run.run.output).toEqual({ po: "PO-1001", lines: 2 });
    const payload = run.run.triggerPayload as { partner: unknown; set: string; interchange: { controlNumber: string; sender: string }; segments: { id: string }[] };
    expect(payload).toMatchObject({ partner: { id: retailer.id, name: "Retailer" }, set: "850", interchange: { controlNumber: "000000101", sender: "ZZ:RETAILER" } });
    // The typed JSON of the set (@ipaas/x12 readTransactionSet) next to its segments.
    expect(payload).toMatchObject({ document: { set: "850", poNumber: "PO-1001", dates: [{ qualifier: "010", date: "2026-01-20" }], lines: [{ quantity: 10, upc: "012345678905" }, { quantity: 5 }] } });
    expect(payload.segments[0]).toEqual({ id: "ST", elements: ["850", "0001"] });

    // 855 within the partner's 24 hours; 856 by the end of the requested ship date (at-shipment).
    const timers = await selectRows(h.db, "ediExpectations", { transactionId: set!.id });
    const due = Object.fromEntries(timers.map((t) => [t.kind, t.dueAt.toISOString()]));
    expect(due).toEqual({ po_ack_855: "2026-01-16T10:30:00.000Z", asn_856: "2026-01-20T23:59:59.999Z" });
    expect(timers.every((t) => t.reference === "PO-1001")).toBe(true);

    // The next file's 997 takes the next numbers.
    const next = await receive(purchaseOrder({ isa13: "000000102", gs06: "102", po: "PO-1002" }));
    const [ack2] = await selectRows(h.db, "ediInterchanges", { id: next.ackInterchangeId! });
    expect(ack2!.controlNumber).toBe("000000002");
    expect(text(ack2!)).toMatch(/GS\*FA\*SUPPLIER\*RETAILER\*\d{8}\*\d{4}\*2\*X\*004010~\nST\*997\*0002~/);
  });

  it("a file delivered twice starts one run; the second is a duplicate answered with TA1 025", async () => {
    const raw = purchaseOrder({ isa13: "000000201", gs06: "201", po: "PO-2001" });
    const first = await receive(raw);
    const second = await receive(raw);
    expect(second).toMatchObject({ status: "duplicate", sets: [] });
    expect((await runsOf(flowId)).filter((r) => r.triggerEventId === "edi:201:201:1")).toHaveLength(1);
    expect(first.sets[0]!.runIds).toHaveLength(1);
    const [ta1] = await selectRows(h.db, "ediInterchanges", { id: second.ackInterchangeId! });
    expect(text(ta1!)).toMatch(/TA1\*000000201\*260115\*1030\*R\*025~/);
    expect(text(ta1!)).not.toContain("ST*997");
    expect(await selectRows(h.db, "ediTransactions", { interchangeId: second.interchangeId })).toEqual([]);
  });

  it("a receipt that stopped before it finished is read again instead of being refused as a duplicate", async () => {
    const raw = purchaseOrder({ isa13: "000000301", gs06: "301", po: "PO-3001" });
    // As if the process had died after recording the control number, before answering the sender: the row stays `received`.
    await insertInboundInterchange(h.db, { partnerId: retailer.id, environment: "sandbox", transport: "sftp", transportRef: null, raw: Buffer.from(raw) });
    await recordInboundInterchange(h.db, { partnerId: retailer.id, controlNumber: "000000301" });
    const retry = await receive(raw);
    expect(retry.status).toBe("accepted");
    expect(retry.sets).toMatchObject([{ status: "routed" }]);
    expect((await runsOf(flowId)).filter((r) => r.triggerEventId === "edi:301:301:1")).toHaveLength(1);
  });
});

describe("receiveInterchange: invalid and unroutable files", () => {
  it("wrong SE count: 997 AK5*R*4, the run dead-letters at the trigger with the raw text, nothing else runs; corrected and resubmitted it goes on", async () => {
    const raw = purchaseOrder({ isa13: "000000401", gs06: "401", po: "PO-4001", seCount: 5 });
    const result = await receive(raw);
    expect(result.status).toBe("rejected");
    expect(result.sets).toMatchObject([{ set: "850", status: "rejected" }]);
    const [ack] = await selectRows(h.db, "ediInterchanges", { id: result.ackInterchangeId! });
    expect(text(ack!)).toMatch(/AK2\*850\*0001~\nAK5\*R\*4~\nAK9\*R\*1\*1\*0/);
    const [set] = await selectRows(h.db, "ediTransactions", { interchangeId: result.interchangeId });
    expect(set).toMatchObject({ status: "rejected", ackStatus: "rejected" });
    expect(await selectRows(h.db, "ediExpectations", { transactionId: set!.id })).toEqual([]);

    const dead = await waitForRun(h.db, set!.runId!);
    expect(dead.run.status).toBe("dead");
    expect(dead.steps.map((s) => s.nodeId)).toEqual(["trigger"]);
    const [letter] = await selectRows(h.db, "deadLetters", { runId: set!.runId! });
    expect(letter).toMatchObject({ nodeId: "trigger", errorClass: "non_retryable" });
    expect((letter!.error as { code: string }).code).toBe("EDI_REJECTED");
    expect(letter!.errorMessage).toContain("SE01 segment count");
    const input = letter!.input as { raw: string; issues: string[]; partnerId: string };
    expect(input.raw).toBe(raw);
    expect(input.partnerId).toBe(retailer.id);
    expect(input.issues.join("\n")).toContain("AK5 4: SE01");

    // An operator corrects SE01 in the letter and resubmits: the same run maps the order.
    const corrected = { ...input, raw: raw.replace("SE*5*0001", "SE*8*0001") };
    await resubmitDeadLetter({ db: h.db, queue: h.queue }, { deadLetterId: letter!.id, input: corrected, actor: { id: null, email: "ops@example.com" } });
    const done = await waitForRun(h.db, set!.runId!);
    expect(done.run.status).toBe("succeeded");
    expect(done.run.output).toEqual({ po: "PO-4001", lines: 2 });
    const [after] = await selectRows(h.db, "ediTransactions", { id: set!.id });
    expect(after!.status).toBe("routed");
  });

  it("a set no flow subscribes to is recorded unrouted", async () => {
    const other = await createRetailer(h.db, h.keyRing, { theirIsaId: "OTHERSHOP" }, "Other shop");
    const result = await receive(purchaseOrder({ isa13: "000000501", sender: "OTHERSHOP" }), { partnerId: other.id });
    expect(result.sets).toMatchObject([{ status: "unrouted", runIds: [] }]);
  });

  it("an unknown sender: refused when no partner is named, stored rejected when the transport's partner is not the sender", async () => {
    const raw = purchaseOrder({ isa13: "000000601", sender: "STRANGER" });
    await expect(receive(raw, { environment: "sandbox" })).rejects.toBeInstanceOf(NotFoundError);
    const result = await receive(raw);
    expect(result).toMatchObject({ status: "rejected", ackInterchangeId: null, sets: [] });
    expect(result.issues[0]).toMatchObject({ codeList: "TA1", code: "006", found: "ZZ:STRANGER" });
    const [stored] = await selectRows(h.db, "ediInterchanges", { id: result.interchangeId });
    expect(text(stored!)).toBe(raw);
  });

  it("bytes that are not X12 are stored as received, unparseable", async () => {
    const raw = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00, 0x10]);
    const result = await receiveInterchange(deps, { raw, partnerId: retailer.id, transport: "as2", transportRef: "<msg-1@retailer>" });
    expect(result.status).toBe("unparseable");
    const [stored] = await selectRows(h.db, "ediInterchanges", { id: result.interchangeId });
    expect(stored!.raw.equals(raw)).toBe(true);
    expect(stored).toMatchObject({ status: "unparseable", controlNumber: null, transportRef: "<msg-1@retailer>" });
  });
});

describe("receiveInterchange: their 997", () => {
  it("updates the sets we sent and meets their ack997_theirs timers; no 997 goes back for a 997", async () => {
    const ours = await insertInboundInterchange(h.db, { partnerId: retailer.id, environment: "sandbox", transport: "sftp", transportRef: null, raw: Buffer.from("ISA…") });
    const base = { interchangeId: ours.id, partnerId: retailer.id, environment: "sandbox", direction: "outbound" as const, functionalId: "SH", groupControlNumber: "55", reference: null, status: "sent" };
    const [asnA, asnB, other] = await insertEdiTransactions(h.db, [
      { ...base, setId: "856", controlNumber: "0007" },
      { ...base, setId: "856", controlNumber: "0008" },
      { ...base, setId: "856", controlNumber: "0007", groupControlNumber: "56" },
    ]);
    await createExpectations(h.db, [{ partnerId: retailer.id, environment: "sandbox", kind: "ack997_theirs", transactionId: asnA!, reference: null, dueAt: new Date("2026-01-16T00:00:00Z") }]);

    const raw = functionalAck({ isa13: "000000701", group: "55", functionalId: "SH", ak9: "P", sets: [["856", "0007", "R", ["AK3*MAN*9**8", "AK4*2*87*4*123"]], ["856", "0008", "A", []]] });
    const result = await receive(raw);
    expect(result.status).toBe("accepted");
    expect(result.ackInterchangeId).toBeNull();

    const [a] = await selectRows(h.db, "ediTransactions", { id: asnA! });
    expect(a).toMatchObject({ ackStatus: "rejected", acknowledgedAt: received });
    expect(a!.ackErrors).toEqual([
      { level: "AK3", segmentId: "MAN", position: "9", code: "8" },
      { level: "AK4", element: "2", reference: "87", code: "4", data: "123" },
      { level: "AK5", code: "5" },
    ]);
    const [b] = await selectRows(h.db, "ediTransactions", { id: asnB! });
    expect(b).toMatchObject({ ackStatus: "accepted", ackErrors: [] });
    const [c] = await selectRows(h.db, "ediTransactions", { id: other! });
    expect(c!.ackStatus).toBe("none");
    const [timer] = await selectRows(h.db, "ediExpectations", { transactionId: asnA! });
    expect(timer!.metAt).toEqual(received);
    expect(timer!.metByTransactionId).toBe(result.sets[0]!.transactionId);
  });
});
