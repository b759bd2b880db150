import { registry, startNetSuiteSimulator } from "@ipaas/connectors";
import { createAlertRule, createConnection, listConnectionHealth, markCircuitOpened, saveConnectionHealth, updateFlowEnabled } from "@ipaas/db";
import { deleteRows, selectRows, updateRows } from "@ipaas/db/testing";
import type { RunState } from "@ipaas/flow";
import { createRedisConnection } from "@ipaas/jobs";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checkConnections, type HealthDeps } from "../src/health/monitor";
import { CircuitBreaker, DEFAULT_CIRCUIT } from "../src/limits/circuit-breaker";
import { createLogger } from "../src/logger";
import { evaluateAlerts } from "../src/maintenance/alerts";
import { pollOnce } from "../src/triggers/polls";
import { createScheduleWorker, createTriggersQueue, syncSchedules } from "../src/triggers/schedules";
import { createHttpConnection, publishFlow, startHarness, waitForRun, type Harness } from "./helpers/harness";
import { startTarget, type Target } from "./helpers/target";

/*
 * docs/architecture.md "Connection health" on real Postgres, Redis and the NetSuite
 * simulator's fault injection: tests and circuits judge a connection, an offline
 * connection pauses schedules and polls and makes runs wait without spending
 * attempts, and a passing test brings everything back by itself.
 */
let h: Harness;
let netsuite: Awaited<ReturnType<typeof startNetSuiteSimulator>>;
let redis: Redis;
let circuit: CircuitBreaker;
let erpId: string;
let target: Target;
const logger = createLogger("silent");
const NS = { accountId: "1234567_SB1", consumerKey: "ck-health", consumerSecret: "cs-health", tokenId: "tid-health", tokenSecret: "ts-health" };
/** Tests run the monitor's clock forward: each pass is "later", so every re-test is due. */
let clock = Date.now();

const deps = (): HealthDeps => ({
  db: h.db,
  registry,
  connections: h.connections,
  circuit,
  queue: h.queue,
  logger,
  // Healthy connections are due again at once here; tick() makes every other test due too.
  settings: { retestMs: 1000, healthyMs: 0, offlineAfter: 3 },
  now: () => new Date(clock),
});
/** One monitor pass, as if every connection's next test were due. */
const tick = async () => {
  clock = Math.max(clock + 1500, Date.now());
  await updateRows(h.db, "connectionHealth", {}, { nextTestAt: new Date(clock - 1) });
  return checkConnections(deps());
};
const healthOf = async (id: string) => (await listConnectionHealth(h.db, { connectionIds: [id] }))[0]!;
const allDown = () => netsuite.control.injectFault({ path: "*", status: 503, count: 100_000 });

beforeAll(async () => {
  h = await startHarness();
  netsuite = await startNetSuiteSimulator(NS);
  target = await startTarget();
  redis = createRedisConnection(h.redisUrl);
  circuit = new CircuitBreaker(redis, h.prefix);
  const { accountId, ...secrets } = NS;
  // Two failures open this connection's circuit (no run can spend all its attempts before it opens); it probes again after 0.5 s unless held.
  const config = { accountId, baseUrl: netsuite.url, limits: { failureThreshold: 2, cooldownMs: 500, testIntervalSeconds: 1 } };
  erpId = (await createConnection(h.db, { name: "ERP", connectorId: "netsuite", environment: "sandbox", config, secrets, keyRing: h.keyRing, actor: null })).id;
}, 60_000);
afterAll(async () => {
  await netsuite?.close();
  await target?.close();
  redis?.disconnect();
  await h?.close();
});
beforeEach(async () => {
  netsuite.control.clearFaults();
  await tick(); // healthy again: a passing test clears what the previous test left
  expect((await healthOf(erpId)).status).toBe("healthy");
});

