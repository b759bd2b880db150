import { createUser, KeyRing } from "@ipaas/db";
import { createTestDatabase, insertRow, randomQueuePrefix, type TestDatabase } from "@ipaas/db/testing";
import { createRunsQueue } from "@ipaas/jobs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { RunsQueue } from "../src/server/context";
import { createCaller } from "../src/server/routers/_app";
import type { Role, SessionUser } from "../src/server/services/users";
import { codeOf, testOutbound } from "./helpers";
import { RETAILER, retailerSamples, upc } from "./edi-samples";

// The edi router on real Postgres + Redis (docs/architecture.md "EDI dashboard and onboarding"):
// documents and timers are seeded as the inbound/outbound pipelines would store them.
let t: TestDatabase;
let queue: RunsQueue;
const users = {} as Record<Role, SessionUser>;
const now = new Date();
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
let partnerId = "";
let otherId = "";
const ids = {} as Record<"po" | "poAck" | "asn" | "theirAck" | "invoice", string>;

const as = (role: Role) => createCaller({ db: t.db, queue, user: users[role], keyRing: new KeyRing(Buffer.alloc(32, 7).toString("base64")), ip: "127.0.0.1", outbound: testOutbound });

const ourAck = `ISA*00*          *00*          *ZZ*SUPPLIER       *ZZ*RETAILER       *260115*1031*U*00401*000000007*0*T*>~
GS*FA*SUPPLIER*RETAILER*20260115*1031*7*X*004010~ST*997*0007~AK1*PO*101~AK2*850*0001~AK5*A~AK9*A*1*1*1~SE*6*0007~GE*1*7~IEA*1*000000007~`;
const theirAck = `ISA*00*          *00*          *ZZ*RETAILER       *ZZ*SUPPLIER       *260115*1200*U*00401*000000555*0*T*>~
GS*FA*RETAILER*SUPPLIER*20260115*1200*555*X*004010~ST*997*0555~AK1*SH*31~AK2*856*0031~AK3*MAN*8**8~AK4*2**1~AK5*R*5~AK9*R*1*1*0~SE*8*0555~GE*1*555~IEA*1*000000555~`;

async function interchange(values: { partnerId: string; direction: string; status: string; raw: string; createdAt: Date; acknowledgesId?: string; controlNumber?: string }) {
  return insertRow(t.db, "ediInterchanges", { environment: "sandbox", transport: "as2", ...values, raw: Buffer.from(values.raw) });
}
async function transaction(values: { interchangeId: string; partnerId: string; direction: string; setId: string; groupControlNumber: string; controlNumber: string; status: string; ackStatus?: string; ackErrors?: unknown[]; createdAt: Date; reference?: string }) {
  return insertRow(t.db, "ediTransactions", { environment: "sandbox", functionalId: "PO", ...values });
}

