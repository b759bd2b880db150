import { createFlow, getRunWithSteps } from "@ipaas/db";
import { selectRows } from "@ipaas/db/testing";
import type { FlowDefinitionInput } from "@ipaas/flow";
import { dispatchRun } from "@ipaas/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startErrorFlow } from "../src/worker/error-flow";
import { createLogger } from "../src/logger";
import { createHttpConnection, startHarness, waitForRun, type Harness } from "./helpers/harness";
import { startTarget, type Target } from "./helpers/target";

/**
 * Flow settings at run time (issue 15, "Flow settings"): a flow as the canvas draws it
 * — nodes placed one by one, settings from the Settings panel — runs with its retry
 * policy, business key, error kinds, default connection and error flow.
 */
let h: Harness;
let target: Target;
beforeAll(async () => {
  h = await startHarness();
  target = await startTarget();
  await createHttpConnection(h.db, "orders-api", target.url);
});
afterAll(async () => {
  await target?.close();
  await h?.close();
});

type Settings = FlowDefinitionInput["settings"];

/** What the canvas saves for "Manual trigger → HTTP request (POST path)", with the panel's settings. */
function drawnFlow(path: string, settings: Settings, action: Record<string, unknown> = {}): FlowDefinitionInput {
  return {
    schemaVersion: 1,
    nodes: [
      { id: "node-1", type: "trigger.manual", name: "Manual trigger", position: { x: 0, y: 0 }, config: {} },
      {
        id: "node-2",
        type: "action",
        name: "Send order",
        position: { x: 280, y: 0 },
        config: { connectorId: "http", operation: "request", input: `{ 'method': 'POST', 'path': '${path}', 'body': $ }`, ...action },
      },
    ],
    edges: [{ id: "edge-1", source: "node-1", target: "node-2" }],
    notes: [],
    settings,
  };
}

async function publish(name: string, definition: FlowDefinitionInput): Promise<string> {
  return (await createFlow(h.db, { name, definition, publish: { message: "test" } })).flow.id;
}

const dispatch = (flowId: string, payload: unknown) => dispatchRun({ db: h.db, queue: h.queue }, { flowId, triggerType: "trigger.manual", payload });
const callsTo = (path: string) => target.requests.filter((r) => r.path === path).length;
const fastRetry = { backoffMs: 20, maxDelayMs: 100 };

describe("flow settings at run time", () => {
  it("retry.attempts: a step failing with a retryable error is tried exactly that many times, then dead-letters", async () => {
    target.script("/retry-2", Array.from({ length: 5 }, () => ({ status: 503 })));
    const flowId = await publish("retry twice", drawnFlow("/retry-2", { retry: { attempts: 2, ...fastRetry } }, { connectionName: "orders-api" }));
    const { run } = await waitForRun(h.db, (await dispatch(flowId, { id: 1 })).runId);
    expect(run.status).toBe("dead");
    expect(callsTo("/retry-2")).toBe(2);
    const [letter] = await selectRows(h.db, "deadLetters", { runId: run.id });
    expect(letter).toMatchObject({ attempts: 2, nodeId: "node-2" });
  });

  it("businessKey: the expression over the trigger payload becomes the run's business key", async () => {
    const flowId = await publish("business key", drawnFlow("/key", { retry: { attempts: 1, ...fastRetry }, businessKey: "order.number & '/' & customer.email" }, { connectionName: "orders-api" }));
    const { runId, businessKey } = await dispatch(flowId, { order: { number: "#1001" }, customer: { email: "a@example.com" } });
    expect(businessKey).toBe("#1001/a@example.com");
    const { run } = await waitForRun(h.db, runId);
    expect(run).toMatchObject({ status: "succeeded", businessKey: "#1001/a@example.com" });
  });

  it("retry.retryOn: a retryable failure of a kind not listed dead-letters on its first attempt; a listed kind is retried", async () => {
    const settings = { retry: { attempts: 3, ...fastRetry, retryOn: ["rate_limited", "network"] } } as Settings;
    target.script("/server-error", [{ status: 502 }, { status: 502 }, { status: 502 }]);
    const noRetry = await publish("no retry on 5xx", drawnFlow("/server-error", settings, { connectionName: "orders-api" }));
    const dead = await waitForRun(h.db, (await dispatch(noRetry, { id: 2 })).runId);
    expect(dead.run.status).toBe("dead");
    expect(dead.run.error).toMatchObject({ code: "HTTP_502" });
    expect(callsTo("/server-error")).toBe(1);

    target.script("/throttled", [{ status: 429 }]);
    const retried = await publish("retry on 429", drawnFlow("/throttled", settings, { connectionName: "orders-api" }));
    const ok = await waitForRun(h.db, (await dispatch(retried, { id: 3 })).runId);
    expect(ok.run.status).toBe("succeeded");
    expect(callsTo("/throttled")).toBe(2);
  });

  it("defaultConnections: a connector step naming no connection runs with the flow's default for its connector", async () => {
    const flowId = await publish("default connection", drawnFlow("/default-conn", { retry: { attempts: 1, ...fastRetry }, defaultConnections: { http: "orders-api" } }));
    const { run } = await waitForRun(h.db, (await dispatch(flowId, { id: 4 })).runId);
    expect(run.status).toBe("succeeded");
    expect(callsTo("/default-conn")).toBe(1);
  });

  it("a node's timeoutMs bounds its request: a slow target fails the step with TIMEOUT", async () => {
    target.script("/slow", [{ status: 200, delayMs: 1500 }]);
    const flowId = await publish("node timeout", drawnFlow("/slow", { retry: { attempts: 1, ...fastRetry } }, { connectionName: "orders-api", timeoutMs: 200 }));
    const { run } = await waitForRun(h.db, (await dispatch(flowId, { id: 5 })).runId);
    expect(run.status).toBe("dead");
    expect(run.error).toMatchObject({ code: "TIMEOUT" });
  });
});

