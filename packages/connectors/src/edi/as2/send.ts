import { StepError } from "@ipaas/flow";
import { parseRetryAfter } from "../../http-client";
import type { OutboundPolicy } from "../../net/policy";
import { As2Error } from "./errors";
import { buildAs2Message, type As2MessageInput } from "./message";
import { parseMdn, verifyMdn, type As2Mdn, type OutgoingMdn } from "./mdn";
import type { Mic } from "./smime";

const DEFAULT_TIMEOUT_MS = 60_000;

/** What AS2 needs of the outbound network policy (tests may pass their own). */
export type As2Fetcher = Pick<OutboundPolicy, "fetch">;

export interface SendAs2Params extends As2MessageInput {
  /** Every AS2 request goes through the outbound network policy (docs/architecture.md "Outbound network policy"). */
  policy: As2Fetcher;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface SendAs2Result {
  messageId: string;
  mic: Mic;
  /** The verified sync MDN; undefined for async (it arrives later: parseMdn + verifyMdn) and none. */
  mdn: As2Mdn | undefined;
  status: number;
}

type PostResult = { status: number; headers: Headers; body: Buffer };

/** POSTs under the policy; a failure to get an answer is `transport` (retryable), a non-2xx `http_status`. Policy refusals pass through as they are. */
async function post(policy: As2Fetcher, url: string, headers: Record<string, string>, body: Uint8Array, timeoutMs: number, signal: AbortSignal | undefined, what: string): Promise<PostResult> {
  const timeout = AbortSignal.timeout(timeoutMs);
  let res: Awaited<ReturnType<As2Fetcher["fetch"]>>;
  let bytes: Buffer;
  try {
    res = await policy.fetch(url, { method: "POST", headers, body, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    bytes = Buffer.from(await res.arrayBuffer());
  } catch (err) {
    if (err instanceof StepError) throw err;
    const cause = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
    // The host only: the URL's path or query may carry a token.
    throw new As2Error("transport", `${what} to ${new URL(url).host} ${timeout.aborted ? "timed out" : `failed: ${cause}`}`, { retryable: true });
  }
  if (res.status < 200 || res.status > 299) {
    const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
    const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));
    throw new As2Error("http_status", `${what} to ${new URL(url).host} answered HTTP ${res.status}`, {
      retryable,
      details: { status: res.status, body: bytes.subarray(0, 2000).toString("utf8") },
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  return { status: res.status, headers: res.headers as unknown as Headers, body: bytes };
}

/**
 * Sends an AS2 message to the partner (buildAs2Message), through the outbound policy.
 * With a sync MDN the receipt in the response is parsed and verified (signature with
 * the partner's certificate, disposition processed, Received-Content-MIC = our MIC);
 * a failed check throws As2Error. For async the caller keeps `messageId` and `mic` to
 * check the MDN when it arrives.
 */
export async function sendAs2(params: SendAs2Params): Promise<SendAs2Result> {
  const message = buildAs2Message(params);
  const res = await post(params.policy, params.settings.url, message.headers, message.body, params.timeoutMs ?? DEFAULT_TIMEOUT_MS, params.signal, "AS2 POST");
  if (params.settings.mdn !== "sync") return { messageId: message.messageId, mic: message.mic, mdn: undefined, status: res.status };
  if (res.body.length === 0) throw new As2Error("mdn_failed", "a sync MDN was requested but the answer has no body");
  const mdn = parseMdn({ headers: res.headers, body: res.body, ...(message.signedMdnRequested ? { partnerCertificate: params.settings.partnerCertificate } : {}) });
  verifyMdn(mdn, { messageId: message.messageId, mic: message.mic, requireSigned: message.signedMdnRequested });
  return { messageId: message.messageId, mic: message.mic, mdn, status: res.status };
}

/** POSTs an async MDN to the sender's Receipt-Delivery-Option URL, through the outbound policy. */
export async function sendAsyncMdn(params: { policy: As2Fetcher; mdn: OutgoingMdn; url?: string; timeoutMs?: number; signal?: AbortSignal }): Promise<{ status: number }> {
  const url = params.url ?? params.mdn.asyncUrl;
  if (!url) throw new As2Error("config", "the MDN has no Receipt-Delivery-Option URL to go to");
  const res = await post(params.policy, url, params.mdn.headers, params.mdn.body, params.timeoutMs ?? DEFAULT_TIMEOUT_MS, params.signal, "async MDN POST");
  return { status: res.status };
}