beforeAll(async () => {
  t = await createTestDatabase();
  queue = createRunsQueue({ redisUrl: inject("redisUrl"), prefix: randomQueuePrefix() });
  for (const role of ["admin", "analyst", "operator", "viewer"] as const) users[role] = await createUser(t.db, { email: `${role}@edi.test`, name: role, role });
  const { name: _n, ...fields } = RETAILER;
  partnerId = (await as("admin").partners.create({ name: "BigBox", environment: "sandbox", fields })).id;
  otherId = (await as("admin").partners.create({ name: "Quiet Co", environment: "sandbox", fields: { ...fields, theirIsaId: "QUIET", theirGsId: "QUIET" } })).id;

  // Their 850 yesterday, accepted by our 997 (which names it); our 855 for it is overdue.
  const po = await interchange({ partnerId, direction: "inbound", status: "accepted", raw: retailerSamples()[0]!.text, createdAt: daysAgo(1), controlNumber: "000000101" });
  ids.po = po.id;
  const poSet = await transaction({ interchangeId: po.id, partnerId, direction: "inbound", setId: "850", groupControlNumber: "101", controlNumber: "0001", status: "routed", ackStatus: "accepted", createdAt: daysAgo(1), reference: "PO12345" });
  ids.poAck = (await interchange({ partnerId, direction: "outbound", status: "sent", raw: ourAck, createdAt: daysAgo(1), acknowledgesId: po.id })).id;
  await transaction({ interchangeId: ids.poAck, partnerId, direction: "outbound", setId: "997", groupControlNumber: "7", controlNumber: "0007", status: "sent", createdAt: daysAgo(1) });
  await insertRow(t.db, "ediExpectations", { partnerId, environment: "sandbox", kind: "po_ack_855", transactionId: poSet.id, reference: "PO12345", dueAt: hoursAgo(2) });
  await insertRow(t.db, "ediExpectations", { partnerId, environment: "sandbox", kind: "ack997_ours", transactionId: poSet.id, dueAt: daysAgo(0.9), metAt: daysAgo(0.95) });

  // Our 856 today, rejected by their 997 (found by its AK1/AK2); our 810 today still waits for their 997 (open, met late: none).
  const asn = await interchange({ partnerId, direction: "outbound", status: "sent", raw: retailerSamples()[2]!.text, createdAt: hoursAgo(3) });
  ids.asn = asn.id;
  const asnSet = await transaction({ interchangeId: asn.id, partnerId, direction: "outbound", setId: "856", groupControlNumber: "31", controlNumber: "0031", status: "sent", ackStatus: "rejected", ackErrors: [{ segmentId: "MAN", position: 8, code: "8", elements: [{ position: 2, code: "1" }] }], createdAt: hoursAgo(3), reference: "ASN1001" });
  await insertRow(t.db, "ediExpectations", { partnerId, environment: "sandbox", kind: "ack997_theirs", transactionId: asnSet.id, dueAt: hoursAgo(1), metAt: hoursAgo(0.5) });
  ids.theirAck = (await interchange({ partnerId, direction: "inbound", status: "accepted", raw: theirAck, createdAt: hoursAgo(0.5) })).id;
  await transaction({ interchangeId: ids.theirAck, partnerId, direction: "inbound", setId: "997", groupControlNumber: "555", controlNumber: "0555", status: "accepted", createdAt: hoursAgo(0.5) });
  const invoice = await interchange({ partnerId, direction: "outbound", status: "sent", raw: retailerSamples()[3]!.text, createdAt: hoursAgo(1) });
  ids.invoice = invoice.id;
  const invSet = await transaction({ interchangeId: invoice.id, partnerId, direction: "outbound", setId: "810", groupControlNumber: "104", controlNumber: "0006", status: "sent", ackStatus: "pending", createdAt: hoursAgo(1) });
  await insertRow(t.db, "ediExpectations", { partnerId, environment: "sandbox", kind: "ack997_theirs", transactionId: invSet.id, dueAt: new Date(now.getTime() + 3_600_000) });
  // Older than the 14-day window: not counted.
  const old = await interchange({ partnerId, direction: "inbound", status: "accepted", raw: retailerSamples()[1]!.text, createdAt: daysAgo(20) });
  await transaction({ interchangeId: old.id, partnerId, direction: "inbound", setId: "850", groupControlNumber: "102", controlNumber: "0002", status: "routed", ackStatus: "rejected", createdAt: daysAgo(20) });
});
afterAll(async () => {
  await queue?.close();
  await t?.close();
});

