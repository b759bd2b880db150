import { randomUUID } from "node:crypto";
import { createFlow, listRunDeadLetters, persistProgress, type Db } from "@ipaas/db";
import { createTestDatabase, randomQueuePrefix, type TestDatabase } from "@ipaas/db/testing";
import type { Queue } from "bullmq";
import { afterAll, beforeAll, inject } from "vitest";
import { createRunsQueue, dispatchRun, type RunJob } from "../src";

/** One test file's real Postgres database and real Redis runs queue (its own key prefix). */
export interface JobsTestbed {
  t: TestDatabase;
  db: Db;
  queue: Queue<RunJob>;
  close(): Promise<void>;
}

async function startTestbed(): Promise<JobsTestbed> {
  const t = await createTestDatabase();
  const queue = createRunsQueue({ redisUrl: inject("redisUrl"), prefix: randomQueuePrefix() });
  return {
    t,
    db: t.db,
    queue,
    async close() {
      await queue.close();
      await t.close();
    },
  };
}

/**
 * The test file's testbed, opened before its tests (with a published "Orders" flow)
 * and closed after them. The fields are filled in by beforeAll.
 */
export function useTestbed(): JobsTestbed & { flowId: string } {
  const bed = {} as JobsTestbed & { flowId: string };
  beforeAll(async () => {
    Object.assign(bed, await startTestbed());
    bed.flowId = await publishOrderFlow(bed.db, "Orders");
  });
  afterAll(async () => bed.close?.());
  return bed;
}

/** A published flow: manual trigger → "Post order" (an HTTP request action); the business key is the payload's orderNo. */
export async function publishOrderFlow(db: Db, name: string, options: { publish?: boolean } = {}): Promise<string> {
  const definition = {
    schemaVersion: 1,
    nodes: [
      { id: "trigger", type: "trigger.manual", name: "Trigger", position: { x: 0, y: 0 }, config: {} },
      { id: "post", type: "action", name: "Post order", position: { x: 300, y: 0 }, config: { connectorId: "http", operation: "request", connectionId: randomUUID(), input: "$" } },
    ],
    edges: [{ id: "e1", source: "trigger", target: "post" }],
    settings: { retry: { attempts: 1, backoffMs: 50, maxDelayMs: 1000 }, businessKey: "orderNo" },
  };
  const { flow } = await createFlow(db, { name, definition, ...(options.publish === false ? {} : { publish: { message: "test" } }) });
  return flow.id;
}

/**
 * A run of the flow whose "Post order" step dead-lettered, written as the runtime
 * writes it: dispatched (recorded and enqueued), then the worker's progress with the
 * failed step's letter. `inputResolved: false` keeps the raw trigger payload instead.
 */
export async function deadLetterRun(bed: JobsTestbed, flowId: string, orderNo: string, options: { inputResolved?: boolean } = {}) {
  const payload = { orderNo };
  const { runId, correlationId, businessKey } = await dispatchRun({ db: bed.db, queue: bed.queue }, { flowId, triggerType: "trigger.manual", payload });
  const resolved = options.inputResolved ?? true;
  const input = resolved ? { method: "POST", path: "/orders", body: payload } : payload;
  const error = { message: "POST /orders answered HTTP 400", class: "non_retryable", code: "HTTP_400", details: { status: 400 } };
  const now = new Date();
  await persistProgress(bed.db, {
    runId,
    flowId,
    correlationId,
    businessKey,
    startedAt: now,
    steps: [{ seq: 0, nodeId: "post", nodeName: "Post order", nodeType: "action", lineage: "0", status: "failed", input, output: null, error, startedAt: now, finishedAt: now, durationMs: 1 }],
    effects: [],
    deadLetters: [{ nodeId: "post", nodeName: "Post order", lineage: "0", input, inputResolved: resolved, attempts: 1, error }],
    state: { pending: [], outputs: { "0": { Trigger: payload } }, nextSeq: 1 },
    outcome: { kind: "finished", status: "succeeded", output: null },
  });
  const [letter] = await listRunDeadLetters(bed.db, runId);
  return { runId, letterId: letter!.id };
}
