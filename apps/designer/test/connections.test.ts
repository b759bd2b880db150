import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createOutboundPolicy, defineConnector, registry } from "@ipaas/connectors";
import { createFlow, createUser, getConnectionRow, KeyRing, type SecretEnvelope } from "@ipaas/db";
import { createTestDatabase, deleteRows, randomQueuePrefix, selectRows, type TestDatabase } from "@ipaas/db/testing";
import { createRunsQueue } from "@ipaas/jobs";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { z } from "zod";
import type { RunsQueue } from "../src/server/context";
import { createCaller } from "../src/server/routers/_app";
import type { Role, SessionUser } from "../src/server/services/users";
import { auditRows, testOutbound } from "./helpers";

// The connections router through createCaller, on real Postgres + Redis, with a
// real HTTP server standing in for the target of the connection test.
let t: TestDatabase;
let queue: RunsQueue;
let server: Server;
let baseUrl: string;
const users = {} as Record<Role, SessionUser>;
const keyRing = new KeyRing(randomBytes(32).toString("base64"));
const GOOD_TOKEN = `good-${randomBytes(8).toString("hex")}`;

/** A connector whose test echoes the token, as a careless target's error might: the service must scrub it. */
const leakyConnector = defineConnector({
  id: "test-leaky",
  name: "Leaky",
  version: "0.0.1",
  auth: z.object({ token: z.string().min(8) }),
  secretFields: ["token"],
  actions: {},
  test: async (ctx) => ({ ok: false, message: `target said: bad token ${ctx.connection.secrets.token}` }),
});

