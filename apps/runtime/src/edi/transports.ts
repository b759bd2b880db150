import { randomUUID } from "node:crypto";
import type { OutboundPolicy } from "@ipaas/connectors";
import type { PartnerTransport, TransportSecretField } from "@ipaas/db";

/**
 * How the delivery worker hands a stored file to a partner (docs/architecture.md "EDI transports"):
 * one function per transport kind, so the worker does not care which library speaks it.
 */
export interface EdiTransportRequest {
  partner: { id: string; name: string };
  transport: PartnerTransport;
  /** The partner's transport credentials, opened for this call only. */
  secrets: Partial<Record<TransportSecretField, string>>;
  body: Buffer;
  /** A name for the file (SFTP) or the message (AS2): the interchange's id and control number. */
  fileName: string;
  signal?: AbortSignal;
}

export interface EdiTransportResult {
  /** What the partner calls the file: AS2 Message-ID, SFTP path. */
  transportRef: string | null;
  /** AS2: the MDN received, without secrets. */
  mdn?: unknown;
}

/** Throws when the file was not delivered; the worker records the message and retries. */
export type EdiTransport = (request: EdiTransportRequest) => Promise<EdiTransportResult>;
export type EdiTransports = Record<PartnerTransport["kind"], EdiTransport>;

/**
 * Plain AS2 over HTTP (RFC 4130 headers, the X12 as `application/edi-x12`, no S/MIME): enough for a
 * partner configured without signing and encryption, under the outbound network policy like every
 * request made for a user. A synchronous MDN, when one comes back, is kept as text. Signed or
 * encrypted AS2 and SFTP need the transport library (packages/connectors/src/edi).
 */
export function plainAs2Transport(outbound: OutboundPolicy): EdiTransport {
  return async (request) => {
    if (request.transport.kind !== "as2") throw new Error(`plain AS2 cannot send by ${request.transport.kind}`);
    const settings = request.transport.settings;
    if (settings.sign || settings.encrypt) throw new Error(`Partner "${request.partner.name}" wants signed or encrypted AS2, which this runtime cannot send yet`);
    const messageId = `<${randomUUID()}@ipaas>`;
    const res = await outbound.fetch(settings.url, {
      method: "POST",
      headers: {
        "content-type": "application/edi-x12",
        "as2-version": "1.2",
        "as2-from": settings.as2From,
        "as2-to": settings.as2To,
        "message-id": messageId,
        subject: request.fileName,
        ...(settings.mdn === "sync" ? { "disposition-notification-to": settings.as2From } : {}),
      },
      body: request.body.toString("latin1"),
      signal: request.signal,
    });
    const answer = await res.text();
    if (!res.ok) throw new Error(`AS2 POST to ${new URL(settings.url).host} answered ${res.status}${answer ? `: ${answer.slice(0, 200)}` : ""}`);
    return { transportRef: messageId, ...(answer ? { mdn: { status: res.status, body: answer.slice(0, 4000) } } : {}) };
  };
}

/** Until the SFTP library is wired in: a clear failure, retried and then `failed`, resendable once it is. */
export const unavailableTransport =
  (kind: string): EdiTransport =>
  async () => {
    throw new Error(`The ${kind} transport is not available in this runtime`);
  };
