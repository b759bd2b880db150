import { createApiKey, revokeApiKey } from "@ipaas/db";
import { selectRows } from "@ipaas/db/testing";
import fc from "fast-check";
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fuzzMode, fuzzParams } from "../../../tooling/fuzz";
import { createHttpConnection, publishFlow, startHarness, type Harness } from "./helpers/harness";

/**
 * Property: whatever arrives at the ingress — broken or hostile bodies, wrong content
 * types, missing/wrong/stale/replayed signatures, odd event ids — the answer is a 2xx or
 * a clear 4xx (error code and message), never a 5xx; a refused request leaves no run
 * behind; an unsigned request never starts a signed flow; and /healthz still says ok.
 */

let h: Harness;
let server: Awaited<ReturnType<Harness["server"]>>;
const SECRET = "whsec_fuzz_0123456789";
const flows = {} as Record<"public" | "timestamped" | "connection" | "unverified" | "api", string>;
const keys = {} as Record<"valid" | "revoked", string>;

beforeAll(async () => {
  h = await startHarness();
  server = await h.server();
  const map = { id: "map", type: "map" as const, name: "Map", config: { expression: "{ 'ok': true }" } };
  const hook = (config: Record<string, unknown>) => ({ trigger: { id: "trigger", type: "trigger.webhook" as const, name: "Webhook", config } });
  const connectionId = await createHttpConnection(h.db, "fuzz signing", "http://127.0.0.1:9", h.keyRing.encryptAll({ webhookSecret: SECRET }));
  flows.public = await publishFlow(h.db, "fuzz public", [map], hook({ verification: "public" }));
  flows.timestamped = await publishFlow(h.db, "fuzz timestamped", [map], hook({ verification: "hmac-timestamp", connectionId }));
  flows.connection = await publishFlow(h.db, "fuzz connection", [map], hook({ verification: "connection", connectionId }));
  flows.unverified = await publishFlow(h.db, "fuzz unverified", [map], hook({}));
  const respond = { id: "respond", type: "respond" as const, name: "Respond", config: { status: 200, body: "$" } };
  flows.api = await publishFlow(h.db, "fuzz api", [map, respond], { trigger: { id: "trigger", type: "trigger.api", name: "API" } });
  keys.valid = (await createApiKey(h.db, { name: "fuzz", rateLimitPerMinute: 100_000 })).key;
  const revoked = await createApiKey(h.db, { name: "fuzz revoked" });
  await revokeApiKey(h.db, revoked.id);
  keys.revoked = revoked.key;
});
afterAll(async () => {
  await server?.close();
  await h?.close();
});

/** A bound for "it finishes", not a speed claim: the long form runs thousands of cases. */
const TIMEOUT = fuzzMode === "long" ? 3_600_000 : 180_000;

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "application/cloudevents+json",
  "application/x-www-form-urlencoded",
  "text/plain",
  "text/csv",
  "application/xml",
  "application/octet-stream",
  "multipart/form-data; boundary=x",
  "text/html; charset=latin1",
  "application/jsonx",
  "garbage",
];

const depth = fc.integer({ min: 1, max: 3000 });
/** Bodies: valid JSON, broken JSON, deep nesting, huge strings, unstorable text, poisoning, forms, raw bytes. */
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  depth.map((n) => "[".repeat(n) + "]".repeat(n)),
  depth.map((n) => '{"a":'.repeat(n) + "1" + "}".repeat(n)),
  depth.map((n) => "[".repeat(n)),
  fc.integer({ min: 1_000, max: 300_000 }).map((n) => JSON.stringify({ note: "x".repeat(n) })),
  fc.constantFrom('{"a":"\\u0000"}', '{"\\ud800":1}', '{"a":"\\udc00x"}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', "__proto__=1&a=2", "a=%00", "a=%ZZ", "", "null", "1e999999", '"\\u0000"'),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 20 }), { maxKeys: 5 }).map((d) => new URLSearchParams(d).toString()),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
);
/** Header values a real HTTP client can send (printable latin1), including empty and over-long ones. */
const headerText = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c < 0x7f || c > 0x9f).map((c) => String.fromCharCode(c)), maxLength: 300 }),
  fc.constantFrom("", " ", "x".repeat(257), "évènement-1", "../../etc/passwd", "evt-1"),
);
const signature = fc.constantFrom("none", "valid", "wrong", "stale", "future", "replayed", "malformed-timestamp", "x-signature-256", "x-signature-256-wrong");

type Sent = { status: number; json: () => unknown; body: string };

function webhookHeaders(mode: string, raw: string, now: number): Record<string, string> {
  const hmac = (data: string) => createHmac("sha256", SECRET).update(data).digest("hex");
  switch (mode) {
    case "valid":
    case "replayed":
      return { "x-webhook-timestamp": String(now), "x-webhook-signature": `sha256=${hmac(`${now}.${raw}`)}` };
    case "wrong":
      return { "x-webhook-timestamp": String(now), "x-webhook-signature": `sha256=${hmac(`${now}.${raw}x`)}` };
    case "stale":
    case "future": {
      // Well past the 5-minute window: a loaded machine may take seconds between signing and checking.
      const t = mode === "stale" ? now - 330 : now + 330;
      return { "x-webhook-timestamp": String(t), "x-webhook-signature": `sha256=${hmac(`${t}.${raw}`)}` };
    }
    case "malformed-timestamp":
      return { "x-webhook-timestamp": "soon", "x-webhook-signature": `sha256=${hmac(`soon.${raw}`)}` };
    case "x-signature-256":
      return { "x-signature-256": `sha256=${hmac(raw)}` };
    case "x-signature-256-wrong":
      return { "x-signature-256": "sha256=00" };
    default:
      return {};
  }
}

