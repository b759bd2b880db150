import { randomUUID } from "node:crypto";
import { As2Error } from "./errors";
import { base64Lines, buildEntity, buildMultipart, decodedBody, newBoundary, normalizeHeaders, parseEntity, parseHeaderValue, quoteIfNeeded, splitMultipart, unquote, type HeaderInput, type MimeEntity } from "./mime";
import { signDetached, verifyDetached, type Mic, type MicAlgorithm, micAlgorithmOf } from "./smime";

/**
 * Message Disposition Notifications (RFC 3798 as profiled by RFC 4130 §7): the receipt an
 * AS2 receiver returns, in the HTTP response (sync) or POSTed to the sender (async).
 */

/** RFC 4130 §7.4.3's failure descriptions (processed/error: …). */
export type MdnErrorDescription = "authentication-failed" | "decompression-failed" | "decryption-failed" | "insufficient-message-security" | "integrity-check-failed" | "unexpected-processing-error";

export interface MdnDisposition {
  processed: boolean;
  /** For a negative MDN: processed/error: <description>. */
  error?: MdnErrorDescription;
}

/** Our signing identity for an MDN: certificate, key and the micalg the sender asked for. */
export interface MdnSigner {
  certificate: string;
  privateKey: string;
  passphrase?: string;
  algorithm: MicAlgorithm;
}

/** An MDN ready to go: the HTTP headers and body (the response for sync, a POST for async). */
export interface OutgoingMdn {
  headers: Record<string, string>;
  body: Buffer;
  /** The sender's Receipt-Delivery-Option: POST the MDN there (`sendAsyncMdn`); absent for a sync MDN. */
  asyncUrl?: string;
}

export const dispositionText = (d: MdnDisposition) => `automatic-action/MDN-sent-automatically; processed${d.processed ? "" : `/error: ${d.error ?? "unexpected-processing-error"}`}`;

/** Builds an MDN (signed when `signer` is given) for the message `originalMessageId` from `to` to `from`. */
export function buildMdn(params: {
  /** Our AS2 name (the message's AS2-To): the MDN's AS2-From. */
  from: string;
  /** The sender's AS2 name: the MDN's AS2-To. */
  to: string;
  originalMessageId: string;
  disposition: MdnDisposition;
  mic?: Mic;
  explanation: string;
  signer?: MdnSigner;
  asyncUrl?: string;
}): OutgoingMdn {
  const fields = [
    "Reporting-UA: ipaas AS2",
    `Original-Recipient: rfc822; ${params.from}`,
    `Final-Recipient: rfc822; ${params.from}`,
    `Original-Message-ID: ${params.originalMessageId}`,
    ...(params.mic ? [`Received-Content-MIC: ${params.mic.value}, ${params.mic.algorithm}`] : []),
    `Disposition: ${dispositionText(params.disposition)}`,
  ];
  const boundary = newBoundary("mdn");
  const report = buildMultipart(boundary, [
    buildEntity([["Content-Type", "text/plain; charset=us-ascii"], ["Content-Transfer-Encoding", "7bit"]], Buffer.from(`${params.explanation}\r\n`)),
    buildEntity([["Content-Type", "message/disposition-notification"], ["Content-Transfer-Encoding", "7bit"]], Buffer.from(`${fields.join("\r\n")}\r\n`)),
  ]);
  const reportType = `multipart/report; report-type=disposition-notification; boundary="${boundary}"`;
  let contentType = reportType;
  let body = report;
  if (params.signer) {
    const entity = buildEntity([["Content-Type", reportType]], report);
    const signatureBoundary = newBoundary("mdnsig");
    const signature = signDetached(entity, params.signer, params.signer.algorithm);
    body = buildMultipart(signatureBoundary, [entity, signatureEntity(signature)]);
    contentType = `multipart/signed; protocol="application/pkcs7-signature"; micalg=${params.signer.algorithm}; boundary="${signatureBoundary}"`;
  }
  const headers: Record<string, string> = {
    "AS2-Version": "1.2",
    "AS2-From": quoteIfNeeded(params.from),
    "AS2-To": quoteIfNeeded(params.to),
    "Message-ID": `<${randomUUID()}@ipaas-as2>`,
    Date: new Date().toUTCString(),
    "MIME-Version": "1.0",
    Subject: "Message Disposition Notification",
    "Content-Type": contentType,
  };
  return { headers, body, ...(params.asyncUrl ? { asyncUrl: params.asyncUrl } : {}) };
}

/** The application/pkcs7-signature part of a multipart/signed. */
export const signatureEntity = (signatureDer: Uint8Array) =>
  buildEntity(
    [
      ["Content-Type", 'application/pkcs7-signature; name="smime.p7s"'],
      ["Content-Transfer-Encoding", "base64"],
      ["Content-Disposition", 'attachment; filename="smime.p7s"'],
    ],
    Buffer.from(base64Lines(signatureDer)),
  );

/** An MDN as received. */
export interface As2Mdn {
  originalMessageId?: string;
  /** The Disposition field as sent, e.g. `automatic-action/MDN-sent-automatically; processed`. */
  disposition: string;
  processed: boolean;
  /** The error/failure/warning text after processed/ (e.g. `error: authentication-failed`). */
  modifier?: string;
  mic?: Mic;
  signed: boolean;
  /** The partner certificate's name, when the signature verified with it. */
  signedBy?: string;
  /** The human-readable part. */
  explanation?: string;
  messageId?: string;
  from?: string;
  to?: string;
}

