import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createConnection, createFlow, createUser, KeyRing, persistProgress, type Db } from "@ipaas/db";
import { createTestDatabase, randomQueuePrefix, type TestDatabase } from "@ipaas/db/testing";
import { parseFlowDefinition } from "@ipaas/flow";
import { createRunsQueue, dispatchRun } from "@ipaas/jobs";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { pinRecordedOutputs } from "../src/components/canvas/run-results";
import type { RunsQueue } from "../src/server/context";
import { createCaller } from "../src/server/routers/_app";
import type { SessionUser } from "../src/server/services/users";
import { codeOf, testOutbound } from "./helpers";

/** "Open in editor with this data" (docs/architecture.md "Dead letters and bulk operations", replay). */

let t: TestDatabase;
let queue: RunsQueue;
let server: Server;
const calls: Array<{ path: string; body: unknown }> = [];
const keyRing = new KeyRing(randomBytes(32).toString("base64"));
const TOKEN = "replay-token-very-secret";
const users: Record<"analyst" | "operator" | "viewer", SessionUser> = {} as never;
let flowId: string;
let runId: string;

async function user(db: Db, role: SessionUser["role"]): Promise<SessionUser> {
  const row = await createUser(db, { email: `${role}@example.com`, name: role, role });
  return { id: row.id, email: row.email, role };
}
const as = (u: SessionUser) => createCaller({ db: t.db, queue, user: u, keyRing, ip: "127.0.0.1", outbound: testOutbound });

const definition = {
  schemaVersion: 1,
  nodes: [
    { id: "trigger", type: "trigger.manual", name: "Trigger", position: { x: 0, y: 0 }, config: {} },
    { id: "customer", type: "action", name: "Customer", position: { x: 200, y: 0 }, config: { connectorId: "http", operation: "request", connectionName: "target", input: "{ 'method': 'GET', 'path': '/customers' }" } },
    { id: "map", type: "map", name: "Map", position: { x: 400, y: 0 }, config: { expression: "{ 'orderNo': $trigger.orderNo, 'customer': $steps.Customer.body.id }" } },
    { id: "post", type: "action", name: "Post", position: { x: 600, y: 0 }, config: { connectorId: "http", operation: "request", connectionName: "target", input: "{ 'method': 'POST', 'path': '/orders', 'body': $ }" } },
  ],
  edges: [
    { id: "e1", source: "trigger", target: "customer" },
    { id: "e2", source: "customer", target: "map" },
    { id: "e3", source: "map", target: "post" },
  ],
  settings: { retry: { attempts: 1, backoffMs: 50, maxDelayMs: 1000 }, businessKey: "orderNo" },
};

beforeAll(async () => {
  t = await createTestDatabase();
  queue = createRunsQueue({ redisUrl: inject("redisUrl"), prefix: randomQueuePrefix() });
  for (const role of ["analyst", "operator", "viewer"] as const) users[role] = await user(t.db, role);
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      calls.push({ path: req.url ?? "", body: raw ? (JSON.parse(raw) as unknown) : null });
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ id: "C-LIVE" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await createConnection(t.db, { name: "target", connectorId: "http", environment: "sandbox", config: { baseUrl }, secrets: { bearerToken: TOKEN }, keyRing, actor: null });
  ({ flow: { id: flowId } } = await createFlow(t.db, { name: "Replay in editor", definition, publish: { message: "v1" } }));

  // A production run: the customer lookup answered (echoing the token, as a careless API might), the post failed.
  const payload = { orderNo: "#E1" };
  const dispatched = await dispatchRun({ db: t.db, queue }, { flowId, triggerType: "trigger.manual", payload });
  runId = dispatched.runId;
  const now = new Date();
  const step = (seq: number, nodeId: string, nodeType: string, lineage: string, output: unknown, failed = false) => ({
    seq, nodeId, nodeName: definition.nodes.find((n) => n.id === nodeId)!.name, nodeType, lineage, status: failed ? ("failed" as const) : ("succeeded" as const),
    input: null, output, error: failed ? { message: "HTTP 400", errorClass: "non_retryable", code: "HTTP_400" } : null, startedAt: now, finishedAt: now, durationMs: 1,
  });
  await persistProgress(t.db, {
    runId, flowId, correlationId: dispatched.correlationId, businessKey: dispatched.businessKey, startedAt: now,
    steps: [
      step(0, "trigger", "trigger.manual", "0", payload),
      step(1, "customer", "action", "0", { status: 200, body: { id: "C-42", echo: `Bearer ${TOKEN}` } }),
      step(2, "map", "map", "0", { orderNo: "#E1", customer: "C-42" }),
      step(3, "map", "map", "0.1", { orderNo: "inner" }),
      step(4, "post", "action", "0", null, true),
    ],
    effects: [], deadLetters: [], state: null,
    outcome: { kind: "finished", status: "succeeded", output: null },
  });
});
afterAll(async () => {
  server?.close();
  await queue?.close();
  await t?.close();
});

describe("runs.replayData", () => {
  it("gives an analyst the run's payload and main-path outputs by node id, secrets scrubbed; others may not", async () => {
    const data = await as(users.analyst).runs.replayData({ id: runId });
    expect(data).toMatchObject({ runId, flowId, version: 1, payload: { orderNo: "#E1" } });
    expect(Object.keys(data.outputs).sort()).toEqual(["customer", "map", "post", "trigger"]);
    // The for-each item's output (lineage 0.1) does not stand for the node.
    expect(data.outputs.map).toEqual({ nodeName: "Map", status: "succeeded", output: { orderNo: "#E1", customer: "C-42" } });
    expect(data.outputs.post!.status).toBe("failed");
    expect(JSON.stringify(data)).not.toContain(TOKEN);
    expect((data.outputs.customer!.output as { body: { id: string } }).body.id).toBe("C-42");
    for (const role of ["operator", "viewer"] as const) expect(await codeOf(as(users[role]).runs.replayData({ id: runId }))).toBe("FORBIDDEN");
    expect(await codeOf(as(users.analyst).runs.replayData({ id: "00000000-0000-4000-8000-000000000000" }))).toBe("NOT_FOUND");
  });

  it("a test run of the draft with the run's payload and pinned connector outputs reproduces it without calling the pinned step", async () => {
    const data = await as(users.analyst).runs.replayData({ id: runId });
    const draft = parseFlowDefinition(definition);
    const { definition: pinned, pinned: ids } = pinRecordedOutputs(draft, data.outputs);
    // Only connector steps that succeeded: the map runs on the draft, the failed post is what is being fixed.
    expect(ids).toEqual(["customer"]);
    const result = await as(users.analyst).flows.testRun({ flowId, definition: pinned, payload: data.payload });
    expect(result.status).toBe("succeeded");
    expect(result.nodes.map!.output).toEqual({ orderNo: "#E1", customer: "C-42" });
    expect(calls.map((c) => c.path)).toEqual(["/orders"]);
    expect(calls[0]!.body).toEqual({ orderNo: "#E1", customer: "C-42" });
  });
});
