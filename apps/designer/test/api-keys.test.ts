import { createFlow, createUser, verifyApiKey } from "@ipaas/db";
import { createTestDatabase, randomQueuePrefix, selectRows, type TestDatabase } from "@ipaas/db/testing";
import { demoFlowDefinition } from "@ipaas/flow";
import { createRunsQueue } from "@ipaas/jobs";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { Context, RunsQueue } from "../src/server/context";
import { createCaller } from "../src/server/routers/_app";
import type { Role, SessionUser } from "../src/server/services/users";
import { auditRows, codeOf } from "./helpers";

// API key administration through tRPC (createCaller, real Postgres + Redis).
let t: TestDatabase;
let queue: RunsQueue;
let flowA: string;
let flowB: string;
const users = {} as Record<Role, SessionUser>;

beforeAll(async () => {
  t = await createTestDatabase();
  queue = createRunsQueue({ redisUrl: inject("redisUrl"), prefix: randomQueuePrefix() });
  for (const role of ["admin", "analyst", "operator", "viewer"] as const) {
    users[role] = await createUser(t.db, { email: `${role}@keys.test`, name: role, role });
  }
  flowA = (await createFlow(t.db, { name: "Orders API", definition: demoFlowDefinition, publish: { message: "v1" } })).flow.id;
  flowB = (await createFlow(t.db, { name: "Stock API", definition: demoFlowDefinition, publish: { message: "v1" } })).flow.id;
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await queue?.close();
  await t?.close();
});

const callerAs = (user: SessionUser | null) => createCaller({ db: t.db, queue, user, ip: "203.0.113.7" } satisfies Context);


const keyRow = async (id: string) => (await selectRows(t.db, "apiKeys", { id }))[0];
const auditRowsFor = (keyId: string) => auditRows(t.db, { targetId: keyId });