const runCount = async (flowId: string) => (await selectRows(h.db, "runs", { flowId })).length;

/** A clear answer: 2xx, or a 4xx with a stable error code and a message. */
function expectClear(res: Sent, label: string) {
  expect(res.status, label).toBeLessThan(500);
  if (res.status >= 400) expect(res.json(), label).toMatchObject({ error: expect.any(String), message: expect.any(String) });
}

describe("ingress fuzz", () => {
  it("webhooks: every delivery gets a clear answer, refusals leave no run, unsigned never runs a signed flow", async () => {
    const property = fc.asyncProperty(
      fc.constantFrom("public", "timestamped", "connection", "unverified") as fc.Arbitrary<keyof typeof flows>,
      body,
      fc.constantFrom(...CONTENT_TYPES),
      signature,
      fc.option(headerText, { nil: undefined }),
      fc.integer({ min: 1, max: 6 }),
      async (flow, raw, contentType, mode, eventId, host) => {
        const flowId = flows[flow];
        const before = await runCount(flowId);
        const headers = { "content-type": contentType, ...webhookHeaders(mode, raw, Math.floor(Date.now() / 1000)), ...(eventId === undefined ? {} : { "x-event-id": eventId }) };
        const send = async (): Promise<Sent> => {
          const res = await server.inject({ method: "POST", url: `/v1/hooks/${flowId}`, payload: raw, headers, remoteAddress: `127.0.9.${host}` });
          return { status: res.statusCode, json: () => res.json(), body: res.body };
        };
        const res = await send();
        const label = `${flow} ${mode} ${contentType} → ${res.status} ${res.body.slice(0, 200)}`;
        expectClear(res, label);
        const signedOk = (flow === "timestamped" && (mode === "valid" || mode === "replayed")) || (flow === "connection" && mode === "x-signature-256");
        if (flow === "unverified" || (flow !== "public" && !signedOk)) expect(res.status, label).toBeGreaterThanOrEqual(400);
        const after = await runCount(flowId);
        if (res.status >= 400) expect(after, `a refused request left a run: ${label}`).toBe(before);
        else expect(after - before, label).toBeLessThanOrEqual(1);
        if (mode === "replayed" && flow === "timestamped") {
          const replay = await send();
          expectClear(replay, `replay of ${label}`);
          expect(replay.status, `replay of ${label}`).toBeGreaterThanOrEqual(400);
          expect(await runCount(flowId), `a replay left a run: ${label}`).toBe(after);
        }
      },
    );
    await fc.assert(property, fuzzParams("ingress.webhook", { short: 60, long: 2500 }));
    expect((await server.inject({ method: "GET", url: "/healthz" })).json()).toEqual({ status: "ok" });
    // Sanity: the generators do reach the accepting path, or the properties above prove little.
    const ok = await server.inject({ method: "POST", url: `/v1/hooks/${flows.public}`, payload: '{"orderNo":"#fuzz"}', headers: { "content-type": "application/json" } });
    expect(ok.statusCode).toBe(202);
  }, TIMEOUT);

  it("API trigger: every call gets a clear answer and a refused one leaves no run", async () => {
    const property = fc.asyncProperty(
      body,
      fc.constantFrom(...CONTENT_TYPES),
      fc.constantFrom("none", "valid", "revoked", "garbage", "bearer-valid", "bearer-empty"),
      fc.option(headerText, { nil: undefined }),
      fc.constantFrom("?waitMs=0", "?waitMs=50", "?waitMs=-1", "?waitMs=abc", "?waitMs=999999", ""),
      fc.integer({ min: 1, max: 6 }),
      async (raw, contentType, key, idempotencyKey, query, host) => {
        const auth: Record<string, string> =
          key === "valid" ? { "x-api-key": keys.valid } : key === "revoked" ? { "x-api-key": keys.revoked } : key === "garbage" ? { "x-api-key": "ipk_nope" } : key === "bearer-valid" ? { authorization: `Bearer ${keys.valid}` } : key === "bearer-empty" ? { authorization: "Bearer " } : {};
        const before = await runCount(flows.api);
        const res = await server.inject({
          method: "POST",
          url: `/v1/flows/${flows.api}/invoke${query === "" ? "?waitMs=0" : query}`,
          payload: raw,
          remoteAddress: `127.0.8.${host}`,
          headers: { "content-type": contentType, ...auth, ...(idempotencyKey === undefined ? {} : { "idempotency-key": idempotencyKey }) },
        });
        const label = `${key} ${contentType} ${query} → ${res.statusCode} ${res.body.slice(0, 200)}`;
        expectClear({ status: res.statusCode, json: () => res.json(), body: res.body }, label);
        if (key !== "valid" && key !== "bearer-valid") expect(res.statusCode, label).toBeGreaterThanOrEqual(400);
        const after = await runCount(flows.api);
        if (res.statusCode >= 400) expect(after, `a refused call left a run: ${label}`).toBe(before);
      },
    );
    await fc.assert(property, fuzzParams("ingress.api-trigger", { short: 40, long: 1500 }));
    expect((await server.inject({ method: "GET", url: "/healthz" })).json()).toEqual({ status: "ok" });
  }, TIMEOUT);
});
