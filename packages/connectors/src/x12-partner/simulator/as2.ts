import type { IncomingHttpHeaders } from "node:http";
import { fetch as undiciFetch } from "undici";
import { As2Error } from "../../edi/as2/errors";
import { buildMdn, type MdnErrorDescription, type OutgoingMdn } from "../../edi/as2/mdn";
import { receiveAs2 } from "../../edi/as2/receive";
import { sendAs2, sendAsyncMdn, type As2Fetcher } from "../../edi/as2/send";
import type { PartnerFault } from "./faults";
import type { Delivery, DeliveryOutcome, OutboundTransport } from "./transport";

/** The simulator's AS2 certificate and key (one for both parties). */
export interface SimAs2Identity {
  certificate: string;
  privateKey: string;
}

/**
 * The simulator's AS2 keys (docs/architecture.md "Simulators"): its own identity, and our
 * runtime's certificate when it knows it — then it encrypts to us, asks for signed MDNs and
 * refuses unsigned or unencrypted messages, as a strict retailer would.
 */
export interface As2Keys {
  own: SimAs2Identity;
  partnerCertificate: string | null;
}

// The simulator is a local test partner: it posts where it is told, without our outbound policy.
const direct: As2Fetcher = { fetch: (input, init) => undiciFetch(input, init) };

export function as2Transport(targetUrl: () => string | null, keys: As2Keys, timeoutMs = 30_000): OutboundTransport {
  return {
    kind: "as2",
    async send(d: Delivery): Promise<DeliveryOutcome> {
      const url = targetUrl();
      if (!url) return { ok: false, detail: "no AS2 target URL configured (POST /control/config {targetUrl})" };
      const ours = keys.partnerCertificate ?? "";
      try {
        const sent = await sendAs2({
          policy: direct,
          settings: { url, as2From: d.as2From, as2To: d.as2To, partnerCertificate: ours, ourCertificate: keys.own.certificate, sign: true, encrypt: ours !== "", mdn: "sync" },
          secrets: { privateKey: keys.own.privateKey },
          payload: Buffer.from(d.text, "utf8"),
          fileName: d.filename,
          timeoutMs,
        });
        return { ok: true, status: sent.status, detail: sent.mdn ? `MDN ${sent.mdn.disposition}` : `sent ${sent.messageId}` };
      } catch (err) {
        if (!(err instanceof As2Error)) return { ok: false, detail: err instanceof Error ? err.message : String(err) };
        const status = (err.details as { status?: unknown } | undefined)?.status;
        return { ok: false, detail: `${err.code}: ${err.message}`, ...(typeof status === "number" ? { status } : {}) };
      }
    },
  };
}

export interface As2Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/**
 * One POST to the simulator's AS2 endpoint: opened with its key (refused with a negative
 * MDN when the sender, security or signature is wrong), the payload handed to `deliver`, the
 * MDN returned (or POSTed for an async request). A fault's `mdnError` answers a negative MDN
 * after opening, and the payload is dropped, as if it could not be processed.
 */
export async function answerAs2(params: {
  headers: IncomingHttpHeaders;
  body: Buffer;
  keys: As2Keys;
  /** Our AS2 name as the simulator expects it, and the names it answers to. */
  us: string;
  names: string[];
  fault: PartnerFault | undefined;
  deliver: (text: string) => Promise<unknown>;
}): Promise<As2Answer> {
  const { keys } = params;
  const strict = keys.partnerCertificate !== null;
  const result = await receiveAs2({
    headers: params.headers,
    body: params.body,
    resolve: (from, to) =>
      from === params.us && params.names.includes(to)
        ? { ourCertificate: keys.own.certificate, ourPrivateKey: keys.own.privateKey, ...(strict ? { partnerCertificate: keys.partnerCertificate as string } : {}), requireSigned: strict, requireEncrypted: strict }
        : null,
  });
  let mdn: OutgoingMdn | undefined = result.mdn;
  if (result.ok && params.fault?.mdnError) {
    const signed = (mdn?.headers["Content-Type"] ?? "").startsWith("multipart/signed");
    mdn = buildMdn({
      from: result.to, to: result.from, originalMessageId: result.messageId,
      disposition: { processed: false, error: params.fault.mdnError as MdnErrorDescription },
      explanation: "The simulator was told to fail this message (fault injection).",
      ...(signed ? { signer: { certificate: keys.own.certificate, privateKey: keys.own.privateKey, algorithm: result.mic.algorithm } } : {}),
      ...(mdn?.asyncUrl ? { asyncUrl: mdn.asyncUrl } : {}),
    });
  } else if (result.ok) {
    await params.deliver(result.payload.toString("utf8"));
  }
  if (mdn?.asyncUrl) {
    const asyncMdn = mdn;
    setImmediate(() => void sendAsyncMdn({ policy: direct, mdn: asyncMdn }).catch(() => undefined));
    return { status: 200, headers: {}, body: "" };
  }
  if (mdn) return { status: 200, headers: mdn.headers, body: mdn.body };
  return { status: result.ok ? 200 : 400, headers: { "content-type": "text/plain" }, body: result.ok ? "" : result.error.message };
}
