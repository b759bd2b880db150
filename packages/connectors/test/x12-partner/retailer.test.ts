import { el, parseX12, validateX12 } from "@ipaas/x12";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startPartnerSimulator, type PartnerState, type RunningPartnerSimulator } from "../../src/x12-partner/simulator";
import type { As2Identity } from "../../src/edi";
import { ASN_856, fromUs, ourIdentity, postAs2, startFakeRuntime } from "./helpers";

let ours: As2Identity;
let sim: RunningPartnerSimulator;
let runtime: Awaited<ReturnType<typeof startFakeRuntime>>;
let next = 1;
/** Fresh consecutive numbers for each document we send, as our runtime would allocate them. */
const numbers = () => {
  const n = next++;
  return { interchange: n, group: n, set: n };
};

beforeAll(async () => {
  ours = await ourIdentity();
  runtime = await startFakeRuntime(ours, () => sim.identity.as2Certificate);
  sim = await startPartnerSimulator({ targetUrl: runtime.url, partnerCertificate: ours.certificate });
});
afterAll(async () => {
  await sim.close();
  await runtime.close();
});
afterEach(async () => {
  await sim.control.reset();
  sim.control.configure({ ackMode: "accept" });
  runtime.posts.length = 0;
  next = 1;
});

const state = async (): Promise<PartnerState> => (await fetch(`${sim.url}/control/state`)).json() as Promise<PartnerState>;
const controlPost = (path: string, body: unknown) => fetch(`${sim.url}/control/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const segmentsOf = (text: string, id: string) => parseX12(text).interchanges[0]?.groups[0]?.sets[0]?.segments.filter((s) => s.id === id) ?? [];

describe("the retailer sends 850s", () => {
  it("POST /control/send-850 delivers an 850 over AS2 that @ipaas/x12 accepts", async () => {
    const res = await controlPost("send-850", { lines: 3, poNumber: "PO-4711" });
    expect(res.status).toBe(200);
    const [post] = await runtime.waitFor("ST*850");
    expect(post?.headers["as2-from"]).toBe("RETAILSIM");
    expect(post?.headers["as2-to"]).toBe("IPAASDEMO");
    expect(post).toMatchObject({ signed: true, encrypted: true });
    const file = parseX12(post?.body ?? "");
    const result = validateX12(file, { requireDefinition: true });
    expect(result.issues).toEqual([]);
    const ic = file.interchanges[0];
    expect(ic?.isa.senderId.trim()).toBe("RETAILSIM");
    expect(ic?.groups[0]?.functionalId).toBe("PO");
    expect(segmentsOf(post?.body ?? "", "PO1")).toHaveLength(3);
    expect(el(segmentsOf(post?.body ?? "", "BEG")[0], 3)).toBe("PO-4711");
    const doc = (await state()).documents[0];
    expect(doc).toMatchObject({ direction: "sent", role: "retailer", sets: ["850"], valid: true, delivery: { ok: true, transport: "as2", status: 200 } });
  });

  it("control numbers of consecutive 850s follow each other", async () => {
    await sim.control.send850();
    await sim.control.send850();
    const [a, b] = sim.control.documents("sent", "850");
    expect(Number(b?.interchangeControlNumber)).toBe(Number(a?.interchangeControlNumber) + 1);
    expect(Number(b?.groups[0]?.controlNumber)).toBe(Number(a?.groups[0]?.controlNumber) + 1);
  });

  it("an injected wrong SE count is what our validator reports (AK5 code 4)", async () => {
    await controlPost("send-850", { error: "se-count" });
    const [post] = await runtime.waitFor("ST*850");
    const set = validateX12(parseX12(post?.body ?? "")).interchanges[0]?.groups[0]?.sets[0];
    expect(set?.status).toBe("R");
    expect(set?.codes).toEqual(["4"]);
  });

  it("a 997 from us is recorded on the 850 it acknowledges", async () => {
    const po = await sim.control.send850();
    const group = po.groups[0]?.controlNumber ?? "";
    const ack = fromUs("997", "FA", [`AK1*PO*${group}*005010`, `AK2*850*${po.groups[0]?.sets[0]?.controlNumber}`, "AK5*A", "AK9*A*1*1*1"], numbers());
    expect((await postAs2(sim, ours, ack)).ok).toBe(true);
    expect(sim.control.documents("sent", "850")[0]?.ack).toMatchObject({ status: "A", sets: [{ id: "850", status: "A" }] });
    // A 997 is never acknowledged.
    await new Promise((r) => setTimeout(r, 100));
    expect(runtime.posts.filter((p) => p.body.includes("ST*997"))).toHaveLength(0);
  });

  it("rejects bad control API input with 400", async () => {
    expect((await controlPost("send-850", { error: "no-such-error" })).status).toBe(400);
    expect((await controlPost("config", { ackMode: "sometimes" })).status).toBe(400);
  });
});

describe("the retailer validates what it receives and answers 997s", () => {
  it("accept: a valid 856 gets a 997 with AK5*A; reject: the next gets AK5*R with an AK3", async () => {
    const res = await postAs2(sim, ours, fromUs("856", "SH", ASN_856, numbers()));
    expect(res.ok && res.mdn).toMatchObject({ processed: true, signed: true });
    const [accept] = await runtime.waitFor("ST*997");
    expect(accept?.body).toContain("AK5*A");
    expect(accept?.body).toContain("AK9*A*1*1*1");
    expect(parseX12(accept?.body ?? "").interchanges[0]?.isa.senderId.trim()).toBe("RETAILSIM");

    await controlPost("config", { ackMode: "reject" });
    await postAs2(sim, ours, fromUs("856", "SH", ASN_856, numbers()));
    const [, reject] = await runtime.waitFor("ST*997", 2);
    expect(reject?.body).toMatch(/AK3\*BSN\*2\*\*8/);
    expect(reject?.body).toContain("AK5*R*5");
    expect(reject?.body).toContain("AK9*R*1*1*0");

    const s = await state();
    expect(s.counts.received).toEqual({ "856": 2 });
    expect(s.counts.sent).toEqual({ "997": 2 });
    expect(s.consecutive).toBe(true);
    const received = s.documents.filter((d) => d.direction === "received");
    expect(received.map((d) => [d.valid, d.ack?.status])).toEqual([[true, "A"], [true, "R"]]);
    expect(s.documents.find((d) => d.id === received[1]?.ack?.documentId)?.acknowledges).toBe(received[1]?.id);
  });

  it("a document with a wrong SE count gets AK5*R*4 and is stored invalid with the error", async () => {
    const bad = fromUs("856", "SH", ASN_856, numbers()).replace(/SE\*20\*/, "SE*21*");
    await postAs2(sim, ours, bad);
    const [ack] = await runtime.waitFor("ST*997");
    expect(ack?.body).toContain("AK5*R*4");
    const doc = sim.control.documents("received", "856")[0];
    expect(doc?.valid).toBe(false);
    expect(doc?.issues.join("\n")).toMatch(/AK5 4: SE01.*expected 20, found 21/);
    expect(doc?.ack).toMatchObject({ status: "R", sets: [{ id: "856", status: "R", codes: ["4"] }] });
  });

  it("a set definition error is answered with AK3/AK4 detail", async () => {
    const bad = fromUs("856", "SH", ASN_856.map((l) => (l.startsWith("BSN") ? "BSN*00*SH-88012*20261345*1030*0001" : l)), numbers());
    await postAs2(sim, ours, bad);
    const [ack] = await runtime.waitFor("ST*997");
    expect(ack?.body).toMatch(/AK3\*BSN\*2\*\*8/);
    expect(ack?.body).toMatch(/AK4\*3\*373\*8/);
    expect(ack?.body).toContain("AK5*R*5");
  });

  it("control numbers that skip are reported; a repeated interchange number is a duplicate", async () => {
    await postAs2(sim, ours, fromUs("855", "PR", ["BAK*00*AD*PO-1*20261202"], { interchange: 5, group: 5, set: 5 }));
    await postAs2(sim, ours, fromUs("810", "IN", ["BIG*20261202*INV-1**PO-1", "TDS*1000"], { interchange: 7, group: 6, set: 6 }));
    await postAs2(sim, ours, fromUs("810", "IN", ["BIG*20261202*INV-2**PO-1", "TDS*1000"], { interchange: 7, group: 7, set: 7 }));
    const [first, second, third] = sim.control.documents("received");
    expect(first?.sequenceIssues).toEqual([]);
    expect(second?.sequenceIssues).toEqual(["ISA13 000000007 does not follow 000000005"]);
    expect(third?.issues.join("\n")).toMatch(/TA1 025/);
    expect(sim.control.state().consecutive).toBe(false);
  });

  it("late: the 997 is pending, then sent after lateSeconds; never: no 997", async () => {
    sim.control.configure({ ackMode: "late", lateSeconds: 0.4 });
    await postAs2(sim, ours, fromUs("856", "SH", ASN_856, numbers()));
    const doc = sim.control.documents("received", "856")[0];
    expect(doc?.ack?.status).toBe("pending");
    expect(runtime.posts).toHaveLength(0);
    await runtime.waitFor("ST*997");
    expect(doc?.ack?.status).toBe("A");

    sim.control.configure({ ackMode: "never" });
    await postAs2(sim, ours, fromUs("856", "SH", ASN_856, numbers()));
    await new Promise((r) => setTimeout(r, 300));
    expect(runtime.posts.filter((p) => p.body.includes("ST*997"))).toHaveLength(1);
    expect(sim.control.documents("received", "856")[1]?.ack?.status).toBe("never");
  });

  it("refuses unsigned or unencrypted AS2 from us, and a sender it does not know, with a negative MDN", async () => {
    const doc = fromUs("856", "SH", ASN_856, numbers());
    const plain = await postAs2(sim, ours, doc, "RETAILSIM", { sign: false, encrypt: false });
    expect(plain.ok ? "accepted" : plain.error.code).toBe("mdn_failed");
    const stranger = await postAs2(sim, await ourIdentity(), doc);
    expect(stranger.ok ? "accepted" : `${stranger.error.code} ${stranger.error.message}`).toMatch(/^mdn_(failed|signature)/);
    expect(sim.control.documents("received")).toHaveLength(0);
  });

  it("a document from a sender it does not expect is stored invalid", async () => {
    const text = fromUs("856", "SH", ASN_856, numbers()).replace("ZZ*IPAASDEMO      ", "ZZ*SOMEONEELSE   ").replace("SH*IPAASDEMO*", "SH*SOMEONEELSE*");
    await postAs2(sim, ours, text);
    const doc = sim.control.documents("received", "856")[0];
    expect(doc?.valid).toBe(false);
    expect(doc?.issues.join("\n")).toMatch(/ISA05\/06 ZZ\*SOMEONEELSE is not ZZ\*IPAASDEMO[^\n]*\nGS02\/GS03 SOMEONEELSE\/RETAILSIM/);
  });

  it("a set the retailer does not take is rejected (940 to the retailer)", async () => {
    await postAs2(sim, ours, fromUs("940", "OW", ["W05*N*SO-1", "LX*1", "W01*1*EA**VN*X", "W76*1"], numbers()));
    const doc = sim.control.documents("received", "940")[0];
    expect(doc?.issues).toContain("the retailer simulator does not take 940s");
    expect(doc?.valid).toBe(false);
    const [ack] = await runtime.waitFor("ST*997");
    expect(ack?.body).toContain("AK5*R*1");
    expect(ack?.body).toContain("AK9*R*1*1*0");
  });
});
