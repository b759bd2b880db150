import { buildMdn, openSigned, type MdnErrorDescription, type OutgoingMdn } from "./mdn";
import { decodedBody, normalizeHeaders, parseEntity, parseHeaderValue, unquote, type HeaderInput, type MimeEntity } from "./mime";
import { computeMic, decryptWith, micAlgorithmOf, type Mic, type MicAlgorithm } from "./smime";

/** What the receiver knows about a partner (from `(as2From, as2To)`): keys, certificates and its security demands. */
export interface As2PartnerIdentity {
  /** Our certificate and key for this partner: decrypt what they send, sign our MDNs. */
  ourCertificate?: string;
  ourPrivateKey?: string;
  ourPassphrase?: string;
  /** Their certificate: verifies their signatures. */
  partnerCertificate?: string;
  /** Refuse (negative MDN) what is not signed / not encrypted. */
  requireSigned: boolean;
  requireEncrypted: boolean;
}

export type As2Resolver<T extends As2PartnerIdentity> = (as2From: string, as2To: string) => T | null | Promise<T | null>;

/** Why a message was refused; each maps to the MDN's processed/error description. */
export type As2ReceiveErrorCode = "unknown_partner" | "malformed" | "decryption_failed" | "authentication_failed" | "integrity_check_failed" | "insufficient_security" | "unsupported";

const MDN_ERROR: Record<As2ReceiveErrorCode, MdnErrorDescription> = {
  unknown_partner: "authentication-failed",
  malformed: "unexpected-processing-error",
  decryption_failed: "decryption-failed",
  authentication_failed: "authentication-failed",
  integrity_check_failed: "integrity-check-failed",
  insufficient_security: "insufficient-message-security",
  unsupported: "unexpected-processing-error",
};

interface Envelope {
  messageId: string;
  from: string;
  to: string;
  /** The MDN to return: in the HTTP response (sync) or POSTed to `mdn.asyncUrl` (async); undefined when none was asked for. */
  mdn: OutgoingMdn | undefined;
}

export type As2ReceiveResult<T extends As2PartnerIdentity> =
  | (Envelope & { ok: true; identity: T; payload: Buffer; fileName?: string; contentType: string; signed: boolean; encrypted: boolean; signedBy?: string; mic: Mic })
  | (Envelope & { ok: false; identity: T | null; error: { code: As2ReceiveErrorCode; message: string } });

class Refusal extends Error {
  constructor(readonly code: As2ReceiveErrorCode, message: string) {
    super(message);
  }
}

type Opened = { entity: MimeEntity; encrypted: boolean; signed: boolean; signedBy?: string; signatureAlgorithm?: MicAlgorithm; micBytes: Buffer };

const DER_SEQUENCE = 0x30;

/** Decrypts and verifies as the message demands and the identity allows; throws Refusal. */
function open(top: MimeEntity, identity: As2PartnerIdentity): Opened {
  let entity = top;
  let encrypted = false;
  const type = parseHeaderValue(entity.headers.get("content-type"));
  if (type.value === "application/pkcs7-mime" || type.value === "application/x-pkcs7-mime") {
    const smimeType = (type.params.get("smime-type") ?? "enveloped-data").toLowerCase();
    if (smimeType !== "enveloped-data") throw new Refusal("unsupported", `S/MIME type ${smimeType} is not supported`);
    if (!identity.ourCertificate || !identity.ourPrivateKey) throw new Refusal("decryption_failed", "the message is encrypted but we hold no certificate and key for this partner");
    let der = decodedBody(entity);
    // Some senders base64 the body without saying so.
    if (der[0] !== DER_SEQUENCE) der = Buffer.from(der.toString("latin1").replace(/\s/g, ""), "base64");
    try {
      entity = parseEntity(decryptWith(der, { certificate: identity.ourCertificate, privateKey: identity.ourPrivateKey, ...(identity.ourPassphrase ? { passphrase: identity.ourPassphrase } : {}) }));
    } catch (err) {
      throw new Refusal("decryption_failed", `the message could not be decrypted: ${err instanceof Error ? err.message : String(err)}`);
    }
    encrypted = true;
  }
  if (parseHeaderValue(entity.headers.get("content-type")).value === "multipart/signed") {
    const { content, check } = openSigned(entity, identity.partnerCertificate);
    if (!check.ok) throw new Refusal(check.reason === "integrity" ? "integrity_check_failed" : check.reason === "malformed" ? "malformed" : "authentication_failed", check.message);
    if (!content) throw new Refusal("malformed", "multipart/signed without content");
    return { entity: parseEntity(content), encrypted, signed: true, signedBy: check.signedBy, signatureAlgorithm: check.algorithm, micBytes: content };
  }
  // RFC 4130 §7.3.1: encrypted-only, the MIC covers the decrypted entity with its headers; plain, the content alone.
  return { entity, encrypted, signed: false, micBytes: encrypted ? entity.raw : decodedBody(entity) };
}

