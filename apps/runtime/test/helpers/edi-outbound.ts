import http from "node:http";
import type { AddressInfo } from "node:net";
import { createTradingPartner, partnerFieldsSchema, type Db, type KeyRing, type PartnerFields } from "@ipaas/db";
import { insertRow } from "@ipaas/db/testing";
import { receiveAs2 } from "@ipaas/connectors";

/** A retailer we send 855/856/810 to by plain AS2 at `url`; their 997 due in 4 hours. */
export function retailerFields(url: string, overrides: Partial<PartnerFields> = {}): PartnerFields {
  return partnerFieldsSchema.parse({
    ourIsaQualifier: "ZZ",
    ourIsaId: "ACMEDIST",
    ourGsId: "ACMEDIST",
    theirIsaQualifier: "01",
    theirIsaId: "BIGBOX",
    theirGsId: "BIGBOXGS",
    version: "005010",
    usageIndicator: "T",
    transactionSets: [
      { set: "850", direction: "inbound" },
      { set: "855", direction: "outbound" },
      { set: "856", direction: "outbound" },
      { set: "810", direction: "outbound" },
    ],
    transport: { kind: "as2", settings: { url, as2From: "ACME", as2To: "BIGBOX", sign: false, encrypt: false, mdn: "sync" } },
    acknowledgements: { expect997WithinHours: 4, poAckWithinHours: 24, asnDue: "at-shipment", invoiceAfterShipment: true },
    ...overrides,
  });
}

export async function createRetailer(db: Db, keyRing: KeyRing, params: { name: string; url: string; overrides?: Partial<PartnerFields> }) {
  return createTradingPartner(db, { name: params.name, environment: "sandbox", fields: retailerFields(params.url, params.overrides), secrets: { password: "as2-s3cret" }, keyRing, actor: null });
}

/** An 856 for one PO: shipment, order (PRF = the PO number), item. */
export const asn856 = (shipment: string, po: string) => [
  { id: "BSN", elements: ["00", shipment, "20260102", "1200"] },
  { id: "HL", elements: ["1", "", "S"] },
  { id: "TD5", elements: ["", "2", "UPSN"] },
  { id: "HL", elements: ["2", "1", "O"] },
  { id: "PRF", elements: [po] },
  { id: "HL", elements: ["3", "2", "I"] },
  { id: "LIN", elements: ["", "UP", "012345678905"] },
  { id: "SN1", elements: ["", "10", "EA"] },
  { id: "CTT", elements: ["1"] },
];

/** Their 850 as the inbound pipeline would have recorded it, with the expectations it started. */
export async function receivedPurchaseOrder(db: Db, params: { partnerId: string; po: string; dueAt: Date; kinds: Array<"po_ack_855" | "asn_856" | "invoice_810"> }) {
  const interchange = await insertRow(db, "ediInterchanges", { partnerId: params.partnerId, environment: "sandbox", direction: "inbound", raw: Buffer.from("ISA…"), controlNumber: "000000777", status: "accepted" });
  const transaction = await insertRow(db, "ediTransactions", {
    interchangeId: interchange.id,
    partnerId: params.partnerId,
    environment: "sandbox",
    direction: "inbound",
    setId: "850",
    functionalId: "PO",
    groupControlNumber: "777",
    controlNumber: "0001",
    reference: params.po,
    status: "routed",
  });
  for (const kind of params.kinds) {
    await insertRow(db, "ediExpectations", { partnerId: params.partnerId, environment: "sandbox", kind, transactionId: transaction.id, reference: params.po, dueAt: params.dueAt });
  }
  return transaction;
}

/**
 * A partner's AS2 endpoint: records each POST (headers and raw body) and answers as told; a 200
 * answer is a real (unsigned) MDN from the transport library, which is what `sendAs2` verifies.
 */
export interface As2Receiver {
  url: string;
  received: Array<{ headers: http.IncomingHttpHeaders; body: string }>;
  answer: { status: number; body: string };
  close(): Promise<void>;
}

export async function startAs2Receiver(): Promise<As2Receiver> {
  const receiver = { received: [], answer: { status: 200, body: "" } } as unknown as As2Receiver;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      receiver.received.push({ headers: req.headers, body: body.toString("latin1") });
      if (receiver.answer.status !== 200) return void res.writeHead(receiver.answer.status, { "content-type": "text/plain" }).end(receiver.answer.body);
      void receiveAs2({ headers: req.headers, body, resolve: () => ({ requireSigned: false, requireEncrypted: false }) }).then((result) => {
        if (!result.mdn) return void res.writeHead(200).end();
        res.writeHead(200, result.mdn.headers).end(result.mdn.body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/as2`;
  receiver.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return receiver;
}