const upsert = {
  id: "upsert",
  type: "action" as const,
  name: "Upsert sales order",
  config: {
    connectorId: "netsuite",
    operation: "upsertSalesOrder",
    connectionName: "ERP",
    input: "{ 'externalId': externalId, 'record': { 'entity': { 'id': '1042' }, 'tranDate': '2026-11-25', 'otherRefNum': orderNo, 'location': { 'id': '3' }, 'item': { 'items': [{ 'item': { 'id': '1201' }, 'quantity': 1 }] } } }",
  },
};

describe("connection status from tests and the circuit breaker", () => {
  it("failing tests: degraded, then offline after 3 in a row (circuit held open); a passing test: healthy, circuit closed", async () => {
    allDown();
    await tick();
    expect(await healthOf(erpId)).toMatchObject({ status: "degraded", consecutiveFailures: 1, lastError: "NetSuite answered HTTP 503 UNEXPECTED_ERROR" });
    const degradedSince = (await healthOf(erpId)).since;
    await tick();
    expect(await healthOf(erpId)).toMatchObject({ status: "degraded", consecutiveFailures: 2, since: degradedSince });
    expect(await circuit.check(erpId, DEFAULT_CIRCUIT)).toMatchObject({ allow: true });
    const third = await tick();
    expect(third.transitions).toEqual([{ connectionId: erpId, from: "degraded", to: "offline" }]);
    expect(await healthOf(erpId)).toMatchObject({ status: "offline", consecutiveFailures: 3 });
    // Held open: steps wait (retrying every test interval, 1 s here) and none probes the target.
    expect(await circuit.check(erpId, DEFAULT_CIRCUIT)).toEqual({ allow: false, retryInMs: 1000, offline: true });
    expect(await circuit.failure(erpId, DEFAULT_CIRCUIT)).toBe(true); // a late failure keeps the hold
    expect(await circuit.check(erpId, DEFAULT_CIRCUIT)).toMatchObject({ offline: true });

    netsuite.control.clearFaults();
    const back = await tick();
    expect(back.transitions).toEqual([{ connectionId: erpId, from: "offline", to: "healthy" }]);
    expect(await healthOf(erpId)).toMatchObject({ status: "healthy", consecutiveFailures: 0, lastError: null });
    expect(await circuit.check(erpId, DEFAULT_CIRCUIT)).toEqual({ allow: true, dirty: false });
  });

  it("a circuit that opens on real traffic marks the connection degraded; with a failed test it is offline at once", async () => {
    allDown();
    const policy = { failureThreshold: 2, cooldownMs: 30_000 };
    await circuit.failure(erpId, policy);
    expect(await circuit.failure(erpId, policy)).toBe(true);
    const first = await tick();
    expect(first.circuitsOpened).toBe(1);
    expect(first.transitions).toEqual([
      { connectionId: erpId, from: "healthy", to: "degraded" },
      { connectionId: erpId, from: "degraded", to: "offline" },
    ]);
    expect((await healthOf(erpId)).consecutiveFailures).toBe(1);
  });

  it("the last error is scrubbed of the connection's secrets (a token in the base URL, as some services put it)", async () => {
    const token = "tok-5ecret-in-the-path";
    target.script(`/hooks/${token}`, [{ status: 500 }]);
    const id = await createHttpConnection(h.db, "token in path", `${target.url}/hooks/${token}`);
    await updateRows(h.db, "connections", { id }, { secrets: h.keyRing.encryptAll({ apiKey: token }) });
    await tick();
    const health = await healthOf(id);
    expect(health).toMatchObject({ status: "degraded", consecutiveFailures: 1 });
    expect(health.lastError).toMatch(/answered HTTP 500/);
    expect(health.lastError).not.toContain(token);
    await deleteRows(h.db, "connections", { id });
  });

  it("a connection never failing is not called when a runtime starts: its first test is due after the healthy interval", async () => {
    const id = await createHttpConnection(h.db, "quiet", `${target.url}/quiet`);
    const calls = () => target.requests.filter((r) => r.path === "/quiet").length;
    await checkConnections({ ...deps(), settings: { ...deps().settings, healthyMs: 3_600_000 } });
    expect(calls()).toBe(0);
    expect(await healthOf(id)).toMatchObject({ status: "healthy", lastTestedAt: null });
    expect((await healthOf(id)).nextTestAt!.getTime()).toBe(clock + 3_600_000);
    await deleteRows(h.db, "connections", { id });
  });

  it("a test interval in the connection's limits sets when a failing connection is tested again", async () => {
    const id = await createHttpConnection(h.db, "slow retest", `${target.url}/down`);
    await updateRows(h.db, "connections", { id }, { config: { baseUrl: `${target.url}/down`, limits: { testIntervalSeconds: 600 } } });
    target.script("/down", [{ status: 503 }]);
    await tick();
    const health = await healthOf(id);
    expect(health.status).toBe("degraded");
    expect(health.nextTestAt!.getTime() - clock).toBe(600_000);
    await deleteRows(h.db, "connections", { id });
  });
});