describe("edi router", () => {
  it("dashboard: documents per partner and day, acceptance both ways, timer states, overdue items and rejected sets with their AK errors", async () => {
    const dash = await as("viewer").edi.dashboard({ environment: "sandbox" });
    expect(dash.partners.map((p) => p.name)).toEqual(["BigBox", "Quiet Co"]);
    const [big, quiet] = dash.partners;
    expect(big!.perDay).toHaveLength(14);
    expect(big!.perDay.reduce((n, d) => n + d.inbound, 0)).toBe(2);
    expect(big!.perDay.reduce((n, d) => n + d.outbound, 0)).toBe(3);
    const today = big!.perDay.at(-1)!;
    expect(today.day.toISOString().slice(0, 10)).toBe(now.toISOString().slice(0, 10));
    expect(big!.inbound).toEqual({ sets: 1, accepted: 1, acceptedWithErrors: 0, rejected: 0, pending: 0, rate: 1 });
    expect(big!.outbound).toEqual({ sets: 2, accepted: 0, acceptedWithErrors: 0, rejected: 1, pending: 1, rate: 0 });
    expect(big!.expectations).toEqual({ open: 1, met: 1, late: 1, overdue: 1 });
    expect(quiet!.perDay.every((d) => d.inbound + d.outbound === 0)).toBe(true);
    expect(quiet!.inbound.rate).toBeNull();
    expect(dash.pending.map((p) => [p.kind, p.state, p.setId])).toEqual([
      ["po_ack_855", "overdue", "850"],
      ["ack997_theirs", "open", "810"],
    ]);
    expect(dash.rejected).toEqual([expect.objectContaining({ setId: "856", controlNumber: "0031", interchangeId: ids.asn, ackErrors: [expect.objectContaining({ segmentId: "MAN", code: "8" })] })]);
  });

  it("documents: filters by partner, direction, set and status", async () => {
    const viewer = as("viewer");
    const all = await viewer.edi.documents({ partnerId });
    expect(all.total).toBe(6);
    expect(all.items[0]).toMatchObject({ id: ids.theirAck, sets: ["997"], partnerName: "BigBox" });
    expect((await viewer.edi.documents({ partnerId, direction: "outbound", setId: "856" })).items.map((d) => [d.id, d.ackStatus])).toEqual([[ids.asn, "rejected"]]);
    expect((await viewer.edi.documents({ status: "sent", limit: 2 })).items).toHaveLength(2);
    expect((await viewer.edi.documents({ status: "sent" })).total).toBe(3);
    expect((await viewer.edi.documents({ partnerId: otherId })).total).toBe(0);
  });

  it("document: raw text paged for display, the sets, their timers and the 997 that answered them; the download has every byte", async () => {
    const viewer = as("viewer");
    const asn = await viewer.edi.document({ id: ids.asn });
    expect(asn.raw).toMatchObject({ offset: 0, truncated: false, text: retailerSamples()[2]!.text });
    expect(asn.transactions).toEqual([expect.objectContaining({ setId: "856", ackStatus: "rejected", expectations: [expect.objectContaining({ kind: "ack997_theirs", state: "late" })] })]);
    // Their 997 names our group 31 / set 0031: found by its AK1/AK2, though nothing links the rows.
    expect(asn.answeredBy.map((a) => [a.id, a.sets])).toEqual([[ids.theirAck, [{ group: "31", setId: "856", controlNumber: "0031", status: "R" }]]]);
    // Our 997 names the 850 it answers (acknowledges_id); the invoice has no answer yet.
    expect((await viewer.edi.document({ id: ids.po })).answeredBy.map((a) => a.id)).toEqual([ids.poAck]);
    expect((await viewer.edi.document({ id: ids.invoice })).answeredBy).toEqual([]);

    const page = await viewer.edi.document({ id: ids.asn, rawOffset: 100 });
    expect(page.raw).toMatchObject({ text: retailerSamples()[2]!.text.slice(100), offset: 100, previous: 0, next: null, truncated: false });
    const download = await viewer.edi.download({ id: ids.asn });
    expect(Buffer.from(download.base64, "base64").toString()).toBe(retailerSamples()[2]!.text);
    expect(download).toMatchObject({ fileName: `BigBox-outbound-${ids.asn.slice(0, 8)}.x12`, size: retailerSamples()[2]!.text.length });
    expect(await codeOf(viewer.edi.document({ id: "00000000-0000-4000-8000-000000000000" }))).toBe("NOT_FOUND");
  });

  it("certify: the onboarding harness flags the invalid one of five samples; analysts and admins only", async () => {
    const { report, html } = await as("analyst").edi.certify({ partnerId, files: retailerSamples() });
    expect(report.summary).toEqual({ documents: 5, passed: 4, failed: 1 });
    expect(report.documents.find((d) => !d.passed)?.file).toBe("05-bad-se-count.x12");
    expect(html).toContain("05-bad-se-count.x12 — FAILED");
    // The shipped 850 mapping runs on each PO and its result is checked against the canonical model; 856/810 have none that reads them.
    expect(report.documents[0]!.mapped).toEqual([{ setId: "850", controlNumber: "0001", ok: true, message: "mapped to PurchaseOrder; no standard mapping back to 850" }]);
    expect(report.documents[2]!.mapped[0]).toMatchObject({ setId: "856", ok: null, message: "not available for set 856" });
    expect(report.documents[2]!.roundTripped[0]).toMatchObject({ ok: true, message: "typed JSON → X12 → typed JSON is unchanged" });
    // The first line's UPC with a wrong check digit: valid X12, but not a GTIN the canonical model accepts.
    const badGtin = retailerSamples()[0]!.text.replace(/\*UP\*(\d{11})\d/, (_, base: string) => `*UP*${base}${(Number(upc(base).at(-1)) + 1) % 10}`);
    const [mapped] = (await as("admin").edi.certify({ partnerId, files: [{ name: "bad-gtin.x12", text: badGtin }] })).report.documents;
    expect(mapped).toMatchObject({ passed: false, valid: { ok: true } });
    expect(mapped!.mapped[0]?.message).toContain("GS1 check digit is wrong");
    expect(await codeOf(as("viewer").edi.certify({ partnerId, files: retailerSamples() }))).toBe("FORBIDDEN");
    expect(await codeOf(as("operator").edi.certify({ partnerId, files: retailerSamples() }))).toBe("FORBIDDEN");
  });
});
