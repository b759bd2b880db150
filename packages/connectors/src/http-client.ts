import { StepError } from "@ipaas/flow";
import type { OutboundPolicy } from "./net/policy";

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: Pick<Headers, "get" | "has" | "forEach">;
  body: unknown;
}

export interface HttpClientOptions {
  /** Where requests may go (net/policy.ts); required, so no request on a user's behalf bypasses it. */
  policy: OutboundPolicy;
  correlationId: string;
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Per-request timeout unless the request sets its own. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

async function readBody(res: { text(): Promise<string> }): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The HTTP client connectors use: adds X-Correlation-Id and Idempotency-Key, applies
 * a timeout, and classifies failures the way the engine retries them: network
 * errors, timeouts, 408, 429 and 5xx are retryable (honouring Retry-After); other
 * 4xx are not, and keep the target's response for the dead-letter console.
 * Requests go through the outbound network policy; its refusals are not retried.
 */
export function createHttpClient(options: HttpClientOptions) {
  return async function request(req: HttpRequest): Promise<HttpResponse> {
    const headers: Record<string, string> = { accept: "application/json", "x-correlation-id": options.correlationId, ...req.headers };
    if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
    let body: string | undefined;
    if (req.body !== undefined) {
      body = typeof req.body === "string" ? req.body : JSON.stringify(req.body);
      headers["content-type"] ??= "application/json";
    }
    const timeout = AbortSignal.timeout(req.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let res: Awaited<ReturnType<OutboundPolicy["fetch"]>>;
    try {
      res = await options.policy.fetch(req.url, { method: req.method, headers, body, signal });
    } catch (err) {
      if (err instanceof StepError) throw err;
      const timedOut = timeout.aborted;
      const message = timedOut ? `${req.method} ${req.url} timed out` : `${req.method} ${req.url} failed: ${err instanceof Error ? (err.cause as Error | undefined)?.message ?? err.message : String(err)}`;
      throw new StepError(message, "retryable", timedOut ? "TIMEOUT" : "NETWORK_ERROR");
    }
    const responseBody = await readBody(res);
    if (res.ok) return { status: res.status, headers: res.headers, body: responseBody };
    const details = { status: res.status, body: responseBody };
    const message = `${req.method} ${req.url} answered HTTP ${res.status}`;
    if (res.status === 429 || res.status === 408 || res.status >= 500) {
      throw new StepError(message, "retryable", res.status === 429 ? "RATE_LIMITED" : `HTTP_${res.status}`, details, parseRetryAfter(res.headers.get("retry-after")));
    }
    throw new StepError(message, "non_retryable", `HTTP_${res.status}`, details);
  };
}
export type HttpClient = ReturnType<typeof createHttpClient>;