describe("apiKeys router", () => {
  it("creates a key shown once: list never has it nor its hash, the key verifies, and the audit row holds no secret", async () => {
    const admin = callerAs(users.admin);
    const created = await admin.apiKeys.create({ name: "ERP", flowIds: [flowA], rateLimitPerMinute: 120 });
    expect(created.key).toMatch(/^ipk_[0-9a-f]{8}_/);
    expect(created.key.startsWith(created.prefix)).toBe(true);

    const stored = await keyRow(created.id);
    if (!stored) throw new Error("key row missing");
    const list = await admin.apiKeys.list();
    const text = JSON.stringify(list);
    expect(text).not.toContain(created.key);
    expect(text).not.toContain(stored.hash);
    expect(list.find((k) => k.id === created.id)).toMatchObject({
      name: "ERP",
      prefix: created.prefix,
      flows: [{ id: flowA, name: "Orders API" }],
      rateLimitPerMinute: 120,
      createdByEmail: "admin@keys.test",
      lastUsedAt: null,
      revokedAt: null,
    });

    const verified = await verifyApiKey(t.db, created.key);
    expect(verified?.id).toBe(created.id);
    expect((await admin.apiKeys.list()).find((k) => k.id === created.id)?.lastUsedAt).toBeInstanceOf(Date);

    const [audit] = await auditRowsFor(created.id);
    expect(audit).toMatchObject({
      action: "apiKey.create",
      targetType: "apiKey",
      actorEmail: "admin@keys.test",
      ip: "203.0.113.7",
      summary: { name: "ERP", prefix: created.prefix, flowIds: [flowA], flowNames: ["Orders API"], rateLimitPerMinute: 120 },
    });
    const auditText = JSON.stringify(audit);
    expect(auditText).not.toContain(created.key);
    expect(auditText).not.toContain(stored.hash);
  });

  it("revokes a key: it stops verifying, a second revoke conflicts, and the revoke is audited", async () => {
    const admin = callerAs(users.admin);
    const created = await admin.apiKeys.create({ name: "Scripts", flowIds: null, rateLimitPerMinute: 600 });
    expect(await verifyApiKey(t.db, created.key)).not.toBeNull();

    await admin.apiKeys.revoke({ id: created.id });
    expect(await verifyApiKey(t.db, created.key)).toBeNull();
    expect((await admin.apiKeys.list()).find((k) => k.id === created.id)?.revokedAt).toBeInstanceOf(Date);
    expect(await codeOf(admin.apiKeys.revoke({ id: created.id }))).toBe("CONFLICT");
    expect(await codeOf(admin.apiKeys.revoke({ id: "00000000-0000-4000-8000-000000000000" }))).toBe("NOT_FOUND");

    const rows = await auditRowsFor(created.id);
    expect(rows.map((r) => r.action)).toEqual(["apiKey.create", "apiKey.revoke"]);
    expect(rows[1]?.summary).toEqual({ name: "Scripts", prefix: created.prefix, flowIds: null, rateLimitPerMinute: 600 });
    expect(JSON.stringify(rows)).not.toContain(created.key);
  });

  it("updates scope and rate limit with a before/after audit row; refuses unknown flows and revoked keys", async () => {
    const admin = callerAs(users.admin);
    const created = await admin.apiKeys.create({ name: "WMS", flowIds: [flowA], rateLimitPerMinute: 60 });
    await admin.apiKeys.update({ id: created.id, flowIds: [flowA, flowB], rateLimitPerMinute: 30 });

    const key = await verifyApiKey(t.db, created.key);
    expect(key).toMatchObject({ flowIds: [flowA, flowB], rateLimitPerMinute: 30 });
    const rows = await auditRowsFor(created.id);
    expect(rows.at(-1)).toMatchObject({
      action: "apiKey.update",
      summary: { name: "WMS", before: { flowIds: [flowA], rateLimitPerMinute: 60 }, after: { flowIds: [flowA, flowB], flowNames: ["Orders API", "Stock API"], rateLimitPerMinute: 30 } },
    });

    expect(await codeOf(admin.apiKeys.update({ id: created.id, flowIds: ["00000000-0000-4000-8000-000000000000"] }))).toBe("NOT_FOUND");
    expect(await codeOf(admin.apiKeys.update({ id: created.id }))).toBe("BAD_REQUEST");
    expect(await codeOf(admin.apiKeys.create({ name: "empty scope", flowIds: [] }))).toBe("BAD_REQUEST");
    await admin.apiKeys.revoke({ id: created.id });
    expect(await codeOf(admin.apiKeys.update({ id: created.id, rateLimitPerMinute: 10 }))).toBe("CONFLICT");
    expect((await keyRow(created.id))?.rateLimitPerMinute).toBe(30);
    expect((await auditRowsFor(created.id)).map((r) => r.action)).toEqual(["apiKey.create", "apiKey.update", "apiKey.revoke"]);
  });

  it("gives the runtime's public URL for the curl example", async () => {
    vi.stubEnv("DATABASE_URL", t.url);
    vi.stubEnv("REDIS_URL", inject("redisUrl"));
    // Behind the proxy (docker-compose.yml) RUNTIME_URL is compose-internal; callers use the public one.
    vi.stubEnv("RUNTIME_URL", "http://runtime:3001/");
    vi.stubEnv("PUBLIC_RUNTIME_URL", "https://ipaas.example.test/");
    expect(await callerAs(users.admin).apiKeys.invokeInfo()).toEqual({ runtimeUrl: "https://ipaas.example.test" });
  });

  it("refuses every procedure to non-admins (FORBIDDEN) and to nobody (UNAUTHORIZED)", async () => {
    const id = "00000000-0000-4000-8000-000000000000";
    for (const role of ["analyst", "operator", "viewer"] as const) {
      const caller = callerAs(users[role]);
      const calls = [
        caller.apiKeys.list(),
        caller.apiKeys.create({ name: "x", flowIds: null }),
        caller.apiKeys.update({ id, rateLimitPerMinute: 5 }),
        caller.apiKeys.revoke({ id }),
        caller.apiKeys.invokeInfo(),
      ];
      for (const call of calls) expect(await codeOf(call)).toBe("FORBIDDEN");
    }
    expect(await codeOf(callerAs(null).apiKeys.list())).toBe("UNAUTHORIZED");
    expect(await selectRows(t.db, "apiKeys", { name: "x" })).toEqual([]);
  });
});
