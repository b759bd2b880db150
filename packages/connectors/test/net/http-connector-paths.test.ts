import { StepError } from "@ipaas/flow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registry, urlUnderBase } from "../../src";
import { testContext, type TestConnection } from "../../src/testing";
import { startCanary, type Canary } from "./canary";

/*
 * The HTTP connector's action path is user input (flows, draft test runs, edited
 * dead letters). It used to go through `new URL(path, baseUrl)`, which let a path
 * replace the host while the connection's bearer token was still sent. Every
 * variant here is refused before a connection is made, or stays on the
 * connection's origin. Both servers are on loopback and the allow-list opens
 * 127.0.0.1 (testContext's simulator policy): what stops the theft is the
 * same-origin rule, not the address rules.
 */

const http = registry.get("http")!;
const TOKEN = "canary-bearer-9c41d7";
let target: Canary;
let canary: Canary;
let connection: TestConnection;
beforeAll(async () => {
  target = await startCanary();
  canary = await startCanary();
  connection = { id: "c1", name: "target", config: { baseUrl: `${target.url}/api` }, secrets: { bearerToken: TOKEN } };
});
afterAll(async () => {
  await target.close();
  await canary.close();
});

const send = (path: string, conn: TestConnection = connection, headers?: Record<string, string>) =>
  http.actions.request!.run(testContext(conn), http.actions.request!.input.parse({ method: "GET", path, headers })) as Promise<{ status: number; body: unknown }>;

describe("action paths that would leave the connection's origin", () => {
  const refused = (c: Canary) => [
    `/http://127.0.0.1:${c.port}/steal`,
    `/https://169.254.169.254/latest/meta-data/`,
    `/HTTP://127.0.0.1:${c.port}/steal`,
    `///127.0.0.1:${c.port}/steal`,
    `//127.0.0.1:${c.port}/steal`,
    `/\\127.0.0.1:${c.port}/steal`,
    `/\\\\127.0.0.1:${c.port}/steal`,
    `/%2F%2F127.0.0.1:${c.port}/steal`,
    `/%2f127.0.0.1:${c.port}/steal`,
    `/%5C127.0.0.1:${c.port}/steal`,
    `/http%3A%2F%2F127.0.0.1:${c.port}/steal`,
    `/%252F%252F127.0.0.1:${c.port}/steal`,
    `/\thttp://127.0.0.1:${c.port}/steal`,
    `/\nhttp://127.0.0.1:${c.port}/steal`,
    `/ht\ttp://127.0.0.1:${c.port}/steal`,
    `/%09http://127.0.0.1:${c.port}/steal`,
    `/x\r\nHost: 127.0.0.1:${c.port}`,
    `/../../steal`,
    `/%2e%2e/steal`,
    `/a/%2E%2E/%2e%2e/steal`,
    `/javascript:alert(1)`,
  ];

  it.each(refused({ port: 0 } as Canary).map((_, i) => i))("variant %i is refused before any connection, and no server gets the token", async (i) => {
    const path = refused(canary)[i]!;
    const before = { target: target.requests.length, canary: canary.requests.length };
    const err = await send(path).then(() => null, (e: unknown) => e);
    expect(err, JSON.stringify(path)).toBeInstanceOf(StepError);
    expect(err).toMatchObject({ code: "OUTBOUND_REFUSED", errorClass: "non_retryable", details: { rule: "same-origin" } });
    expect((err as Error).message).toMatch(/^refused by the outbound network policy: the path contains .* \(rule: same-origin\)$/);
    expect((err as Error).message).not.toContain(TOKEN);
    expect(canary.requests.length).toBe(before.canary);
    expect(target.requests.length).toBe(before.target);
  });

  it("the token-theft reproduction: the canary gets nothing", async () => {
    const err = await send(`/http://127.0.0.1:${canary.port}/steal`).then(() => null, (e: unknown) => e as Error);
    expect(err?.message).toContain("refused by the outbound network policy");
    expect(canary.requests).toEqual([]);
  });
});

describe("paths that stay on the origin", () => {
  it.each([
    ["/@127.0.0.1:1/x", "/api/@127.0.0.1:1/x"],
    ["/orders?next=http://127.0.0.1:1/steal", "/api/orders?next=http://127.0.0.1:1/steal"],
    ["/v1/items:batchGet", "/api/v1/items:batchGet"],
    ["/a%2Fb/c", "/api/a%2Fb/c"],
    ["/", "/api/"],
    ["/a b", "/api/a%20b"],
  ])("%s reaches the connection's server as %s, with its token", async (path, seen) => {
    const res = await send(path);
    expect(res.body).toEqual({ stolen: `Bearer ${TOKEN}` });
    expect(target.requests.at(-1)?.url).toBe(seen);
  });

  it("urlUnderBase keeps the base path and drops the fragment", () => {
    expect(urlUnderBase("https://erp.example:8443/base/", "/x/y?a=1#frag").href).toBe("https://erp.example:8443/base/x/y?a=1");
    expect(urlUnderBase("https://erp.example", "/x").href).toBe("https://erp.example/x");
  });

  it("the poll trigger's path follows the same rules", async () => {
    const poll = http.polls!.changes!;
    const err = await poll.run(testContext(connection), { cursor: null, options: { path: `//127.0.0.1:${canary.port}/x` } }).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: "OUTBOUND_REFUSED" });
    expect(canary.requests).toEqual([]);
  });

  it("the connection test refuses a test path that leaves the base URL", async () => {
    const result = await http.test!(testContext({ ...connection, config: { ...connection.config, testPath: `/http://127.0.0.1:${canary.port}/` } }));
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/^The test path is refused: refused by the outbound network policy/) });
    expect(canary.requests).toEqual([]);
  });
});

describe("API-key and basic-auth modes (sealed secrets, never literals in a flow)", () => {
  it("sends the API key in the header the connection names", async () => {
    const conn = { ...connection, config: { baseUrl: target.url, apiKeyHeader: "X-API-Key" }, secrets: { apiKey: "key-7f3a" } };
    await send("/k", conn, { "x-api-key": "flow-literal", accept: "application/json" });
    expect(target.requests.at(-1)?.headers).toMatchObject({ "x-api-key": "key-7f3a" });
    expect(target.requests.at(-1)?.headers.authorization).toBeUndefined();
  });

  it("sends basic auth from the username and the sealed password; a flow's Authorization header cannot replace it", async () => {
    const conn = { ...connection, config: { baseUrl: target.url, basicUsername: "erp-user" }, secrets: { basicPassword: "pässword:1" } };
    await send("/b", conn, { Authorization: "Bearer flow-literal" });
    expect(target.requests.at(-1)?.headers.authorization).toBe(`Basic ${Buffer.from("erp-user:pässword:1").toString("base64")}`);
  });

  it("declares the API key and the password as secret fields, and checks the header name", () => {
    expect(http.secretFields).toEqual(expect.arrayContaining(["apiKey", "basicPassword"]));
    expect(http.auth.safeParse({ baseUrl: "https://x.example", apiKeyHeader: "X API Key" }).success).toBe(false);
    expect(http.auth.safeParse({ baseUrl: "https://x.example", apiKeyHeader: "X-API-Key", basicUsername: "u" }).success).toBe(true);
  });
});
