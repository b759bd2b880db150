import http from "node:http";
import type { AddressInfo } from "node:net";
import type { StepError } from "@ipaas/flow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpClient, createOutboundPolicy, parseRetryAfter } from "../src";

let server: http.Server;
let base = "";
const seen: http.IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.headers);
    const status = Number(req.url?.slice(1)) || 200;
    if (status === 999) return; // never answers: a timeout
    res.writeHead(status, { "content-type": "application/json", ...(status === 429 ? { "retry-after": "3" } : {}) });
    res.end(JSON.stringify({ status }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await policy.close();
  server.closeAllConnections();
  server.close();
});

// The test server is on loopback, which the default policy refuses: the allow-list names it.
const policy = createOutboundPolicy({ allow: "127.0.0.1" });
const client = createHttpClient({ policy, correlationId: "corr-1", idempotencyKey: "idem-1", timeoutMs: 300 });
const failure = (path: string) => client({ method: "POST", url: `${base}${path}`, body: {} }).then(() => null, (e: unknown) => e as StepError);

describe("connector HTTP client", () => {
  it("sends the correlation id and idempotency key", async () => {
    const res = await client({ method: "POST", url: `${base}/200`, body: { a: 1 } });
    expect(res.body).toEqual({ status: 200 });
    expect(seen.at(-1)).toMatchObject({ "x-correlation-id": "corr-1", "idempotency-key": "idem-1", "content-type": "application/json" });
  });

  it("classifies 429 (with Retry-After) and 5xx as retryable, 4xx as not, keeping the body", async () => {
    expect(await failure("/429")).toMatchObject({ errorClass: "retryable", code: "RATE_LIMITED", retryAfterMs: 3000 });
    expect(await failure("/503")).toMatchObject({ errorClass: "retryable", code: "HTTP_503" });
    expect(await failure("/400")).toMatchObject({ errorClass: "non_retryable", code: "HTTP_400", details: { status: 400, body: { status: 400 } } });
  });

  it("classifies timeouts and refused connections as retryable", async () => {
    expect(await failure("/999")).toMatchObject({ errorClass: "retryable", code: "TIMEOUT" });
    const refused = await createHttpClient({ policy, correlationId: "c" })({ method: "GET", url: "http://127.0.0.1:9/" }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ errorClass: "retryable", code: "NETWORK_ERROR" });
  });

  it("parses Retry-After as seconds or a date", () => {
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