describe("what an offline connection does to its flows", () => {
  it("a poll's retryable failures count towards the circuit, so a source that is only polled gets tested at once", async () => {
    const id = await createHttpConnection(h.db, "polled source", target.url);
    await updateRows(h.db, "connections", { id }, { config: { baseUrl: target.url, limits: { failureThreshold: 2 } } });
    const flowId = await publishFlow(h.db, "polled", [{ id: "map", type: "map", name: "Map", config: { expression: "1" } }], {
      trigger: { id: "trigger", type: "trigger.poll", name: "Changes", config: { connectorId: "http", operation: "changes", connectionId: id, intervalSeconds: 10, options: { path: "/changes" } } },
    });
    target.script("/changes", [{ status: 503 }, { status: 503 }]);
    const pollDeps = { db: h.db, runs: h.queue, registry, connections: h.connections, logger, circuit };
    for (let i = 0; i < 2; i++) await expect(pollOnce(pollDeps, flowId)).rejects.toThrow(/503/);
    expect(await circuit.isOpen(id)).toBe(true);
    // Marked degraded and tested in the same pass; the base URL answers, so it is healthy again and its circuit closed.
    expect((await tick()).transitions).toEqual([
      { connectionId: id, from: "healthy", to: "degraded" },
      { connectionId: id, from: "degraded", to: "healthy" },
    ]);
    expect(await circuit.isOpen(id)).toBe(false);
    await updateFlowEnabled(h.db, { flowId, enabled: false });
    await deleteRows(h.db, "connections", { id });
  });


  it("a webhook run on an offline connection waits (no dead letter, attempts kept) and succeeds once after recovery", { timeout: 60_000 }, async () => {
    const flowId = await publishFlow(h.db, "orders to ERP", [upsert], {
      trigger: { id: "hook", type: "trigger.webhook", name: "Order", config: { verification: "public" } },
      retry: { attempts: 3, backoffMs: 50, maxDelayMs: 200 },
    });
    allDown();
    const server = await h.server();
    const runIds: string[] = [];
    for (const n of [1, 2, 3]) {
      const res = await server.inject({ method: "POST", url: `/v1/hooks/${flowId}`, payload: { externalId: `health-${n}`, orderNo: `#H${n}` }, headers: { "x-event-id": `health-${n}` } });
      expect(res.statusCode).toBe(202);
      runIds.push((res.json() as { runId: string }).runId);
    }
    // The runs fail until the circuit opens (2 failures), then wait on it.
    const deadline = Date.now() + 15_000;
    while (!(await circuit.isOpen(erpId))) {
      if (Date.now() > deadline) throw new Error("the circuit never opened");
      await new Promise((r) => setTimeout(r, 50));
    }
    await tick();
    expect((await healthOf(erpId)).status).toBe("offline");
    const spent = async () => (await Promise.all(runIds.map((runId) => selectRows(h.db, "runSteps", { runId, status: "failed" })))).flat().length;
    // A call already in flight when the circuit opened may still record its failure: let those land first.
    let before = await spent();
    for (let settled = false, tries = 0; !settled && tries < 10; tries++) {
      await new Promise((r) => setTimeout(r, 700));
      const now = await spent();
      settled = now === before;
      before = now;
    }
    expect(before).toBeGreaterThanOrEqual(2);
    // Without the hold, a probe every 0.5 s cooldown would spend an attempt; held, the runs only wait.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await spent()).toBe(before);
    for (const runId of runIds) {
      const [run] = await selectRows(h.db, "runs", { id: runId });
      expect(["queued", "failed", "running"]).toContain(run!.status);
      for (const item of (run!.state as RunState | null)?.pending ?? []) expect(item.attempt).toBeLessThanOrEqual(3);
    }
    expect(await selectRows(h.db, "deadLetters", { flowId })).toHaveLength(0);

    netsuite.control.clearFaults();
    const back = await tick();
    expect(back.transitions).toEqual([{ connectionId: erpId, from: "offline", to: "healthy" }]);
    for (const runId of runIds) expect((await waitForRun(h.db, runId, undefined, 20_000)).run.status).toBe("succeeded");
    for (const n of [1, 2, 3]) expect(netsuite.control.records("salesOrder", { externalId: `health-${n}` })).toHaveLength(1);
    await server.close();
  });

  it("a schedule calling an offline connection does not fire; it fires again after recovery", { timeout: 30_000 }, async () => {
    const flowId = await publishFlow(h.db, "every second to ERP", [upsert], { trigger: { id: "trigger", type: "trigger.schedule", name: "Every second", config: { cron: "* * * * * *" } } });
    const other = await publishFlow(h.db, "every second, no connection", [{ id: "map", type: "map", name: "Map", config: { expression: "1" } }], {
      trigger: { id: "trigger", type: "trigger.schedule", name: "Every second", config: { cron: "* * * * * *" } },
    });
    await markCircuitOpened(h.db, { connectionId: erpId, message: "down", now: new Date() });
    await saveConnectionHealth(h.db, { connectionId: erpId, status: "offline", consecutiveFailures: 3, lastError: "down", nextTestAt: new Date(Date.now() + 3_600_000), now: new Date(), tested: true });
    const triggers = createTriggersQueue(h.redisUrl, h.prefix);
    await syncSchedules(h.db, triggers, logger);
    const worker = createScheduleWorker({ db: h.db, runs: h.queue, redisUrl: h.redisUrl, prefix: h.prefix, logger });
    try {
      await new Promise((r) => setTimeout(r, 2500));
      expect(await selectRows(h.db, "runs", { flowId })).toHaveLength(0);
      expect((await selectRows(h.db, "runs", { flowId: other })).length).toBeGreaterThanOrEqual(1); // others are not paused
      await saveConnectionHealth(h.db, { connectionId: erpId, status: "healthy", consecutiveFailures: 0, lastError: null, nextTestAt: new Date(), now: new Date(), tested: true });
      const deadline = Date.now() + 10_000;
      while ((await selectRows(h.db, "runs", { flowId })).length === 0) {
        if (Date.now() > deadline) throw new Error("the schedule did not fire after recovery");
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await worker.close();
      for (const s of await triggers.getJobSchedulers(0, -1)) await triggers.removeJobScheduler(s.key);
      await triggers.close();
    }
  });

  it("a connection_offline alert rule fires when the connection goes offline and resolves when it recovers", async () => {
    await createAlertRule(h.db, { name: "ERP down", kind: "connection_offline", flowId: null, threshold: 0, windowMinutes: 15, enabled: true, webhookUrl: null, keyRing: null, actor: null });
    const alertDeps = { db: h.db, queue: h.queue, keyRing: null, outbound: h.connections.outbound };
    allDown();
    for (let i = 0; i < 3; i++) await tick();
    expect(await evaluateAlerts(alertDeps)).toMatchObject({ fired: 1 });
    const [firing] = await selectRows(h.db, "alerts", { status: "firing" });
    expect(firing!.message).toContain('"ERP" (sandbox): NetSuite answered HTTP 503');
    netsuite.control.clearFaults();
    await tick();
    expect(await evaluateAlerts(alertDeps)).toMatchObject({ resolved: 1 });
  });

});
