import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { el, parseX12, validateX12 } from "@ipaas/x12";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPartnerSimulator, THREEPL_PARTY, type RunningPartnerSimulator } from "../../src/x12-partner/simulator";
import { generateAs2Identity, sftpPollInbound, sftpPut, type As2Identity } from "../../src/edi";
import { createOutboundPolicy } from "../../src/net";
import { ASN_856, fromUs, ORDER_940, ourIdentity, postAs2, startFakeRuntime, until } from "./helpers";

let ours: As2Identity;
/** Kept for the restarted simulator, whose messages the fake runtime checks against the same certificate. */
let simIdentity: As2Identity;
let runtime: Awaited<ReturnType<typeof startFakeRuntime>>;
let sim: RunningPartnerSimulator;
let root: string;

beforeAll(async () => {
  [ours, simIdentity] = await Promise.all([ourIdentity(), generateAs2Identity({ commonName: "simulator" })]);
  runtime = await startFakeRuntime(ours, () => sim.identity.as2Certificate);
  root = fs.mkdtempSync(path.join(os.tmpdir(), "partner-sim-"));
  sim = await startPartnerSimulator({ targetUrl: runtime.url, partnerCertificate: ours.certificate, as2Identity: simIdentity, shipDelaySeconds: 0.2, sftp: { root, pollMs: 50 }, controlNumbersFile: path.join(root, "numbers.json") });
});
afterAll(async () => {
  await sim.close();
  await runtime.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe("the 3PL", () => {
  it("answers a 940 with a 997 and, after the delay, a 945 shipping everything ordered with a tracking number", async () => {
    const order = fromUs("940", "OW", ORDER_940, { interchange: 1, group: 1, set: 1 }, THREEPL_PARTY);
    expect((await postAs2(sim, ours, order, THREEPL_PARTY.isaId)).ok).toBe(true);
    const [ack] = await runtime.waitFor("ST*997");
    expect(ack?.body).toContain("AK5*A");
    expect(runtime.posts.some((p) => p.body.includes("ST*945"))).toBe(false);
    const [post] = await runtime.waitFor("ST*945");
    expect(post?.headers["as2-from"]).toBe("WMS3PLSIM");
    const file = parseX12(post?.body ?? "");
    expect(validateX12(file, { requireDefinition: true }).issues).toEqual([]);
    expect(file.interchanges[0]?.isa.senderId.trim()).toBe("WMS3PLSIM");
    const segments = file.interchanges[0]?.groups[0]?.sets[0]?.segments ?? [];
    const w06 = segments.find((s) => s.id === "W06");
    expect([el(w06, 2), el(w06, 5)]).toEqual(["SO-7001", "PO-555"]);
    const lines = segments.filter((s) => s.id === "W12").map((s) => [el(s, 2), el(s, 3), el(s, 5), el(s, 8)]);
    expect(lines).toEqual([["12", "12", "EA", "WID-100-BLK"], ["3", "3", "CA", "GAD-200"]]);
    expect(segments.filter((s) => s.id === "MAN").map((s) => el(s, 2))[0]).toMatch(/^1Z3PL\d+/);
    expect(el(segments.find((s) => s.id === "W03"), 1)).toBe("15");
    const received = sim.control.documents("received", "940")[0];
    const sent = sim.control.documents("sent", "945")[0];
    expect(received?.answeredBy).toEqual([sent?.id]);
    expect(sent?.answers).toBe(received?.id);
  });
});

describe("fault injection on the AS2 endpoint", () => {
  it("HTTP 500 and a negative MDN lose the message; a delay only slows it", async () => {
    const before = sim.control.documents("received").length;
    sim.control.addFault({ status: 500 });
    sim.control.addFault({ mdnError: "decryption-failed" });
    sim.control.addFault({ delayMs: 300 });
    const doc = (n: number) => fromUs("856", "SH", ASN_856, { interchange: n, group: n, set: n });
    const failed = await postAs2(sim, ours, doc(10));
    expect(failed.ok ? 0 : failed.error.details).toMatchObject({ status: 500 });
    const negative = await postAs2(sim, ours, doc(11));
    expect(negative.ok ? "" : negative.error.message).toContain("decryption-failed");
    expect(sim.control.documents("received")).toHaveLength(before);
    const started = Date.now();
    const slow = await postAs2(sim, ours, doc(12));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(slow.ok).toBe(true);
    expect(sim.control.documents("received")).toHaveLength(before + 1);
    expect(sim.control.faults()).toEqual([]);
  });

  it("a failed delivery to the runtime is recorded on the sent document", async () => {
    sim.control.configure({ targetUrl: "http://127.0.0.1:9/as2" });
    const doc = await sim.control.send850();
    expect(doc.delivery).toMatchObject({ ok: false, transport: "as2" });
    sim.control.configure({ targetUrl: runtime.url });
  });
});

describe("the SFTP side", () => {
  it("serves its folders over SFTP: we collect its 850 from /outbound, put an 856 into /inbound and collect the 997 it answers with", async () => {
    const s = sim.sftp;
    if (!s) throw new Error("the simulator runs no SFTP server");
    const settings = { host: s.host, port: s.port, username: s.username, inboundPath: "/outbound", outboundPath: "/inbound", hostKeyFingerprint: s.hostKeyFingerprint };
    const options = { policy: createOutboundPolicy({ allow: `${s.host}:${s.port}` }) };
    const collect = async () => {
      const files: string[] = [];
      await sftpPollInbound(settings, { password: s.password }, async (file) => void files.push(file.bytes.toString("utf8")), options);
      return files;
    };
    sim.control.configure({ transport: "sftp" });
    try {
      const po = await sim.control.send850({ lines: 1 });
      expect(po.delivery).toMatchObject({ ok: true, transport: "sftp" });
      const [collected] = await collect();
      expect(collected).toBe(po.raw);
      expect(validateX12(parseX12(collected ?? "")).valid).toBe(true);

      await sftpPut(settings, { password: s.password }, { fileName: "asn-50.x12", bytes: Buffer.from(fromUs("856", "SH", ASN_856, { interchange: 50, group: 50, set: 50 })) }, options);
      const received = await until(() => sim.control.documents("received", "856").find((d) => d.interchangeControlNumber === "000000050"));
      expect(received).toMatchObject({ transport: "sftp", valid: true });
      // The 997 goes back the way the 856 came, even after switching the retailer back to AS2.
      sim.control.configure({ transport: "as2" });
      const ack = await until(() => sim.control.documents("sent", "997").find((d) => d.acknowledges === received.id && d.delivery));
      expect(ack.delivery).toMatchObject({ ok: true, transport: "sftp" });
      const files = await collect();
      expect(files).toHaveLength(1);
      expect(files[0]).toContain("AK5*A");
    } finally {
      sim.control.configure({ transport: "as2" });
    }
  });

  it("control numbers survive a restart when persisted", async () => {
    const last = Number(sim.control.documents("sent").at(-1)?.interchangeControlNumber);
    const again = await startPartnerSimulator({ targetUrl: runtime.url, partnerCertificate: ours.certificate, as2Identity: simIdentity, controlNumbersFile: path.join(root, "numbers.json") });
    try {
      const doc = await again.control.send850();
      expect(Number(doc.interchangeControlNumber)).toBe(last + 1);
    } finally {
      await again.close();
    }
  });
});

describe("starting", () => {
  it("fails on a busy port instead of leaving half a simulator running", async () => {
    const port = Number(new URL(sim.url).port);
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "partner-sim-busy-"));
    try {
      await expect(startPartnerSimulator({ port, as2Identity: simIdentity, sftp: { root: other } })).rejects.toMatchObject({ code: "EADDRINUSE" });
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});

describe("the control page", () => {
  it("serves HTML with the send button and the document table", async () => {
    const res = await fetch(`${sim.url}/control`);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("Send 850");
    expect(html).toContain("ZZ*RETAILSIM");
    const raw = await fetch(`${sim.url}/control/documents/1/raw`);
    expect(await raw.text()).toMatch(/^ISA\*/);
  });
});
