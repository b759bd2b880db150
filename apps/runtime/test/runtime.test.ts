import { getRunWithSteps, seedDemo, type Db } from "@ipaas/db";
import { createTestDatabase, randomQueuePrefix, type TestDatabase } from "@ipaas/db/testing";
import { demoFlowDefinition } from "@ipaas/flow";
import { createRedisConnection, createRunsQueue, dispatchRun, type RunJob } from "@ipaas/jobs";
import type { Queue, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createFlow } from "@ipaas/db";
import { createServer } from "../src/http/server";
import { createLogger } from "../src/logger";
import { createMetrics } from "../src/metrics";
import { createRunWorker } from "../src/worker/run-worker";

let t: TestDatabase;
let queue: Queue<RunJob>;
let worker: Worker;
const metrics = createMetrics();
const logger = createLogger("silent");

beforeAll(async () => {
  t = await createTestDatabase();
  const prefix = randomQueuePrefix();
  const redisUrl = inject("redisUrl");
  queue = createRunsQueue({ redisUrl, prefix });
  worker = createRunWorker({ db: t.db, redisUrl, prefix, concurrency: 4, logger, metrics });
});
afterAll(async () => {
  await worker?.close();
  await queue?.close();
  await t?.close();
});

async function waitForFinalStatus(db: Db, runId: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await getRunWithSteps(db, runId);
    if (found && ["succeeded", "dead"].includes(found.run.status)) return found;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${found?.run.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("runtime (real Redis + Postgres)", () => {
  it("runs a dispatched demo flow through BullMQ and records every step", async () => {
    const { flowId } = await seedDemo(t.db, demoFlowDefinition);
    const payload = { name: "#2002", email: "x@example.com", line_items: [{ sku: "A", quantity: 3, price: "1.50" }] };
    const { runId, businessKey } = await dispatchRun({ db: t.db, queue }, { flowId, triggerType: "trigger.manual", payload });
    expect(businessKey).toBe("#2002");
    const { run, steps } = await waitForFinalStatus(t.db, runId);
    expect(run.status).toBe("succeeded");
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    expect(run.output).toMatchObject({ externalId: "shopify-2002", lines: [{ item: "A", quantity: 3, rate: 1.5 }], runId });
    expect(steps.map((s) => [s.nodeId, s.status, s.attempt])).toEqual([
      ["trigger", "succeeded", 1],
      ["map", "succeeded", 1],
    ]);
  });

  it("dispatching the same trigger event twice creates one run", async () => {
    const { flowId } = await seedDemo(t.db, demoFlowDefinition);
    const a = await dispatchRun({ db: t.db, queue }, { flowId, triggerType: "trigger.webhook", payload: {}, triggerEventId: "evt-9" });
    const b = await dispatchRun({ db: t.db, queue }, { flowId, triggerType: "trigger.webhook", payload: {}, triggerEventId: "evt-9" });
    expect(b).toMatchObject({ runId: a.runId, duplicate: true });
    await waitForFinalStatus(t.db, a.runId);
    const { steps } = (await getRunWithSteps(t.db, a.runId))!;
    expect(steps.filter((s) => s.nodeId === "trigger")).toHaveLength(1);
  });

  it("dead-letters a non-retryable mapping error with the step input kept", async () => {
    const broken = { ...demoFlowDefinition, nodes: [demoFlowDefinition.nodes[0], { ...demoFlowDefinition.nodes[1], config: { expression: "$undefinedFn(" } }] };
    const { flow } = await createFlow(t.db, { name: "broken mapping", definition: broken, publish: { message: "v1" } });
    const { runId } = await dispatchRun({ db: t.db, queue }, { flowId: flow.id, triggerType: "trigger.manual", payload: { name: "#3003" } });
    const { run, steps } = await waitForFinalStatus(t.db, runId);
    expect(run.status).toBe("dead");
    expect(steps.at(-1)).toMatchObject({ nodeId: "map", status: "failed" });
    const letters = await t.db.query.deadLetters.findMany();
    const letter = letters.find((l) => l.runId === runId);
    expect(letter).toMatchObject({ nodeId: "map", errorClass: "non_retryable", status: "open", businessKey: "#3003", attempts: 1 });
    expect(letter?.input).toEqual({ name: "#3003" });
  });

  it("serves /healthz (checking both stores) and /metrics", async () => {
    const redis = createRedisConnection(inject("redisUrl"));
    const server = createServer({ db: t.db, queue, redis, metrics, logger });
    const health = await server.inject({ method: "GET", url: "/healthz" });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: "ok", checks: [{ name: "postgres", ok: true }, { name: "redis", ok: true }] });
    const res = await server.inject({ method: "GET", url: "/metrics" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/ipaas_runs_total\{status="succeeded"\} [1-9]/);
    expect(res.body).toMatch(/ipaas_queue_depth\{state="waiting"\}/);
    await server.close();
    redis.disconnect();
  });
});
