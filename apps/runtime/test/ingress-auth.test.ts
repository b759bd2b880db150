import { createHmac, randomUUID } from "node:crypto";
import { selectRows } from "@ipaas/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpConnection, publishFlow, startHarness, waitForRun, type Harness } from "./helpers/harness";

let h: Harness;
let server: Awaited<ReturnType<Harness["server"]>>;
let unverified: string;
let timestamped: string;
let open: string;
const SECRET = "whsec_ts_0123456789abcdef";

beforeAll(async () => {
  h = await startHarness();
  server = await h.server();
  const map = { id: "map", type: "map" as const, name: "Map", config: { expression: "$" } };
  const hook = (config: Record<string, unknown>) => ({ trigger: { id: "trigger", type: "trigger.webhook" as const, name: "Webhook", config } });
  // Published before verification schemes existed: stored as is, so the runtime must refuse it itself.
  unverified = await publishFlow(h.db, "unverified", [map], hook({}));
  const connectionId = await createHttpConnection(h.db, "timestamp signing", "http://127.0.0.1:9", h.keyRing.encryptAll({ webhookSecret: SECRET }));
  timestamped = await publishFlow(h.db, "timestamped", [map], hook({ verification: "hmac-timestamp", connectionId }));
  open = await publishFlow(h.db, "public", [map], hook({ verification: "public" }));
});
afterAll(async () => {
  await server?.close();
  await h?.close();
});

const now = () => Math.floor(Date.now() / 1000);
const sign = (timestamp: number | string, body: string | Buffer, secret = SECRET) => `sha256=${createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex")}`;

function post(flowId: string, body: string, options: { headers?: Record<string, string>; ip?: string; type?: string } = {}) {
  return server.inject({
    method: "POST",
    url: `/v1/hooks/${flowId}`,
    payload: body,
    remoteAddress: options.ip ?? "127.0.0.1",
    headers: { "content-type": options.type ?? "application/json", ...options.headers },
  });
}
const signed = (body: string, timestamp = now(), extra: Record<string, string> = {}) => ({ "x-webhook-timestamp": String(timestamp), "x-webhook-signature": sign(timestamp, body), ...extra });
const runsOf = async (flowId: string) => await selectRows(h.db, "runs", { flowId });
const auditOf = async (flowId: string, ip?: string) => (await selectRows(h.db, "auditLog")).filter((a) => a.targetId === flowId && (ip === undefined || a.ip === ip));

describe("webhook verification schemes", () => {
  it("refuses every delivery to a trigger that names no scheme, signed or not, and runs nothing", async () => {
    const bare = await post(unverified, JSON.stringify({ orderNo: "#1" }), { ip: "127.0.0.11" });
    expect(bare.statusCode).toBe(401);
    expect(bare.json()).toMatchObject({ error: "WEBHOOK_UNVERIFIED", message: expect.stringMatching(/verification scheme/) });
    const body = JSON.stringify({ orderNo: "#2" });
    const withSignature = await post(unverified, body, { ip: "127.0.0.11", headers: { "x-signature-256": `sha256=${createHmac("sha256", "guess").update(body).digest("hex")}`, ...signed(body) } });
    expect(withSignature.statusCode).toBe(401);
    expect(await runsOf(unverified)).toHaveLength(0);
    expect(await auditOf(unverified, "127.0.0.11")).toEqual([expect.objectContaining({ action: "webhook.rejected", summary: expect.objectContaining({ reason: "no verification scheme", count: 2 }) })]);
  });

  it("hmac-timestamp: a fresh signature runs once; its replay, a wrong signature and a stale or future timestamp are 401", async () => {
    const body = JSON.stringify({ orderNo: "#10" });
    const headers = signed(body);
    const good = await post(timestamped, body, { headers, ip: "127.0.0.12" });
    expect(good.statusCode).toBe(202);
    expect((await waitForRun(h.db, (good.json() as { runId: string }).runId)).run).toMatchObject({ status: "succeeded", output: { orderNo: "#10" } });

    const replay = await post(timestamped, body, { headers, ip: "127.0.0.12" });
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ message: expect.stringMatching(/already used/) });
    const wrongSecret = await post(timestamped, body, { ip: "127.0.0.12", headers: { "x-webhook-timestamp": String(now()), "x-webhook-signature": sign(now(), body, "not-the-secret") } });
    expect(wrongSecret.statusCode).toBe(401);
    const tampered = await post(timestamped, JSON.stringify({ orderNo: "#11" }), { headers: signed(body), ip: "127.0.0.12" });
    expect(tampered.statusCode).toBe(401);
    const stale = await post(timestamped, body, { headers: signed(body, now() - 6 * 60), ip: "127.0.0.12" });
    expect(stale.statusCode).toBe(401);
    expect(stale.json()).toMatchObject({ message: expect.stringMatching(/5 minutes/) });
    const future = await post(timestamped, body, { headers: signed(body, now() + 6 * 60), ip: "127.0.0.12" });
    expect(future.statusCode).toBe(401);
    const noTimestamp = await post(timestamped, body, { headers: { "x-webhook-signature": sign(now(), body) }, ip: "127.0.0.12" });
    expect(noTimestamp.statusCode).toBe(401);
    for (const res of [replay, wrongSecret, tampered, stale]) expect(res.body).not.toContain(SECRET);
    expect(await runsOf(timestamped)).toHaveLength(1);
  });

  it("verifies a form-urlencoded body over its raw bytes and runs on the parsed fields", async () => {
    const body = "orderNo=%231001&note=two+words&tag=a&tag=b";
    const ok = await post(timestamped, body, { headers: signed(body), type: "application/x-www-form-urlencoded", ip: "127.0.0.13" });
    expect(ok.statusCode).toBe(202);
    const { run } = await waitForRun(h.db, (ok.json() as { runId: string }).runId);
    expect(run.output).toEqual({ orderNo: "#1001", note: "two words", tag: ["a", "b"] });
    // The same fields, encoded differently: a signature over a re-encoding would accept this, one over the raw bytes must not.
    const reencoded = "orderNo=%231001&note=two%20words&tag=a&tag=b";
    const refused = await post(timestamped, reencoded, { headers: signed(body), type: "application/x-www-form-urlencoded", ip: "127.0.0.13" });
    expect(refused.statusCode).toBe(401);
  });

  it("keeps text and XML bodies as strings, signed over their bytes", async () => {
    const xml = `<order id="5"><note>ä &amp; ö</note></order>`;
    const res = await post(timestamped, xml, { headers: signed(xml), type: "application/xml; charset=utf-8", ip: "127.0.0.14" });
    expect(res.statusCode).toBe(202);
    expect((await waitForRun(h.db, (res.json() as { runId: string }).runId)).run.output).toBe(xml);
    const text = "plain order 5";
    const plain = await post(timestamped, text, { headers: signed(text), type: "text/plain", ip: "127.0.0.14" });
    expect(plain.statusCode).toBe(202);
  });

  it("a public trigger takes unsigned deliveries", async () => {
    const res = await post(open, JSON.stringify({ orderNo: "#p1" }));
    expect(res.statusCode).toBe(202);
    expect((await waitForRun(h.db, (res.json() as { runId: string }).runId)).run.status).toBe("succeeded");
  });
});

