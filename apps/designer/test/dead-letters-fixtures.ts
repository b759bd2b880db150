import { createConnection, createFlow, createUser, getRunWithSteps, listRunDeadLetters, persistProgress, type Db } from "@ipaas/db";
import { createTestDatabase, randomQueuePrefix, type TestDatabase } from "@ipaas/db/testing";
import { StepError } from "@ipaas/flow";
import { createRunsQueue, dispatchRun } from "@ipaas/jobs";
import { inject } from "vitest";
import type { RunsQueue } from "../src/server/context";
import { createCaller } from "../src/server/routers/_app";
import type { SessionUser } from "../src/server/services/users";

/*
 * Dead letters made the way the runtime makes them: a run dispatched through
 * @ipaas/jobs (recorded and enqueued), then the worker's progress for it —
 * trigger step done, the action's HTTP call answered 4xx — written with the
 * runtime's own persistProgress. The designer tests have no worker process, so
 * "the worker ran the resumed run" is written the same way (finishResumedRun).
 */

export interface Workbench {
  t: TestDatabase;
  db: Db;
  queue: RunsQueue;
  admin: SessionUser;
  operator: SessionUser;
  viewer: SessionUser;
  as(user: SessionUser): ReturnType<typeof createCaller>;
  close(): Promise<void>;
}

async function user(db: Db, role: SessionUser["role"], email: string): Promise<SessionUser> {
  const row = await createUser(db, { email, name: role, role });
  return { id: row.id, email: row.email, role };
}

export async function startWorkbench(): Promise<Workbench> {
  const t = await createTestDatabase();
  const queue = createRunsQueue({ redisUrl: inject("redisUrl"), prefix: randomQueuePrefix() });
  const [admin, operator, viewer] = [await user(t.db, "admin", "admin@example.com"), await user(t.db, "operator", "ops@example.com"), await user(t.db, "viewer", "viewer@example.com")];
  return {
    t,
    db: t.db,
    queue,
    admin,
    operator,
    viewer,
    as: (u) => createCaller({ db: t.db, queue, user: u, keyRing: null, ip: "10.0.0.9" }),
    async close() {
      await queue.close();
      await t.close();
    },
  };
}

/** A published flow: manual trigger → "Post order" (HTTP request action). */
export async function publishOrderFlow(db: Db, name: string): Promise<string> {
  const connection = await createConnection(db, { name: `${name} target`, connectorId: "http", environment: "sandbox", config: { baseUrl: "http://erp.test" }, secrets: {}, keyRing: null, actor: null });
  const definition = {
    schemaVersion: 1,
    nodes: [
      { id: "trigger", type: "trigger.manual", name: "Trigger", position: { x: 0, y: 0 }, config: {} },
      { id: "post", type: "action", name: "Post order", position: { x: 300, y: 0 }, config: { connectorId: "http", operation: "request", connectionId: connection.id, input: "{ 'method': 'POST', 'path': '/orders', 'body': $ }" } },
    ],
    edges: [{ id: "e1", source: "trigger", target: "post" }],
    settings: { retry: { attempts: 3, backoffMs: 50, maxDelayMs: 1000 }, businessKey: "orderNo" },
  };
  const { flow } = await createFlow(db, { name, definition, publish: { message: "test" } });
  return flow.id;
}

export interface Failure {
  status?: number;
  body?: unknown;
  errorClass?: "retryable" | "non_retryable";
  /** False: the failure came before the input mapping ran, so the kept input is the node's raw input. */
  inputResolved?: boolean;
}

function stepError(f: Failure) {
  const status = f.status ?? 400;
  return new StepError(`POST http://erp.test/orders answered HTTP ${status}`, f.errorClass ?? "non_retryable", `HTTP_${status}`, {
    status,
    body: f.body ?? { error: "INVALID_KEY_OR_REF", detail: "Invalid Field Value 9999 for the following field: item" },
  }).toJSON();
}

const step = (seq: number, nodeId: string, nodeName: string, nodeType: string, input: unknown, output: unknown, error: unknown) => {
  const now = new Date();
  return { seq, nodeId, nodeName, nodeType, lineage: "0", status: error ? ("failed" as const) : ("succeeded" as const), input, output, error, startedAt: now, finishedAt: now, durationMs: 3 };
};

/** One run of the flow whose "Post order" step dead-lettered; returns the run and its letter. */
export async function deadLetterRun(w: Workbench, flowId: string, payload: { orderNo: string } & Record<string, unknown>, failure: Failure = {}) {
  const { runId, correlationId, businessKey } = await dispatchRun({ db: w.db, queue: w.queue }, { flowId, triggerType: "trigger.manual", payload });
  const error = stepError(failure);
  const resolved = failure.inputResolved ?? true;
  const input = resolved ? { method: "POST", path: "/orders", body: payload } : payload;
  await persistProgress(w.db, {
    runId,
    flowId,
    correlationId,
    businessKey,
    startedAt: new Date(),
    steps: [step(0, "trigger", "Trigger", "trigger.manual", payload, payload, null), step(1, "post", "Post order", "action", input, null, error)],
    effects: [],
    deadLetters: [{ nodeId: "post", nodeName: "Post order", lineage: "0", input, inputResolved: resolved, attempts: failure.errorClass === "retryable" ? 3 : 1, error }],
    state: { pending: [], outputs: { "0": { Trigger: payload } }, nextSeq: 2 },
    outcome: { kind: "finished", status: "succeeded", output: null },
  });
  const [letter] = await listRunDeadLetters(w.db, runId);
  return { runId, letterId: letter!.id };
}

/** What the worker writes when it has run a resumed run: the step succeeded, or failed again (a new letter). */
export async function finishResumedRun(w: Workbench, runId: string, outcome: "succeeded" | "dead") {
  const { run } = (await getRunWithSteps(w.db, runId))!;
  const failed = outcome === "dead" ? stepError({}) : null;
  const input = { method: "POST", path: "/orders", body: run.triggerPayload };
  await persistProgress(w.db, {
    runId,
    flowId: run.flowId,
    correlationId: run.correlationId,
    businessKey: run.businessKey,
    steps: [step(2, "post", "Post order", "action", input, failed ? null : { status: 201, body: { id: 7 } }, failed)],
    effects: [],
    deadLetters: failed ? [{ nodeId: "post", nodeName: "Post order", lineage: "0", input, inputResolved: true, attempts: 1, error: failed }] : [],
    state: { pending: [], outputs: {}, nextSeq: 3 },
    outcome: { kind: "finished", status: "succeeded", output: null },
  });
}