/** A multipart/signed entity's content part and verified signature, or why not. */
export function openSigned(entity: MimeEntity, certificate: string | undefined) {
  const boundary = parseHeaderValue(entity.headers.get("content-type")).params.get("boundary");
  const [content, signaturePart] = boundary ? splitMultipart(entity.body, boundary) : [];
  if (!content || !signaturePart) return { content: undefined, check: { ok: false as const, reason: "malformed" as const, message: "multipart/signed without content and signature parts" } };
  if (!certificate) return { content, check: { ok: false as const, reason: "authentication" as const, message: "no partner certificate to verify the signature with" } };
  try {
    return { content, check: verifyDetached(content, decodedBody(parseEntity(signaturePart)), certificate) };
  } catch (err) {
    return { content, check: { ok: false as const, reason: "malformed" as const, message: `the signature could not be read (${err instanceof Error ? err.message : String(err)})` } };
  }
}

/**
 * Reads an MDN (sync response or async POST). A signed MDN is verified with the partner's
 * certificate when one is given; a signature that does not verify throws `mdn_signature`.
 */
export function parseMdn(params: { headers: HeaderInput; body: Uint8Array; partnerCertificate?: string }): As2Mdn {
  const headers = normalizeHeaders(params.headers);
  let entity: MimeEntity = { headers, body: Buffer.from(params.body), raw: Buffer.from(params.body) };
  let signed = false;
  let signedBy: string | undefined;
  if (parseHeaderValue(headers.get("content-type")).value === "multipart/signed") {
    signed = true;
    const { content, check } = openSigned(entity, params.partnerCertificate);
    if (!content) throw new As2Error("mdn_failed", `the MDN is not readable: ${check.ok ? "" : check.message}`);
    if (params.partnerCertificate) {
      if (!check.ok) throw new As2Error("mdn_signature", `the MDN's signature is not valid: ${check.message}`);
      signedBy = check.signedBy;
    }
    entity = parseEntity(content);
  }
  const type = parseHeaderValue(entity.headers.get("content-type"));
  const parts = type.value === "multipart/report" ? splitMultipart(entity.body, type.params.get("boundary") ?? "").map(parseEntity) : [];
  const notification = parts.find((p) => parseHeaderValue(p.headers.get("content-type")).value === "message/disposition-notification");
  if (!notification) throw new As2Error("mdn_failed", "the answer is not an MDN (no message/disposition-notification part)");
  const fields = parseEntity(Buffer.concat([decodedBody(notification), Buffer.from("\r\n\r\n")])).headers;
  const disposition = fields.get("disposition") ?? "";
  const [, status = ""] = disposition.split(";").map((s) => s.trim());
  const modifier = /^processed\s*\/\s*(.+)$/i.exec(status)?.[1]?.trim();
  const micField = fields.get("received-content-mic");
  const [micValue, micAlg] = (micField ?? "").split(",").map((s) => s.trim());
  const micAlgorithm = micAlgorithmOf(micAlg);
  const text = parts.find((p) => parseHeaderValue(p.headers.get("content-type")).value === "text/plain");
  return {
    ...(fields.get("original-message-id") ? { originalMessageId: fields.get("original-message-id") } : {}),
    disposition,
    processed: /^processed$/i.test(status) || (modifier !== undefined && /^warning/i.test(modifier)),
    ...(modifier ? { modifier } : {}),
    ...(micValue && micAlgorithm ? { mic: { value: micValue, algorithm: micAlgorithm } } : {}),
    signed,
    ...(signedBy ? { signedBy } : {}),
    ...(text ? { explanation: decodedBody(text).toString("utf8").trim() } : {}),
    ...(headers.get("message-id") ? { messageId: headers.get("message-id") } : {}),
    ...(headers.get("as2-from") ? { from: unquote(headers.get("as2-from")) } : {}),
    ...(headers.get("as2-to") ? { to: unquote(headers.get("as2-to")) } : {}),
  };
}

/**
 * Checks an MDN against the message it answers: the same Message-ID, signed when we
 * asked for a signed receipt, disposition processed, and the Received-Content-MIC equal
 * to the MIC we computed. Throws As2Error (mdn_signature, mdn_failed, mic_mismatch).
 */
export function verifyMdn(mdn: As2Mdn, expected: { messageId: string; mic: Mic; requireSigned: boolean }): void {
  if (expected.requireSigned && !mdn.signedBy) throw new As2Error("mdn_signature", "the MDN is not signed with the partner's certificate, but a signed receipt was requested");
  if (mdn.originalMessageId !== undefined && mdn.originalMessageId !== expected.messageId) {
    throw new As2Error("mdn_failed", `the MDN answers message ${mdn.originalMessageId}, not ${expected.messageId}`);
  }
  if (!mdn.processed) throw new As2Error("mdn_failed", `the partner did not process the message: ${mdn.disposition || "no disposition"}`, { details: { disposition: mdn.disposition } });
  if (!mdn.mic || mdn.mic.value !== expected.mic.value || mdn.mic.algorithm !== expected.mic.algorithm) {
    throw new As2Error("mic_mismatch", `the MDN's Received-Content-MIC (${mdn.mic ? `${mdn.mic.value}, ${mdn.mic.algorithm}` : "none"}) differs from the MIC we computed (${expected.mic.value}, ${expected.mic.algorithm})`);
  }
}
