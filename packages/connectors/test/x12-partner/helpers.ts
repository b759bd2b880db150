import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { generateX12, type SegmentInput } from "@ipaas/x12";
import { OUR_PARTY, RETAILER_PARTY, type X12Party } from "../../src/x12-partner/simulator";

export interface As2Post {
  headers: IncomingHttpHeaders;
  body: string;
}

/** Stands in for our runtime's AS2 endpoint: keeps every POST and answers a positive MDN. */
export async function startFakeRuntime() {
  const posts: As2Post[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      posts.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "message/disposition-notification" });
      res.end("Disposition: automatic-action/MDN-sent-automatically; processed\r\n");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/as2`;
  return {
    url,
    posts,
    /** Resolves once `count` posts whose body contains `marker` arrived. */
    async waitFor(marker: string, count = 1, timeoutMs = 5000): Promise<As2Post[]> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = posts.filter((p) => p.body.includes(marker));
        if (found.length >= count) return found;
        if (Date.now() > deadline) throw new Error(`no ${count} post(s) with ${marker} after ${timeoutMs} ms (got ${posts.length})`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
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

/** Posts an X12 document to the simulator's AS2 endpoint the way our runtime does. */
export async function postAs2(as2Url: string, text: string, to = RETAILER_PARTY.isaId): Promise<Response> {
  return fetch(as2Url, { method: "POST", headers: { "as2-from": OUR_PARTY.isaId, "as2-to": to, "message-id": `<${crypto.randomUUID()}@test>`, "content-type": "application/edi-x12" }, body: text });
}

export async function until<T>(read: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
