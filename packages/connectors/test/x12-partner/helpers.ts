import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { generateX12, type SegmentInput } from "@ipaas/x12";
import { fetch as undiciFetch } from "undici";
import { As2Error, generateAs2Identity, receiveAs2, sendAs2, type As2Fetcher, type As2Identity } from "../../src/edi";
import { OUR_PARTY, RETAILER_PARTY, type RunningPartnerSimulator, type X12Party } from "../../src/x12-partner/simulator";

export interface As2Post {
  headers: IncomingHttpHeaders;
  /** The opened payload (decrypted, signature checked). */
  body: string;
  signed: boolean;
  encrypted: boolean;
}

/** Our runtime's AS2 certificate and key in these tests. */
export const ourIdentity = (): Promise<As2Identity> => generateAs2Identity({ commonName: "ipaas test runtime" });

const direct: As2Fetcher = { fetch: (input, init) => undiciFetch(input, init) };

/**
 * Stands in for our runtime's AS2 endpoint: opens every message with our key, insisting on
 * the simulator's signature and encryption, keeps the payload and answers the MDN.
 */
export async function startFakeRuntime(ours: As2Identity, simCertificate: () => string) {
  const posts: As2Post[] = [];
  const refused: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void receiveAs2({
        headers: req.headers,
        body: Buffer.concat(chunks),
        resolve: () => ({ ourCertificate: ours.certificate, ourPrivateKey: ours.privateKey, partnerCertificate: simCertificate(), requireSigned: true, requireEncrypted: true }),
      }).then((result) => {
        if (result.ok) posts.push({ headers: req.headers, body: result.payload.toString("utf8"), signed: result.signed, encrypted: result.encrypted });
        else refused.push(result.error.message);
        if (!result.mdn) return void res.writeHead(result.ok ? 200 : 400).end();
        res.writeHead(200, result.mdn.headers);
        res.end(result.mdn.body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/as2`;
  return {
    url,
    posts,
    refused,
    /** Resolves once `count` posts whose body contains `marker` arrived. */
    async waitFor(marker: string, count = 1, timeoutMs = 5000): Promise<As2Post[]> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = posts.filter((p) => p.body.includes(marker));
        if (found.length >= count) return found;
        if (Date.now() > deadline) throw new Error(`no ${count} post(s) with ${marker} after ${timeoutMs} ms (got ${posts.length}; refused: ${refused.join("; ")})`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** Sends an X12 document to the simulator's AS2 endpoint as our runtime does (signed, encrypted, sync signed MDN). */
export async function postAs2(sim: RunningPartnerSimulator, ours: As2Identity, text: string, to = RETAILER_PARTY.isaId, security = { sign: true, encrypt: true }) {
  try {
    const sent = await sendAs2({
      policy: direct,
      settings: { url: sim.as2Url, as2From: OUR_PARTY.isaId, as2To: to, partnerCertificate: sim.identity.as2Certificate, ourCertificate: ours.certificate, ...security, mdn: "sync" },
      secrets: { privateKey: ours.privateKey },
      payload: Buffer.from(text),
    });
    return { ok: true as const, mdn: sent.mdn };
  } catch (err) {
    if (err instanceof As2Error) return { ok: false as const, error: err };
    throw err;
  }
}

const seg = (line: string): SegmentInput => {
  const [id, ...elements] = line.split("*");
  return { id: id as string, elements };
};

/** An interchange from us to a simulated party; `numbers` picks ISA13/GS06/ST02. */
export function fromUs(setId: string, functionalId: string, body: string[], numbers: { interchange: number; group: number; set: number }, to: X12Party = RETAILER_PARTY): string {
  return generateX12(
    {
      isa: { senderQualifier: OUR_PARTY.qualifier, senderId: OUR_PARTY.isaId, receiverQualifier: to.qualifier, receiverId: to.isaId, date: "261202", time: "1200", version: "00501", controlNumber: numbers.interchange, usage: "T" },
      groups: [{ functionalId, senderId: OUR_PARTY.gsId, receiverId: to.gsId, date: "20261202", time: "1200", controlNumber: numbers.group, version: "005010", sets: [{ id: setId, controlNumber: numbers.set, segments: body.map(seg) }] }],
    },
    { delimiters: { element: "*", component: ">", repetition: "^", segment: "~" }, lineBreak: "\n" },
  );
}

/** An ASN as our outbound side sends it: shipment (carrier, tracking, ship-to), order, one carton (SSCC), two items. */
export const ASN_856 = [
  "BSN*00*SH-88012*20261202*1030*0001",
  "HL*1**S*1",
  "TD1*CTN25*1****G*12.5*LB",
  "TD5**2*UPSN*U*UPS Ground",
  "REF*CN*1Z999AA10123456784",
  "DTM*011*20261202",
  "N1*ST*Acme Hardware DC 4*92*0042",
  "HL*2*1*O*1",
  "PRF*PO-4711***20261130",
  "HL*3*2*P*1",
  "MAN*GM*00012345600000000018",
  "HL*4*3*I*0",
  "LIN*1*VP*WID-100-BLK",
  "SN1**10*EA",
  "HL*5*3*I*0",
  "LIN*2*VP*GAD-200",
  "SN1**2*CA",
  "CTT*5",
];

export const ORDER_940 = [
  "W05*N*SO-7001*PO-555",
  "N1*ST*Acme Hardware DC 4*92*0042",
  "N3*2200 Commerce Pkwy",
  "N4*Round Rock*TX*78664*US",
  "LX*1",
  "W01*12*EA**VN*WID-100-BLK",
  "LX*2",
  "W01*3*CA**VN*GAD-200",
  "W76*15",
];

export async function until<T>(read: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