describe("failed attempts", () => {
  it("20 bad signatures from one address: 401s, then 429 with Retry-After; the audit log counts them in a few rows", async () => {
    const ip = "127.0.0.20";
    const body = JSON.stringify({ orderNo: "#brute" });
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 20; i++) {
      const res = await post(timestamped, body, { ip, headers: { "x-webhook-timestamp": String(now()), "x-webhook-signature": `sha256=${"0".repeat(63)}${i % 10}` } });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) retryAfter = res.headers["retry-after"] as string;
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(10).fill(429));
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // Stopped before verifying: even a correct signature from that address waits now; others are unaffected.
    expect((await post(timestamped, body, { ip, headers: signed(body) })).statusCode).toBe(429);
    expect((await post(timestamped, body, { ip: "127.0.0.21", headers: signed(body, now(), { "x-event-id": "brute-other" }) })).statusCode).toBe(202);

    const rows = await auditOf(timestamped, ip);
    // One row per reason and minute (two minutes at most if the loop straddled one).
    expect(rows.length).toBeLessThanOrEqual(4);
    const counts = rows.map((r) => (r.summary as { count: number }).count);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(21);
    expect(new Set(rows.map((r) => (r.summary as { reason: string }).reason))).toEqual(new Set(["invalid signature", "too many failed attempts"]));
  });

  it("wrong API keys count against the same per-address budget and are audited in aggregate", async () => {
    const apiFlow = await publishFlow(h.db, "api", [{ id: "map", type: "map", name: "M", config: { expression: "1" } }], { trigger: { id: "trigger", type: "trigger.api", name: "API" } });
    const ip = "127.0.0.22";
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await server.inject({ method: "POST", url: `/v1/flows/${i % 2 === 0 ? apiFlow : randomUUID()}/invoke`, remoteAddress: ip, payload: "{}", headers: { "content-type": "application/json", "x-api-key": `ipk_guess_${i}` } });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
    // Aggregated per address, whatever flow id the URL names (those cost nothing to vary).
    const rows = (await selectRows(h.db, "auditLog")).filter((r) => r.action === "api_key.rejected" && r.ip === ip);
    expect(rows.length).toBeLessThanOrEqual(4);
    expect(rows.map((r) => (r.summary as { count: number }).count).reduce((a, b) => a + b, 0)).toBe(12);
  });
});

describe("request.ip and proxies", () => {
  it("believes X-Forwarded-For only when RUNTIME_TRUST_PROXY names the proxy", async () => {
    const direct = await h.server();
    const proxied = await h.server({ trustProxy: ["127.0.0.1"] });
    const deliver = (app: typeof server, forwarded: string) =>
      app.inject({ method: "POST", url: `/v1/hooks/${unverified}`, payload: "{}", remoteAddress: "127.0.0.1", headers: { "content-type": "application/json", "x-forwarded-for": forwarded } });
    expect((await deliver(direct, "198.51.100.7")).statusCode).toBe(401);
    expect((await deliver(proxied, "198.51.100.8")).statusCode).toBe(401);
    const ips = (await auditOf(unverified)).map((r) => r.ip);
    // Without trust the header is ignored (the socket's address is recorded); with it, the client behind the proxy.
    expect(ips).not.toContain("198.51.100.7");
    expect(ips).toContain("198.51.100.8");
    await Promise.all([direct.close(), proxied.close()]);
  });
});