describe("error flow", () => {
  it("a dead run starts its error flow once, with the failed run's context; the error flow's own failure starts nothing", async () => {
    // The error flow of the error flow: must never run, because an error flow's failure does not chain.
    const never = await publish("never runs", {
      schemaVersion: 1,
      nodes: [{ id: "t", type: "trigger.manual", name: "Trigger", config: {} }],
      edges: [],
      settings: {},
    });
    // The error flow echoes its payload, then fails (an error flow can dead-letter like any flow).
    const errorFlow = await publish("on failure", {
      schemaVersion: 1,
      nodes: [
        { id: "t", type: "trigger.manual", name: "Trigger", config: {} },
        { id: "fail", type: "map", name: "Fail", config: { expression: "$error('the error flow fails too')" } },
      ],
      edges: [{ id: "e", source: "t", target: "fail" }],
      settings: { retry: { attempts: 1, backoffMs: 10, maxDelayMs: 10 }, errorFlowId: never },
    });
    target.script("/rejects", [{ status: 400, body: { message: "unknown SKU" } }]);
    const flowId = await publish(
      "orders with error flow",
      drawnFlow("/rejects", { retry: { attempts: 3, ...fastRetry }, businessKey: "orderNo", errorFlowId: errorFlow }, { connectionName: "orders-api" }),
    );
    const failed = await dispatch(flowId, { orderNo: "#E1", sku: "NOPE" });
    const { run } = await waitForRun(h.db, failed.runId);
    expect(run.status).toBe("dead");

    const errorRuns = await waitForRows(() => selectRows(h.db, "runs", { flowId: errorFlow }), 1);
    expect(errorRuns).toHaveLength(1);
    const errorRun = errorRuns[0]!;
    expect(errorRun).toMatchObject({ triggerType: "error", triggerEventId: `error:${run.id}`, correlationId: run.correlationId });
    const [letter] = await selectRows(h.db, "deadLetters", { runId: run.id });
    expect(errorRun.triggerPayload).toMatchObject({
      flow: { id: flowId, name: "orders with error flow" },
      run: { id: run.id, businessKey: "#E1", correlationId: run.correlationId, triggerType: "trigger.manual" },
      failedNode: { id: "node-2", name: "Send order" },
      error: { class: "non_retryable", code: "HTTP_400" },
      deadLetters: [{ id: letter!.id, nodeId: "node-2", attempts: 1 }],
      trigger: { orderNo: "#E1", sku: "NOPE" },
    });
    expect((await waitForRun(h.db, errorRun.id)).run.status).toBe("dead");

    // A repeated notice (a redelivered job) finds the same run; the chained error flow never started.
    const definition = { settings: { errorFlowId: errorFlow } } as Parameters<typeof startErrorFlow>[1]["definition"];
    const again = await startErrorFlow({ db: h.db, queue: h.queue, logger: createLogger("silent") }, { run: { ...run, triggerPayload: run.triggerPayload }, definition });
    expect(again).toBe(errorRun.id);
    await new Promise((r) => setTimeout(r, 500));
    expect(await selectRows(h.db, "runs", { flowId: errorFlow })).toHaveLength(1);
    expect(await selectRows(h.db, "runs", { flowId: never })).toHaveLength(0);
    expect((await getRunWithSteps(h.db, failed.runId))?.run.status).toBe("dead");
  });
});

async function waitForRows<T>(read: () => Promise<T[]>, count: number, timeoutMs = 10_000): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await read();
    if (rows.length >= count || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 50));
  }
}
