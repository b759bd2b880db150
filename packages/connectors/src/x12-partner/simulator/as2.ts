import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { Delivery, DeliveryOutcome, OutboundTransport } from "./transport";

/**
 * The simulator's AS2 (docs/architecture.md "Simulators"). Messages are posted with the
 * AS2 headers (AS2-From, AS2-To, Message-ID) and answered with a synchronous MDN.
 * Payload wrapping sits behind these two functions so that the S/MIME layer of the
 * EDI transport library drops in here without touching the partner logic.
 */
export function as2Transport(targetUrl: () => string | null, timeoutMs = 30_000): OutboundTransport {
  return {
    kind: "as2",
    async send(d: Delivery): Promise<DeliveryOutcome> {
      const url = targetUrl();
      if (!url) return { ok: false, detail: "no AS2 target URL configured (POST /control/config {targetUrl})" };
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: {
            "as2-version": "1.2",
            "as2-from": d.as2From,
            "as2-to": d.as2To,
            "message-id": `<${randomUUID()}@x12-partner-simulator>`,
            "content-type": "application/edi-x12",
            "content-disposition": `attachment; filename="${d.filename}"`,
            "disposition-notification-to": d.as2From,
          },
          body: d.text,
          signal: AbortSignal.timeout(timeoutMs),
        });
        const text = await res.text();
        const failed = !res.ok || /processed\/(error|failure)/i.test(text);
        return { ok: !failed, status: res.status, detail: text.slice(0, 500) || res.statusText };
      } catch (err) {
        return { ok: false, detail: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}

export interface As2Received {
  text: string;
  as2From: string;
  as2To: string;
  messageId: string;
  filename?: string;
}

/** The payload and AS2 names of a POST to the simulator's AS2 endpoint. */
export function readAs2Request(headers: IncomingHttpHeaders, body: Buffer): As2Received {
  const header = (name: string) => {
    const v = headers[name];
    return (Array.isArray(v) ? v[0] : v) ?? "";
  };
  const filename = /filename="?([^";]+)"?/.exec(header("content-disposition"))?.[1];
  return { text: body.toString("utf8"), as2From: header("as2-from"), as2To: header("as2-to"), messageId: header("message-id"), ...(filename ? { filename } : {}) };
}

/** A synchronous MDN: "processed", or "processed/error" with a reason (a negative MDN). */
export function mdn(received: Pick<As2Received, "messageId" | "as2From" | "as2To">, error?: string): { status: number; headers: Record<string, string>; body: string } {
  const disposition = `automatic-action/MDN-sent-automatically; ${error ? `processed/error: ${error}` : "processed"}`;
  return {
    status: 200,
    headers: { "content-type": "message/disposition-notification", "as2-from": received.as2To, "as2-to": received.as2From, "as2-version": "1.2" },
    body: [`Original-Message-ID: ${received.messageId}`, `Final-Recipient: rfc822; ${received.as2To}`, `Disposition: ${disposition}`, ""].join("\r\n"),
  };
}
