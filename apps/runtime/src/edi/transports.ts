import { sendAs2, sftpPut, type OutboundPolicy } from "@ipaas/connectors";
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
 * AS2 (RFC 4130) by the transport library: signed and encrypted as the partner's settings say, a
 * sync MDN verified (signature, disposition, MIC), every request under the outbound network policy.
 * An async MDN is asked to come to `asyncMdnUrl` (the runtime's public `/as2`); the message id and
 * MIC are kept with the interchange to match it.
 */
export function as2Transport(outbound: OutboundPolicy, options: { asyncMdnUrl?: string } = {}): EdiTransport {
  return async (request) => {
    if (request.transport.kind !== "as2") throw new Error(`AS2 cannot send by ${request.transport.kind}`);
    const settings = request.transport.settings;
    const sent = await sendAs2({
      policy: outbound,
      settings,
      secrets: { ...(request.secrets.privateKey && { privateKey: request.secrets.privateKey }), ...(request.secrets.passphrase && { passphrase: request.secrets.passphrase }) },
      payload: request.body,
      fileName: request.fileName,
      ...(settings.mdn === "async" && options.asyncMdnUrl ? { asyncMdnUrl: options.asyncMdnUrl } : {}),
      ...(request.signal && { signal: request.signal }),
    });
    return { transportRef: sent.messageId, mdn: { status: sent.status, ourMic: sent.mic, ...(sent.mdn ? { disposition: sent.mdn.disposition, processed: sent.mdn.processed, signed: sent.mdn.signed, mic: sent.mdn.mic } : { awaiting: settings.mdn }) } };
  };
}

/** SFTP by the transport library: written under a temporary name, then renamed into the partner's folder. */
export function sftpTransport(outbound: OutboundPolicy): EdiTransport {
  return async (request) => {
    if (request.transport.kind !== "sftp") throw new Error(`SFTP cannot send by ${request.transport.kind}`);
    const { path } = await sftpPut(request.transport.settings, request.secrets, { fileName: request.fileName, bytes: request.body }, { policy: outbound });
    return { transportRef: path };
  };
}

/** The transports the delivery worker uses, one per kind. */
export const partnerTransports = (outbound: OutboundPolicy, options: { asyncMdnUrl?: string } = {}): EdiTransports => ({
  as2: as2Transport(outbound, options),
  sftp: sftpTransport(outbound),
});
