import { randomBytes } from "node:crypto";
import { createFlow, createUser, KeyRing, saveConnectionHealth, markCircuitOpened } from "@ipaas/db";
import { selectRows, updateRows } from "@ipaas/db/testing";
import { describe, expect, it } from "vitest";
import { createCaller } from "../src/server/routers/_app";
import type { SessionUser } from "../src/server/services/users";
import { auditRows, codeOf, demoDatabaseFixture, testOutbound } from "./helpers";

// docs/architecture.md "Connection health" as the designer shows and edits it: status
// reads for every role, circuit and rate-limit settings for admins only, validated.
const demo = demoDatabaseFixture();
const keyRing = new KeyRing(randomBytes(32).toString("base64"));
const as = (user: SessionUser) => createCaller({ db: demo.t.db, queue: demo.queue, user, keyRing, ip: "127.0.0.1", outbound: testOutbound });

async function httpConnection(name: string) {
  return as(demo.admin).connections.create({ name, connectorId: "http", environment: "sandbox", config: { baseUrl: "https://api.example.com" } });
}

describe("connection limits (circuit breaker, rate limit, test interval)", () => {
  it("an admin sets them; the rest of the config stays; the change is audited; empty limits restore the defaults", async () => {
    const { id } = await httpConnection("limited");
    const limits = { requestsPerSecond: 5, burst: 10, failureThreshold: 3, cooldownMs: 10_000, testIntervalSeconds: 30 };
    const updated = await as(demo.admin).connections.updateLimits({ id, limits });
    expect(updated.config).toEqual({ baseUrl: "https://api.example.com", limits });
    const [audit] = (await auditRows(demo.t.db, { action: "connection.update", targetId: id })).slice(-1);
    expect(audit!.summary).toMatchObject({ config: { limits: { after: limits } } });
    expect((await as(demo.admin).connections.updateLimits({ id, limits: {} })).config).toEqual({ baseUrl: "https://api.example.com" });
  });

  it("refuses values the runtime would not understand, on updateLimits and on a whole-config update alike", async () => {
    const { id } = await httpConnection("bad limits");
    expect(await codeOf(as(demo.admin).connections.updateLimits({ id, limits: { requestsPerSecond: -1 } }))).toBe("BAD_REQUEST");
    expect(await codeOf(as(demo.admin).connections.updateLimits({ id, limits: { burst: 5 } }))).toBe("BAD_REQUEST"); // burst without a rate
    expect(await codeOf(as(demo.admin).connections.updateLimits({ id, limits: { cooldown: 5 } as never }))).toBe("BAD_REQUEST"); // unknown field
    const update = as(demo.admin).connections.update({ id, config: { baseUrl: "https://api.example.com", limits: { failureThreshold: 0 } } });
    await expect(update).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/"limits",\s*"failureThreshold"/) });
    expect((await selectRows(demo.t.db, "connections", { id }))[0]!.config).toEqual({ baseUrl: "https://api.example.com" });
  });

  it("only admins may change them", async () => {
    const { id } = await httpConnection("guarded");
    for (const role of ["analyst", "operator", "viewer"] as const) {
      const user = await createUser(demo.t.db, { email: `${role}@health.test`, name: role, role });
      expect(await codeOf(as(user).connections.updateLimits({ id, limits: { requestsPerSecond: 1 } }))).toBe("FORBIDDEN");
    }
  });
});

describe("connection status", () => {
  it("lists every connection's status (healthy when never tested) and, per flow, the connections its published version calls", async () => {
    const erp = await httpConnection("erp");
    const unused = await httpConnection("unused");
    const definition = {
      schemaVersion: 1,
      nodes: [
        { id: "t", type: "trigger.manual", name: "Start", position: { x: 0, y: 0 } },
        { id: "a", type: "action", name: "Call", position: { x: 200, y: 0 }, config: { connectorId: "http", operation: "request", connectionName: "erp", input: "{ 'method': 'GET', 'path': '/' }" } },
      ],
      edges: [{ id: "e", source: "t", target: "a" }],
      settings: {},
    };
    const { flow } = await createFlow(demo.t.db, { name: "calls erp", definition, environment: "sandbox", publish: { message: "test" } });
    const now = new Date();
    await markCircuitOpened(demo.t.db, { connectionId: erp.id, message: "circuit", now });
    await saveConnectionHealth(demo.t.db, { connectionId: erp.id, status: "offline", consecutiveFailures: 3, lastError: "HTTP 503", nextTestAt: now, now, tested: true });

    const all = await as(demo.admin).connections.health();
    expect(all.find((c) => c.connectionId === erp.id)).toMatchObject({ status: "offline", lastError: "HTTP 503", consecutiveFailures: 3 });
    expect(all.find((c) => c.connectionId === unused.id)).toMatchObject({ status: "healthy", lastTestedAt: null });
    const viewer = await createUser(demo.t.db, { email: "viewer-status@health.test", name: "v", role: "viewer" });
    expect(await as(viewer).connections.ofFlow({ flowId: flow.id })).toEqual([expect.objectContaining({ connectionId: erp.id, name: "erp", status: "offline" })]);
  });

  it("Test now asks the runtime's monitor to test the connection again at its next tick", async () => {
    const { id } = await httpConnection("test me");
    const later = new Date(Date.now() + 3_600_000);
    await markCircuitOpened(demo.t.db, { connectionId: id, message: "x", now: later });
    await updateRows(demo.t.db, "connectionHealth", { connectionId: id }, { nextTestAt: later });
    await as(demo.admin).connections.test({ id });
    const [row] = await selectRows(demo.t.db, "connectionHealth", { connectionId: id });
    expect(row!.nextTestAt.getTime()).toBeLessThanOrEqual(Date.now());
  });
});
