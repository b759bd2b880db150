import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { generateAs2Identity, receiveAs2, type As2Identity, type As2PartnerIdentity, type As2ReceiveResult, type As2Settings } from "../../src/edi";

/** Two parties with their own certificates: "us" (the iPaaS) and "them" (the partner). */
export async function twoParties() {
  const [us, them] = await Promise.all([generateAs2Identity({ commonName: "ipaas-us" }), generateAs2Identity({ commonName: "retailer-them" })]);
  return { us, them };
}

export const X12 = Buffer.from(
  "ISA*00*          *00*          *ZZ*SUPPLIER       *ZZ*RETAILER       *260115*1030*U*00401*000000101*0*T*>~\r\n" +
    "GS*PO*SUPPLIER*RETAILER*20260115*1030*101*X*004010~\r\nST*850*0001~BEG*00*SA*PO1**20260115~SE*3*0001~GE*1*101~IEA*1*000000101~\r\n",
);

export interface Received {
  headers: IncomingHttpHeaders;
  body: Buffer;
  result: As2ReceiveResult<As2PartnerIdentity>;
}

/**
 * The partner's AS2 endpoint on a real socket: receiveAs2 with `identity` for (from, to),
 * answering with the sync MDN (or 200 and nothing, for async). `tamper` changes the
 * request bytes before they are read, as a broken network or an attacker would.
 */
export async function startAs2Endpoint(options: {
  identity: As2PartnerIdentity | null;
  tamper?: (body: Buffer) => Buffer;
  respond?: (received: Received) => { status: number; headers: Record<string, string>; body: Buffer } | undefined;
}) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = options.tamper ? options.tamper(Buffer.concat(chunks)) : Buffer.concat(chunks);
      void receiveAs2({ headers: req.headers, body, resolve: () => options.identity }).then((result) => {
        const entry = { headers: req.headers, body, result };
        received.push(entry);
        const custom = options.respond?.(entry);
        if (custom) {
          res.writeHead(custom.status, custom.headers).end(custom.body);
        } else if (result.mdn && !result.mdn.asyncUrl) {
          res.writeHead(200, result.mdn.headers).end(result.mdn.body);
        } else {
          res.writeHead(200).end();
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/as2`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Our settings for sending to `them`. */
export const settingsFor = (url: string, us: As2Identity, them: As2Identity, overrides: Partial<As2Settings> = {}): As2Settings => ({
  url,
  as2From: "IPAAS US",
  as2To: "RETAILER",
  partnerCertificate: them.certificate,
  ourCertificate: us.certificate,
  sign: true,
  encrypt: true,
  mdn: "sync",
  ...overrides,
});

/** How `them` sees us: our certificate verifies, their own key decrypts and signs the MDN. */
export const partnerView = (us: As2Identity, them: As2Identity, overrides: Partial<As2PartnerIdentity> = {}): As2PartnerIdentity => ({
  ourCertificate: them.certificate,
  ourPrivateKey: them.privateKey,
  partnerCertificate: us.certificate,
  requireSigned: true,
  requireEncrypted: true,
  ...overrides,
});
