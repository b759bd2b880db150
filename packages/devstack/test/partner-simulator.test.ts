import fs from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { receiveAs2 } from "@ipaas/connectors";
import { getTradingPartnerRow, listTradingPartners } from "@ipaas/db";
import { createTestDatabase, type TestDatabase } from "@ipaas/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RETAILER_SIM_PARTNER, startPartnerSim, THREEPL_SIM_PARTNER } from "../src/partner-simulator";

const KEY = Buffer.alloc(32, 7).toString("base64");
let t: TestDatabase;
let dataDir: string;

beforeAll(async () => {
  t = await createTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "devstack-partner-"));
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const start = () => startPartnerSim({ dataDir, db: t.db, encryptionKey: KEY, port: 0, sftpPort: 0, log: () => undefined });

describe("the devstack's EDI partner simulator", () => {
  it("creates sandbox trading partners pointing at it, and re-points them (not duplicates) on the next start", async () => {
    const first = await start();
    try {
      const partners = await listTradingPartners(t.db, { environment: "sandbox" });
      const retailer = partners.find((p) => p.name === RETAILER_SIM_PARTNER);
      expect(retailer).toMatchObject({
        ourIsaQualifier: "ZZ", ourIsaId: "IPAASDEMO", theirIsaQualifier: "ZZ", theirIsaId: "RETAILSIM", theirGsId: "RETAILSIM", version: "005010", usageIndicator: "T",
        delimiters: { element: "*", component: ">", repetition: "^", segment: "~" },
        transport: { kind: "as2", settings: { url: `${first.url}/as2`, as2From: "IPAASDEMO", as2To: "RETAILSIM", mdn: "sync", sign: true, encrypt: true } },
        acknowledgements: { send997: true, expect997WithinHours: 1, poAckWithinHours: 24, asnDue: "at-shipment", invoiceAfterShipment: true },
      });
      // Our certificate on the partner, its private key sealed; the simulator's certificate as theirs.
      const ids = JSON.parse(fs.readFileSync(path.join(dataDir, "partner-simulator", "credentials.json"), "utf8")) as { simulator: { certificate: string }; ours: { certificate: string } };
      expect(retailer?.transport?.kind === "as2" && retailer.transport.settings).toMatchObject({ partnerCertificate: ids.simulator.certificate, ourCertificate: ids.ours.certificate });
      expect(Object.keys(retailer?.secrets ?? {})).toEqual(["privateKey"]);
      expect(JSON.stringify((await getTradingPartnerRow(t.db, retailer?.id ?? "")).secrets)).not.toContain("PRIVATE KEY");
      expect(retailer?.transactionSets.map((s) => `${s.set} ${s.direction}`).sort()).toEqual(["810 outbound", "846 outbound", "850 inbound", "855 outbound", "856 outbound", "997 inbound", "997 outbound"]);
      const threePl = partners.find((p) => p.name === THREEPL_SIM_PARTNER);
      expect(threePl?.theirIsaId).toBe("WMS3PLSIM");
      expect(threePl?.transport).toMatchObject({ kind: "sftp", settings: { host: "127.0.0.1", username: "ipaas", inboundPath: "/outbound", outboundPath: "/inbound" } });
      expect(threePl?.transport?.kind === "sftp" && threePl.transport.settings.hostKeyFingerprint).toMatch(/^SHA256:/);
      expect(Object.keys(threePl?.secrets ?? {})).toEqual(["password"]);
      expect(threePl?.transactionSets.map((s) => `${s.set} ${s.direction}`).sort()).toEqual(["940 outbound", "945 inbound", "997 inbound", "997 outbound"]);
    } finally {
      await first.close();
    }
    const second = await start();
    try {
      const partners = (await listTradingPartners(t.db, { environment: "sandbox" })).filter((p) => p.name === RETAILER_SIM_PARTNER);
      expect(partners).toHaveLength(1);
      expect(partners[0]?.transport?.settings).toMatchObject({ url: `${second.url}/as2` });
      const threePl = (await listTradingPartners(t.db, { environment: "sandbox" })).find((p) => p.name === THREEPL_SIM_PARTNER);
      expect(`sftp://127.0.0.1:${threePl?.transport?.kind === "sftp" ? threePl.transport.settings.port : 0}`).toBe(second.sftpUrl);
    } finally {
      await second.close();
    }
  });

  it("sends to the runtime's AS2 path once connected, with control numbers that continue across restarts", async () => {
    const bodies: string[] = [];
    const paths: string[] = [];
    // The runtime's side of AS2 with the identities the devstack generated: what arrives is signed and encrypted.
    const ids = () => JSON.parse(fs.readFileSync(path.join(dataDir, "partner-simulator", "credentials.json"), "utf8")) as { simulator: { certificate: string }; ours: { certificate: string; privateKey: string } };
    const runtime = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        paths.push(req.url ?? "");
        const { simulator, ours } = ids();
        void receiveAs2({
          headers: req.headers,
          body: Buffer.concat(chunks),
          resolve: () => ({ ourCertificate: ours.certificate, ourPrivateKey: ours.privateKey, partnerCertificate: simulator.certificate, requireSigned: true, requireEncrypted: true }),
        }).then((result) => {
          bodies.push(result.ok ? result.payload.toString("utf8") : `refused: ${result.error.message}`);
          res.writeHead(200, result.mdn?.headers ?? {});
          res.end(result.mdn?.body);
        });
      });
    });
    await new Promise<void>((resolve) => runtime.listen(0, "127.0.0.1", resolve));
    const runtimeUrl = `http://127.0.0.1:${(runtime.address() as AddressInfo).port}`;
    const isa13 = (text: string | undefined) => Number(text?.slice(90, 99));
    try {
      for (let i = 0; i < 2; i++) {
        const sim = await start();
        try {
          sim.connectRuntime(runtimeUrl);
          const res = await fetch(`${sim.url}/control/send-850`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
          expect(res.status).toBe(200);
          expect(((await res.json()) as { document: { delivery: unknown } }).document.delivery).toMatchObject({ ok: true, transport: "as2" });
        } finally {
          await sim.close();
        }
      }
      expect(paths).toEqual(["/as2", "/as2"]);
      expect(isa13(bodies[1])).toBe(isa13(bodies[0]) + 1);
    } finally {
      runtime.closeAllConnections();
      await new Promise((resolve) => runtime.close(resolve));
    }
  });
});