/**
 * Receives an AS2 message (RFC 4130): finds the partner by AS2-From/AS2-To, decrypts,
 * verifies the signature with the partner's certificate, computes the MIC and returns
 * the payload's exact bytes with the MDN to answer (signed when the sender asked and we
 * hold a key). A refused message (unknown partner, decryption or signature failure,
 * missing required security) gives `ok: false` with a negative MDN (processed/error).
 */
export async function receiveAs2<T extends As2PartnerIdentity>(params: { headers: HeaderInput; body: Uint8Array; resolve: As2Resolver<T> }): Promise<As2ReceiveResult<T>> {
  const headers = normalizeHeaders(params.headers);
  const from = unquote(headers.get("as2-from"));
  const to = unquote(headers.get("as2-to"));
  const messageId = headers.get("message-id") ?? "";
  const options = headers.get("disposition-notification-options") ?? "";
  const requestedMicalg = /signed-receipt-micalg\s*=\s*[^,;]+,([^;]+)/i.exec(options)?.[1]?.split(",").map(micAlgorithmOf).find((a) => a !== undefined);
  const wantsSignedMdn = /pkcs7-signature/i.test(options);
  const asyncUrl = headers.get("receipt-delivery-option")?.trim();
  const wantsMdn = headers.has("disposition-notification-to");
  const identity = from && to ? await params.resolve(from, to) : null;

  const mdnFor = (disposition: { processed: boolean; error?: MdnErrorDescription }, mic: Mic | undefined, explanation: string, algorithm: MicAlgorithm): OutgoingMdn | undefined => {
    if (!wantsMdn) return undefined;
    const canSign = wantsSignedMdn && identity?.ourCertificate && identity.ourPrivateKey;
    return buildMdn({
      from: to,
      to: from,
      originalMessageId: messageId,
      disposition,
      ...(mic ? { mic } : {}),
      explanation,
      ...(canSign ? { signer: { certificate: identity.ourCertificate ?? "", privateKey: identity.ourPrivateKey ?? "", ...(identity.ourPassphrase ? { passphrase: identity.ourPassphrase } : {}), algorithm } } : {}),
      ...(asyncUrl ? { asyncUrl } : {}),
    });
  };
  const refuse = (code: As2ReceiveErrorCode, message: string): As2ReceiveResult<T> => ({
    ok: false,
    identity,
    error: { code, message },
    messageId,
    from,
    to,
    mdn: mdnFor({ processed: false, error: MDN_ERROR[code] }, undefined, `The message ${messageId} was not processed: ${message}.`, requestedMicalg ?? "sha-256"),
  });

  if (!identity) return refuse("unknown_partner", `no trading partner with AS2-From "${from}" and AS2-To "${to}"`);
  const top: MimeEntity = { headers, body: Buffer.from(params.body), raw: Buffer.from(params.body) };
  let opened: Opened;
  try {
    opened = open(top, identity);
  } catch (err) {
    if (err instanceof Refusal) return refuse(err.code, err.message);
    return refuse("malformed", err instanceof Error ? err.message : String(err));
  }
  if (identity.requireEncrypted && !opened.encrypted) return refuse("insufficient_security", "the partner's agreement requires encrypted messages");
  if (identity.requireSigned && !opened.signed) return refuse("insufficient_security", "the partner's agreement requires signed messages");
  const algorithm = requestedMicalg ?? opened.signatureAlgorithm ?? "sha-256";
  const mic = computeMic(opened.micBytes, algorithm);
  const disposition = parseHeaderValue(opened.entity.headers.get("content-disposition"));
  const fileName = disposition.params.get("filename");
  return {
    ok: true,
    identity,
    payload: decodedBody(opened.entity),
    ...(fileName ? { fileName } : {}),
    contentType: parseHeaderValue(opened.entity.headers.get("content-type")).value || "application/octet-stream",
    signed: opened.signed,
    encrypted: opened.encrypted,
    ...(opened.signedBy ? { signedBy: opened.signedBy } : {}),
    mic,
    messageId,
    from,
    to,
    mdn: mdnFor({ processed: true }, mic, `The message ${messageId} was received and processed.`, algorithm),
  };
}
