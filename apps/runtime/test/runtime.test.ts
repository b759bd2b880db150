import { createFlow, getRunWithSteps, seedDemo } from "@ipaas/db";
import { demoFlowDefinition } from "@ipaas/flow";
import { createRedisConnection, dispatchRun } from "@ipaas/jobs";
import { registry } from "@ipaas/connectors";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runtimeEnvSchema } from "@ipaas/env";
import { selectRows } from "@ipaas/db/testing";
import { createInternalServer } from "../src/http/internal";
import { createServer } from "../src/http/server";
import { RateLimiter } from "../src/limits/rate-limiter";
import { RunEvents } from "../src/run-events";
import { createLogger } from "../src/logger";
import { createMetrics } from "../src/metrics";
import { startHarness, waitForRun, type Harness } from "./helpers/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe("runtime (real Redis + Postgres)", () => {
  it("runs a dispatched demo flow through BullMQ and records every step", async () => {
    const { flowId } = await seedDemo(h.db, demoFlowDefinition);
    const payload = { name: "#2002", email: "x@example.com", line_items: [{ sku: "A", quantity: 3, price: "1.50" }] };
    const { runId, businessKey } = await dispatchRun({ db: h.db, queue: h.queue }, { flowId, triggerType: "trigger.manual", payload });
    expect(businessKey).toBe("#2002");
    const { run, steps } = await waitForRun(h.db, runId);
    expect(run.status).toBe("succeeded");
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    expect(run.output).toMatchObject({ externalId: "shopify-2002", lines: [{ item: "A", quantity: 3, rate: 1.5 }], runId });
    expect(steps.map((s) => [s.nodeId, s.status, s.attempt])).toEqual([
      ["trigger", "succeeded", 1],
      ["map", "succeeded", 1],
    ]);
  });

  it("dispatching the same trigger event twice creates one run", async () => {
    const { flowId } = await seedDemo(h.db, demoFlowDefinition);
    const a = await dispatchRun({ db: h.db, queue: h.queue }, { flowId, triggerType: "trigger.webhook", payload: {}, triggerEventId: "evt-9" });
    const b = await dispatchRun({ db: h.db, queue: h.queue }, { flowId, triggerType: "trigger.webhook", payload: {}, triggerEventId: "evt-9" });
    expect(b).toMatchObject({ runId: a.runId, duplicate: true });
    await waitForRun(h.db, a.runId);
    const { steps } = (await getRunWithSteps(h.db, a.runId))!;
    expect(steps.filter((s) => s.nodeId === "trigger")).toHaveLength(1);
  });

  it("dead-letters a non-retryable mapping error with the step input kept", async () => {
    const broken = { ...demoFlowDefinition, nodes: [demoFlowDefinition.nodes[0], { ...demoFlowDefinition.nodes[1], config: { expression: "$undefinedFn(" } }] };
    const { flow } = await createFlow(h.db, { name: "broken mapping", definition: broken, publish: { message: "v1" } });
    const { runId } = await dispatchRun({ db: h.db, queue: h.queue }, { flowId: flow.id, triggerType: "trigger.manual", payload: { name: "#3003" } });
    const { run, steps } = await waitForRun(h.db, runId);
    expect(run.status).toBe("dead");
    expect(steps.at(-1)).toMatchObject({ nodeId: "map", status: "failed" });
    const letter = (await selectRows(h.db, "deadLetters", { runId }))[0];
    expect(letter).toMatchObject({ nodeId: "map", nodeName: "To sales order", errorClass: "non_retryable", status: "open", businessKey: "#3003", attempts: 1 });
    expect(letter?.input).toEqual({ name: "#3003" });
  });

  it("keeps /metrics and /openapi.json off the public port; /healthz there says ok or unavailable, never why", async () => {
    const redis = createRedisConnection(inject("redisUrl"));
    const metrics = createMetrics();
    metrics.runsTotal.inc({ status: "succeeded" });
    const events = new RunEvents(redis, redis.duplicate(), "unused");
    const deps = { db: h.db, queue: h.queue, redis, metrics, logger: createLogger("silent"), registry, connections: h.connections, events, rate: new RateLimiter(redis, "unused"), prefix: "unused" };
    const server = await createServer(deps);
    const internal = await createInternalServer(deps, server);
    for (const url of ["/metrics", "/openapi.json"]) expect((await server.inject({ method: "GET", url })).statusCode).toBe(404);
    const health = await server.inject({ method: "GET", url: "/healthz" });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: "ok" });

    const res = await internal.inject({ method: "GET", url: "/metrics" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/ipaas_runs_total\{status="succeeded"\} 1/);
    expect(res.body).toMatch(/ipaas_queue_depth\{state="waiting"\}/);
    // The mapping test above left one open dead letter.
    expect(res.body).toMatch(/ipaas_dead_letters_open\{flow_id="[0-9a-f-]{36}"\} 1/);
    expect((await internal.inject({ method: "GET", url: "/healthz" })).json()).toMatchObject({ status: "ok", checks: [{ name: "postgres", ok: true }, { name: "redis", ok: true }] });

    redis.disconnect();
    const down = await server.inject({ method: "GET", url: "/healthz" });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({ status: "unavailable" });
    // Operators still see which store and the driver's words, on the internal listener.
    const detail = await internal.inject({ method: "GET", url: "/healthz" });
    const redisCheck = (detail.json() as { checks: Array<{ name: string; ok: boolean; error?: string }> }).checks.find((c) => c.name === "redis");
    expect(redisCheck).toMatchObject({ ok: false, error: expect.any(String) });
    expect(down.body).not.toContain(redisCheck!.error!);
    await Promise.all([server.close(), internal.close()]);
  });

  it("asks for the bearer token on the internal listener when RUNTIME_METRICS_TOKEN is set", async () => {
    const server = await h.server();
    const internal = await createInternalServer(h.serverDeps, server, { token: "metrics-token-0123456789" });
    expect((await internal.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(401);
    expect((await internal.inject({ method: "GET", url: "/metrics", headers: { authorization: "Bearer wrong-token-0123456789" } })).statusCode).toBe(401);
    const ok = await internal.inject({ method: "GET", url: "/metrics", headers: { authorization: "Bearer metrics-token-0123456789" } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toMatch(/ipaas_queue_depth/);
    await Promise.all([server.close(), internal.close()]);
  });

  it("binds the internal listener to loopback unless told otherwise", () => {
    const env = runtimeEnvSchema.parse({ DATABASE_URL: "postgres://u@127.0.0.1/db", REDIS_URL: "redis://127.0.0.1:6379" });
    expect(env).toMatchObject({ RUNTIME_INTERNAL_HOST: "127.0.0.1", RUNTIME_INTERNAL_PORT: 9464, RUNTIME_TRUST_PROXY: false });
    expect(runtimeEnvSchema.parse({ DATABASE_URL: "postgres://u@127.0.0.1/db", REDIS_URL: "redis://127.0.0.1:6379", RUNTIME_TRUST_PROXY: "10.0.0.0/8, 127.0.0.1" }).RUNTIME_TRUST_PROXY).toEqual(["10.0.0.0/8", "127.0.0.1"]);
  });
});