beforeAll(async () => {
  registry.register(leakyConnector);
  t = await createTestDatabase();
  queue = createRunsQueue({ redisUrl: inject("redisUrl"), prefix: randomQueuePrefix() });
  for (const role of ["admin", "analyst", "operator", "viewer"] as const) {
    users[role] = await createUser(t.db, { email: `${role}@connections.test`, name: role, role });
  }
  // 200 with the right bearer token, 401 without, 404 on /missing.
  server = createServer((req, res) => {
    if (req.url === "/missing") res.writeHead(404).end();
    else if (req.headers.authorization === `Bearer ${GOOD_TOKEN}`) res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    else res.writeHead(401).end(`invalid token: ${req.headers.authorization ?? ""}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await queue?.close();
  await t?.close();
});

const as = (role: Role, ring: KeyRing | null = keyRing, outbound = testOutbound) => createCaller({ db: t.db, queue, user: users[role], keyRing: ring, ip: "127.0.0.1", outbound });

/** The rejection of a call, as a TRPCError. */
async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

function definitionUsing(ref: { connectionId?: string; connectionName?: string }) {
  return { schemaVersion: 1, nodes: [{ id: "a", type: "action", name: "Send", config: { connectorId: "http", operation: "request", input: "$", ...ref } }], edges: [] };
}

describe("connections router", () => {
  it("admin creates, reads, edits, rotates, tests and deletes a connection", async () => {
    const admin = as("admin");
    const connectors = await admin.connections.connectors();
    const http = connectors.find((c) => c.id === "http");
    expect(http).toMatchObject({ secretFields: expect.arrayContaining(["bearerToken", "webhookSecret"]), hasTest: true });
    expect(http?.authSchema).toMatchObject({ type: "object", required: ["baseUrl"], properties: { baseUrl: { type: "string", format: "uri" } } });

    const created = await admin.connections.create({ name: "Shop API", connectorId: "http", environment: "sandbox", config: { baseUrl }, secrets: { bearerToken: GOOD_TOKEN } });
    expect(created).toMatchObject({ name: "Shop API", environment: "sandbox", config: { baseUrl }, secrets: { bearerToken: { set: true } }, lastTestStatus: null });
    expect(await admin.connections.byId({ id: created.id })).toEqual(created);
    expect((await admin.connections.list({ environment: "sandbox" })).map((c) => c.id)).toContain(created.id);
    expect(await admin.connections.list({ environment: "production" })).toEqual([]);

    const tested = await admin.connections.test({ id: created.id });
    expect(tested).toMatchObject({ ok: true, message: expect.stringMatching(/^Reachable: GET http:\/\/127\.0\.0\.1:\d+\/ answered HTTP 200$/) });
    expect(tested.connection).toMatchObject({ lastTestStatus: "ok", lastTestedAt: expect.any(Date) });

    const edited = await admin.connections.update({ id: created.id, name: "Shop", config: { baseUrl, testPath: "/missing" } });
    expect(edited).toMatchObject({ name: "Shop", config: { baseUrl, testPath: "/missing" }, secrets: { bearerToken: { set: true } } });
    expect(await admin.connections.test({ id: created.id })).toMatchObject({ ok: true, message: expect.stringContaining("answered HTTP 404") });

    await admin.connections.rotate({ id: created.id, secrets: { bearerToken: "wrong-token" } });
    await admin.connections.update({ id: created.id, config: { baseUrl } });
    expect(await admin.connections.test({ id: created.id })).toMatchObject({ ok: false, message: expect.stringMatching(/^Credentials rejected: .* HTTP 401$/) });

    await admin.connections.delete({ id: created.id });
    expect((await errorOf(admin.connections.byId({ id: created.id }))).code).toBe("NOT_FOUND");
    const actions = await auditRows(t.db, { targetId: created.id });
    expect(actions.map((a) => a.action)).toEqual(["connection.create", "connection.test", "connection.update", "connection.test", "connection.rotate", "connection.update", "connection.test", "connection.delete"]);
    expect(new Set(actions.map((a) => a.actorEmail))).toEqual(new Set([users.admin.email]));
  });

  it("a connection test reports an unreachable target", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { id } = await as("admin").connections.create({ name: "Gone", connectorId: "http", environment: "sandbox", config: { baseUrl: `http://127.0.0.1:${port}` } });
    expect(await as("admin").connections.test({ id })).toMatchObject({ ok: false, message: expect.stringMatching(/^Unreachable: .*ECONNREFUSED/) });
  });

  it("a connection test under the default policy refuses an internal base URL without contacting it", async () => {
    const hits: string[] = [];
    const internal = createServer((req, res) => {
      hits.push(req.url ?? "");
      res.end("{}");
    });
    await new Promise<void>((resolve) => internal.listen(0, "127.0.0.1", resolve));
    try {
      const port = (internal.address() as AddressInfo).port;
      const { id } = await as("admin").connections.create({ name: "Internal", connectorId: "http", environment: "sandbox", config: { baseUrl: `http://127.0.0.1:${port}` }, secrets: { bearerToken: GOOD_TOKEN } });
      const result = await as("admin", keyRing, createOutboundPolicy()).connections.test({ id });
      expect(result).toMatchObject({ ok: false, message: expect.stringContaining("refused by the outbound network policy: 127.0.0.1 is a loopback address (rule: loopback)") });
      expect(hits).toEqual([]);
    } finally {
      internal.close();
    }
  });

  it("every role may read; only admins may write or test", async () => {
    const { id } = await as("admin").connections.create({ name: "Read only", connectorId: "http", environment: "production", config: { baseUrl }, secrets: { bearerToken: GOOD_TOKEN } });
    for (const role of ["analyst", "operator", "viewer"] as const) {
      const caller = as(role);
      expect((await caller.connections.list()).map((c) => c.id)).toContain(id);
      expect(await caller.connections.byId({ id })).toMatchObject({ secrets: { bearerToken: { set: true } } });
      await expect(caller.connections.usage({ id })).resolves.toEqual([]);
      await expect(caller.connections.environments()).resolves.toEqual(expect.arrayContaining([expect.objectContaining({ name: "production" })]));
      await expect(caller.connections.connectors()).resolves.not.toHaveLength(0);
      const writes = [
        caller.connections.create({ name: `by ${role}`, connectorId: "http", environment: "sandbox", config: { baseUrl } }),
        caller.connections.update({ id, config: { baseUrl: "http://elsewhere" } }),
        caller.connections.rotate({ id, secrets: { bearerToken: "x" } }),
        caller.connections.test({ id }),
        caller.connections.delete({ id }),
        caller.connections.createEnvironment({ name: `env-${role}` }),
      ];
      for (const write of writes) expect((await errorOf(write)).code).toBe("FORBIDDEN");
    }
    expect((await as("admin").connections.byId({ id })).config).toEqual({ baseUrl });
  });

  it("validates against the connector's auth schema, naming the field; secrets need the encryption key", async () => {
    const admin = as("admin");
    const base = { name: "Invalid", connectorId: "http", environment: "sandbox" };
    expect(await errorOf(admin.connections.create({ ...base, config: {} }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("config.baseUrl") });
    expect(await errorOf(admin.connections.create({ ...base, config: { baseUrl }, secrets: { sessionCookie: "k" } }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("secrets.sessionCookie") });
    expect(await errorOf(admin.connections.create({ ...base, connectorId: "nope", config: {} }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("connectorId") });
    expect(await errorOf(admin.connections.create({ ...base, environment: "nowhere", config: { baseUrl } }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await errorOf(as("admin", null).connections.create({ ...base, config: { baseUrl }, secrets: { bearerToken: "t" } }))).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("IPAAS_ENCRYPTION_KEY is not set"),
    });
    // A required secret that is already set need not be sent again.
    const { id } = await admin.connections.create({ name: "Leaky one", connectorId: "test-leaky", environment: "sandbox", secrets: { token: "long-enough-token" } });
    await expect(admin.connections.update({ id, config: {} })).resolves.toMatchObject({ secrets: { token: { set: true } } });
    expect(await errorOf(admin.connections.update({ id, secrets: { token: null } }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("secrets.token") });
  });

  it("refuses to delete a connection a published flow uses, by id or by name in its environment", async () => {
    const admin = as("admin");
    const base = { connectorId: "http", config: { baseUrl } };
    const erp = await admin.connections.create({ ...base, name: "ERP", environment: "sandbox" });
    const erpProd = await admin.connections.create({ ...base, name: "ERP", environment: "production" });
    const { flow: byId } = await createFlow(t.db, { name: "Orders by id", definition: definitionUsing({ connectionId: erp.id }), publish: { message: "v1" } });
    const { flow: byName } = await createFlow(t.db, { name: "Orders by name", definition: definitionUsing({ connectionName: "ERP" }), publish: { message: "v1" } });

    const refusal = await errorOf(admin.connections.delete({ id: erp.id }));
    expect(refusal).toMatchObject({ code: "CONFLICT", message: 'Connection "ERP" is used by flows "Orders by id", "Orders by name"; change those flows first' });
    expect((await admin.connections.usage({ id: erp.id })).map((u) => u.flowName)).toEqual(["Orders by id", "Orders by name"]);
    // The same name in production is not what these sandbox flows use.
    await expect(admin.connections.delete({ id: erpProd.id })).resolves.toEqual({ id: erpProd.id });

    for (const flow of [byId, byName]) await deleteRows(t.db, "flows", { id: flow.id });
    await expect(admin.connections.delete({ id: erp.id })).resolves.toEqual({ id: erp.id });
  });

  it("environments: list and create (admin, slug names)", async () => {
    const admin = as("admin");
    await expect(admin.connections.createEnvironment({ name: "staging", description: "Pre-production" })).resolves.toMatchObject({ name: "staging", connectionCount: 0 });
    expect((await errorOf(admin.connections.createEnvironment({ name: "Bad Name" }))).code).toBe("BAD_REQUEST");
    expect((await errorOf(admin.connections.createEnvironment({ name: "staging" }))).code).toBe("CONFLICT");
    await admin.connections.create({ name: "Stage", connectorId: "http", environment: "staging", config: { baseUrl } });
    expect((await admin.connections.environments()).find((e) => e.name === "staging")).toMatchObject({ description: "Pre-production", connectionCount: 1 });
  });

  it("never shows a secret value: not in responses, errors, the audit log or console output", async () => {
    const secret = `s3cr3t-${randomBytes(16).toString("hex")}`;
    const seen: string[] = [];
    const record = (value: unknown) => void seen.push(typeof value === "string" ? value : JSON.stringify(value) ?? String(value));
    const originals = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };
    const spies = [
      vi.spyOn(process.stdout, "write").mockImplementation((chunk: unknown, ...rest: unknown[]) => (record(String(chunk)), (originals.stdout as (...a: unknown[]) => boolean)(chunk, ...rest))),
      vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown, ...rest: unknown[]) => (record(String(chunk)), (originals.stderr as (...a: unknown[]) => boolean)(chunk, ...rest))),
      ...(["log", "info", "warn", "error", "debug"] as const).map((method) => vi.spyOn(console, method).mockImplementation((...args: unknown[]) => args.forEach(record))),
    ];
    const admin = as("admin");
    try {
      const failed = await errorOf(admin.connections.create({ name: "Leak", connectorId: "http", environment: "sandbox", config: { baseUrl: "not a url" }, secrets: { bearerToken: secret } }));
      const inConfig = await errorOf(admin.connections.create({ name: "Leak", connectorId: "http", environment: "sandbox", config: { baseUrl, bearerToken: secret } }));
      const tooLong = await errorOf(admin.connections.create({ name: "Leak", connectorId: "http", environment: "sandbox", config: { baseUrl }, secrets: { bearerToken: secret.repeat(1000) } }));
      for (const error of [failed, inConfig, tooLong]) {
        expect(error.code).toBe("BAD_REQUEST");
        record(error.message);
        record(error.cause);
        record(error.stack);
      }
      const created = await admin.connections.create({ name: "Leak", connectorId: "http", environment: "sandbox", config: { baseUrl }, secrets: { bearerToken: secret, webhookSecret: secret } });
      const firstSeal = ((await getConnectionRow(t.db, created.id)).secrets as Record<string, SecretEnvelope>).bearerToken!;
      const updated = await admin.connections.update({ id: created.id, secrets: { bearerToken: secret } });
      const row = await getConnectionRow(t.db, created.id);
      const secondSeal = (row.secrets as Record<string, SecretEnvelope>).bearerToken!;
      const leaky = await admin.connections.create({ name: "Leak", connectorId: "test-leaky", environment: "production", secrets: { token: secret } });
      const leakyTest = await admin.connections.test({ id: leaky.id });
      expect(leakyTest.message).toBe("target said: bad token [secret]");
      record([
        created,
        updated,
        leaky,
        leakyTest,
        await admin.connections.rotate({ id: created.id, secrets: { webhookSecret: secret } }),
        await admin.connections.test({ id: created.id }),
        await admin.connections.list(),
        await admin.connections.byId({ id: created.id }),
        await admin.connections.usage({ id: created.id }),
        await as("analyst").connections.list(),
        await admin.connections.delete({ id: leaky.id }),
        await selectRows(t.db, "auditLog"),
      ]);

      // Stored sealed: each save has its own IV, and the ring opens both.
      expect(secondSeal.ciphertext).not.toBe(firstSeal.ciphertext);
      expect(keyRing.decrypt(firstSeal)).toBe(secret);
      expect(keyRing.decrypt(secondSeal)).toBe(secret);
      expect(JSON.stringify(row)).not.toContain(secret);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(seen.length).toBeGreaterThanOrEqual(10);
    const leaks = seen.filter((text) => text.includes(secret));
    expect(leaks).toEqual([]);
  });
});
