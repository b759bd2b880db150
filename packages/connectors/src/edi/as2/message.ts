import { randomUUID } from "node:crypto";
import { As2Error } from "./errors";
import { signatureEntity } from "./mdn";
import { buildEntity, buildMultipart, newBoundary, quoteIfNeeded } from "./mime";
import { computeMic, encryptFor, signDetached, type Mic, type MicAlgorithm } from "./smime";

/** A partner's AS2 settings, shaped like `as2SettingsSchema` in @ipaas/db's trading-partner-schema (this package reads no database). */
export interface As2Settings {
  url: string;
  as2From: string;
  as2To: string;
  /** The partner's certificate (PEM): encrypts to them, verifies their signatures and MDNs. */
  partnerCertificate: string;
  /** Our certificate (PEM) for this partner; its key is the sealed `privateKey`. */
  ourCertificate: string;
  sign: boolean;
  encrypt: boolean;
  mdn: "sync" | "async" | "none";
}

/** The partner's opened transport secrets: for AS2, `privateKey` is our key matching `ourCertificate`. */
export interface As2Secrets {
  privateKey?: string;
  passphrase?: string;
}

export interface As2MessageInput {
  settings: As2Settings;
  secrets: As2Secrets;
  payload: Uint8Array;
  fileName?: string;
  /** Default application/edi-x12. */
  contentType?: string;
  /** Where an async MDN goes (our runtime's MDN endpoint); required when settings.mdn is "async". */
  asyncMdnUrl?: string;
  messageId?: string;
  micAlgorithm?: MicAlgorithm;
}

export interface As2Message {
  messageId: string;
  /** What the partner's MDN must echo as Received-Content-MIC (RFC 4130 §7.3.1). */
  mic: Mic;
  headers: Record<string, string>;
  body: Buffer;
  /** Whether a signed MDN was asked for (we hold the partner's certificate to verify it). */
  signedMdnRequested: boolean;
}

const has = (text: string) => text.trim() !== "";

/**
 * Builds an AS2 message (RFC 4130): the payload as an application/edi-x12 entity, signed
 * as multipart/signed (detached PKCS #7, SHA-256), then encrypted as
 * application/pkcs7-mime (AES-256-CBC), each when the settings say so, with the AS2
 * headers and the MDN request. The MIC is computed over what RFC 4130 §7.3.1 names: the
 * signed entity, else the encrypted entity, else the bare payload.
 */
export function buildAs2Message(input: As2MessageInput): As2Message {
  const { settings, secrets } = input;
  const micAlgorithm = input.micAlgorithm ?? "sha-256";
  if (settings.sign && (!has(settings.ourCertificate) || !secrets.privateKey)) throw new As2Error("config", "signing needs our certificate and its private key in the partner's AS2 settings");
  if (settings.encrypt && !has(settings.partnerCertificate)) throw new As2Error("config", "encryption needs the partner's certificate in its AS2 settings");
  if (settings.mdn === "async" && !input.asyncMdnUrl) throw new As2Error("config", "an async MDN needs the URL it is to be sent to");
  const messageId = input.messageId ?? `<${randomUUID()}@${settings.as2From.replace(/[^A-Za-z0-9.-]/g, "_")}>`;
  const fileName = (input.fileName ?? "message.edi").replace(/["\\\r\n]/g, "_");
  const payloadEntity = buildEntity(
    [
      ["Content-Type", input.contentType ?? "application/edi-x12"],
      ["Content-Transfer-Encoding", "binary"],
      ["Content-Disposition", `attachment; filename="${fileName}"`],
    ],
    input.payload,
  );
  let entity = payloadEntity;
  let mic = computeMic(input.payload, micAlgorithm);
  if (settings.sign) {
    const signature = signDetached(payloadEntity, { certificate: settings.ourCertificate, privateKey: secrets.privateKey ?? "", ...(secrets.passphrase ? { passphrase: secrets.passphrase } : {}) }, micAlgorithm);
    const boundary = newBoundary("as2");
    entity = buildEntity([["Content-Type", `multipart/signed; protocol="application/pkcs7-signature"; micalg=${micAlgorithm}; boundary="${boundary}"`]], buildMultipart(boundary, [payloadEntity, signatureEntity(signature)]));
    mic = computeMic(payloadEntity, micAlgorithm);
  } else if (settings.encrypt) {
    mic = computeMic(payloadEntity, micAlgorithm);
  }
  let topHeaders: Record<string, string>;
  let body: Buffer;
  if (settings.encrypt) {
    body = encryptFor(entity, settings.partnerCertificate);
    topHeaders = { "Content-Type": 'application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"', "Content-Transfer-Encoding": "binary", "Content-Disposition": 'attachment; filename="smime.p7m"' };
  } else {
    const at = entity.indexOf("\r\n\r\n");
    // HTTP carries the entity's headers itself: the body is what follows them.
    topHeaders = Object.fromEntries(
      entity
        .subarray(0, at)
        .toString("latin1")
        .split("\r\n")
        .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()]),
    );
    body = entity.subarray(at + 4);
  }
  const signedMdnRequested = has(settings.partnerCertificate);
  const headers: Record<string, string> = {
    "AS2-Version": "1.2",
    "AS2-From": quoteIfNeeded(settings.as2From),
    "AS2-To": quoteIfNeeded(settings.as2To),
    "Message-ID": messageId,
    Date: new Date().toUTCString(),
    "MIME-Version": "1.0",
    Subject: `AS2 message from ${settings.as2From}`,
    ...topHeaders,
  };
  if (settings.mdn !== "none") {
    headers["Disposition-Notification-To"] = settings.as2From;
    if (signedMdnRequested) headers["Disposition-Notification-Options"] = `signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, ${micAlgorithm}`;
    if (settings.mdn === "async" && input.asyncMdnUrl) headers["Receipt-Delivery-Option"] = input.asyncMdnUrl;
  }
  return { messageId, mic, headers, body, signedMdnRequested: settings.mdn !== "none" && signedMdnRequested };
}
