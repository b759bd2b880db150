import http from "node:http";
import type { AddressInfo } from "node:net";
import { registry } from "@ipaas/connectors";
import { getTriggerCursor } from "@ipaas/db";
import { selectRows } from "@ipaas/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/logger";
import { pollOnce } from "../src/triggers/polls";
import { createTriggersQueue, syncSchedules } from "../src/triggers/schedules";
import { createHttpConnection, publishFlow, startHarness, waitForRun, type Harness } from "./helpers/harness";

let h: Harness;
let source: http.Server;
let sourceUrl = "";
const seenSince: Array<string | null> = [];
/** The source system: orders changed since a cursor (the index of the last change seen). */
const changes = [
  { id: "o1", updatedAt: "2026-11-25T10:00:00Z", name: "#1" },
  { id: "o2", updatedAt: "2026-11-25T10:01:00Z", name: "#2" },
];

beforeAll(async () => {
  h = await startHarness();
  source = http.createServer((req, res) => {
    const since = new URL(req.url ?? "/", "http://x").searchParams.get("since");
    seenSince.push(since);
    const from = since === null ? 0 : Number(since);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ items: changes.slice(from), cursor: String(changes.length) }));
  });
  await new Promise<void>((r) => source.listen(0, "127.0.0.1", r));
  sourceUrl = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;
});
afterAll(async () => {
  source?.close();
  await h?.close();
});

describe("poll triggers", () => {
  it("dispatches one run per change and continues from the stored cursor", async () => {
    const connectionId = await createHttpConnection(h.db, "source", sourceUrl);
    const flowId = await publishFlow(h.db, "polled", [{ id: "map", type: "map", name: "Map", config: { expression: "{ 'order': name }" } }], {
      trigger: { id: "trigger", type: "trigger.poll", name: "Orders changed", config: { connectorId: "http", operation: "changes", connectionId, intervalSeconds: 10, options: { path: "/orders" } } },
    });
    const deps = { db: h.db, runs: h.queue, registry, connections: h.connections, logger: createLogger("silent") };
    expect(await pollOnce(deps, flowId)).toEqual({ items: 2, created: 2 });
    changes.push({ id: "o1", updatedAt: "2026-11-25T11:00:00Z", name: "#1 (edited)" });
    expect(await pollOnce(deps, flowId)).toEqual({ items: 1, created: 1 });
    expect(seenSince).toEqual([null, "2"]);
    const runs = await selectRows(h.db, "runs", { flowId });
    expect(runs.map((r) => r.triggerEventId).sort()).toEqual(["poll:o1@2026-11-25T10:00:00Z", "poll:o1@2026-11-25T11:00:00Z", "poll:o2@2026-11-25T10:01:00Z"]);
    for (const run of runs) expect((await waitForRun(h.db, run.id)).run.status).toBe("succeeded");
    const cursor = await getTriggerCursor(h.db, flowId);
    expect(cursor).toMatchObject({ cursor: "3", lastError: null });

    // The scheduler for it is registered at the trigger's interval.
    const triggers = createTriggersQueue(h.redisUrl, h.prefix);
    await syncSchedules(h.db, triggers, createLogger("silent"));
    const schedulers = await triggers.getJobSchedulers();
    expect(schedulers.find((s) => s.key === `poll:${flowId}`)).toMatchObject({ every: 10_000 });
    await triggers.close();
  });

  it("keeps the cursor and records the error when the source fails", async () => {
    const connectionId = await createHttpConnection(h.db, "down", "http://127.0.0.1:9");
    const flowId = await publishFlow(h.db, "polled-down", [{ id: "map", type: "map", name: "Map", config: { expression: "1" } }], {
      trigger: { id: "trigger", type: "trigger.poll", name: "Down", config: { connectorId: "http", operation: "changes", connectionId, intervalSeconds: 10, options: { path: "/x" } } },
    });
    const deps = { db: h.db, runs: h.queue, registry, connections: h.connections, logger: createLogger("silent") };
    await expect(pollOnce(deps, flowId)).rejects.toThrow(/failed/);
    const cursor = await getTriggerCursor(h.db, flowId);
    expect(cursor?.lastError).toMatch(/failed/);
  });

  it("scrubs the connection's secret from dispatched payloads and from the recorded poll error", async () => {
    const token = "poll-secret-token-4711";
    // A source that echoes the request's Authorization header into what it returns.
    const echo = http.createServer((req, res) => {
      const auth = req.headers.authorization ?? "";
      if (req.url?.startsWith("/fail")) {
        res.writeHead(400, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: `bad request with ${auth}` }));
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ items: [{ id: "e1", updatedAt: "2026-11-25T10:00:00Z", seenAuth: auth }], cursor: "1" }));
    });
    await new Promise<void>((r) => echo.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
      const connectionId = await createHttpConnection(h.db, `echo-poll ${Math.random()}`, url, h.keyRing.encryptAll({ bearerToken: token }));
      const deps = { db: h.db, runs: h.queue, registry, connections: h.connections, logger: createLogger("silent") };
      const trigger = (path: string) => ({ id: "trigger", type: "trigger.poll" as const, name: "Echo", config: { connectorId: "http", operation: "changes", connectionId, intervalSeconds: 10, options: { path } } });
      const okFlow = await publishFlow(h.db, "polled-echo", [{ id: "map", type: "map", name: "Map", config: { expression: "1" } }], { trigger: trigger("/orders") });
      expect(await pollOnce(deps, okFlow)).toEqual({ items: 1, created: 1 });
      const [run] = await selectRows(h.db, "runs", { flowId: okFlow });
      expect(JSON.stringify(run?.triggerPayload)).toContain("Bearer");
      expect(JSON.stringify(run?.triggerPayload)).not.toContain(token);

      const failFlow = await publishFlow(h.db, "polled-echo-fail", [{ id: "map", type: "map", name: "Map", config: { expression: "1" } }], { trigger: trigger("/fail") });
      await expect(pollOnce(deps, failFlow)).rejects.toThrow();
      const cursor = await getTriggerCursor(h.db, failFlow);
      expect(cursor?.lastError).toBeTruthy();
      expect(cursor?.lastError).not.toContain(token);
    } finally {
      echo.close();
    }
  });
});
