import { buildAs2Message, generateAs2Identity, parseMdn, verifyMdn, type As2Identity } from "@ipaas/connectors";
import { createTradingPartner, partnerFieldsSchema, updateTradingPartner, type TradingPartnerView } from "@ipaas/db";
import { selectRows } from "@ipaas/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "../src/http/server";
import { ediDeliveries, publishEdiFlow, purchaseOrder } from "./helpers/edi";
import { startHarness, waitForRun, type Harness } from "./helpers/harness";

let h: Harness;
let server: FastifyInstance;
let us: As2Identity;
let retailerKeys: As2Identity;
let partner: TradingPartnerView;

beforeAll(async () => {
  h = await startHarness();
  [us, retailerKeys] = await Promise.all([generateAs2Identity({ commonName: "Supplier" }), generateAs2Identity({ commonName: "Retailer" })]);
  const fields = partnerFieldsSchema.parse({
    ourIsaQualifier: "ZZ", ourIsaId: "SUPPLIER", ourGsId: "SUPPLIER", theirIsaQualifier: "ZZ", theirIsaId: "RETAILER", theirGsId: "RETAILER", version: "004010",
    transport: { kind: "as2", settings: { url: "https://retailer.example/as2", as2From: "SUPPLIER-AS2", as2To: "RETAILER-AS2", partnerCertificate: retailerKeys.certificate, ourCertificate: us.certificate, sign: true, encrypt: true, mdn: "sync" } },
  });
  partner = await createTradingPartner(h.db, { name: "AS2 retailer", environment: "sandbox", fields, secrets: { privateKey: us.privateKey }, keyRing: h.keyRing, actor: null });
  await publishEdiFlow(h.db, partner.id);
  server = await createServer({ ...h.serverDeps, edi: { deliveries: ediDeliveries(h), keyRing: h.keyRing } });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await h.close();
});

/** The retailer's side: an 850 signed with its key and encrypted for our certificate. */
function retailerMessage(payload: string, signer = retailerKeys) {
  return buildAs2Message({
    settings: { url: "http://runtime/as2", as2From: "RETAILER-AS2", as2To: "SUPPLIER-AS2", partnerCertificate: us.certificate, ourCertificate: signer.certificate, sign: true, encrypt: true, mdn: "sync" },
    secrets: { privateKey: signer.privateKey },
    payload: Buffer.from(payload),
    fileName: "po.edi",
  });
}

describe("POST /as2", () => {
  it("decrypts and verifies the partner's message, stores and routes the 850, and answers a signed MDN with the MIC", async () => {
    const raw = purchaseOrder({ isa13: "000000901", gs06: "901", po: "PO-AS2" });
    const message = retailerMessage(raw);
    const res = await server.inject({ method: "POST", url: "/as2", headers: message.headers, payload: message.body });
    expect(res.statusCode).toBe(200);
    const mdn = parseMdn({ headers: res.headers as Record<string, string>, body: res.rawPayload, partnerCertificate: us.certificate });
    expect(mdn.processed).toBe(true);
    verifyMdn(mdn, { messageId: message.messageId, mic: message.mic, requireSigned: true });

    const [stored] = await selectRows(h.db, "ediInterchanges", { transportRef: message.messageId });
    expect(stored).toMatchObject({ partnerId: partner.id, direction: "inbound", transport: "as2", status: "accepted" });
    expect(stored!.raw.toString()).toBe(raw);
    expect(stored!.mdn).toMatchObject({ messageId: message.messageId, signed: true, encrypted: true, disposition: "processed" });
    const [set] = await selectRows(h.db, "ediTransactions", { interchangeId: stored!.id });
    expect((await waitForRun(h.db, set!.runId!)).run.output).toEqual({ po: "PO-AS2", lines: 2 });
    // Our 997 is queued for the partner's AS2 transport.
    const [ack] = await selectRows(h.db, "ediInterchanges", { acknowledgesId: stored!.id });
    expect(ack).toMatchObject({ direction: "outbound", status: "queued", transport: "as2" });

    // The same partner by id: /as2/:partnerId.
    const again = retailerMessage(purchaseOrder({ isa13: "000000902", gs06: "902", po: "PO-AS2-2" }));
    const byId = await server.inject({ method: "POST", url: `/as2/${partner.id}`, headers: again.headers, payload: again.body });
    expect(parseMdn({ headers: byId.headers as Record<string, string>, body: byId.rawPayload, partnerCertificate: us.certificate }).processed).toBe(true);
  });

  it("refuses a message signed by someone else with a negative MDN and stores nothing", async () => {
    const stranger = await generateAs2Identity({ commonName: "Stranger" });
    const message = retailerMessage(purchaseOrder({ isa13: "000000903" }), stranger);
    const res = await server.inject({ method: "POST", url: "/as2", headers: message.headers, payload: message.body });
    const mdn = parseMdn({ headers: res.headers as Record<string, string>, body: res.rawPayload, partnerCertificate: us.certificate });
    expect(mdn.processed).toBe(false);
    expect(mdn.modifier ?? mdn.disposition).toMatch(/authentication-failed/);
    expect(await selectRows(h.db, "ediInterchanges", { transportRef: message.messageId })).toEqual([]);
    const refusals = await selectRows(h.db, "auditLog", { action: "as2.rejected" });
    expect(refusals).toHaveLength(1);
  }, 30_000);

  it("refuses an unsigned message even when the partner's settings leave signing off: the signature is the route's authentication", async () => {
    const settings = { ...(partner.transport!.settings as Extract<NonNullable<TradingPartnerView["transport"]>, { kind: "as2" }>["settings"]), sign: false, encrypt: false };
    await updateTradingPartner(h.db, { id: partner.id, fields: { transport: { kind: "as2", settings } }, keyRing: h.keyRing, actor: null });
    const message = buildAs2Message({
      settings: { url: "http://runtime/as2", as2From: "RETAILER-AS2", as2To: "SUPPLIER-AS2", partnerCertificate: us.certificate, ourCertificate: "", sign: false, encrypt: false, mdn: "sync" },
      secrets: {},
      payload: Buffer.from(purchaseOrder({ isa13: "000000904" })),
    });
    const res = await server.inject({ method: "POST", url: "/as2", headers: message.headers, payload: message.body });
    const mdn = parseMdn({ headers: res.headers as Record<string, string>, body: res.rawPayload, partnerCertificate: us.certificate });
    expect(mdn.processed).toBe(false);
    expect(await selectRows(h.db, "ediInterchanges", { transportRef: message.messageId })).toEqual([]);
  }, 30_000);
});
