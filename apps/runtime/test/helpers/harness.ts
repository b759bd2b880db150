import { createOutboundPolicy, registry } from "@ipaas/connectors";
import { randomBytes } from "node:crypto";
import { createFlow, getRunWithSteps, KeyRing, ProgressWriter, type Db } from "@ipaas/db";
import { createTestDatabase, insertRow, randomQueuePrefix, type TestDatabase } from "@ipaas/db/testing";
import type { FlowDefinitionInput, RunLimits } from "@ipaas/flow";
import { createRedisConnection, createRunsQueue, type RunJob } from "@ipaas/jobs";
import type { Queue, Worker } from "bullmq";
import { afterAll, beforeAll, inject } from "vitest";
import { createServer, type ServerDeps } from "../../src/http/server";
import { CircuitBreaker } from "../../src/limits/circuit-breaker";
import { FlowConcurrency } from "../../src/limits/flow-concurrency";
import { RateLimiter } from "../../src/limits/rate-limiter";
import { createLogger } from "../../src/logger";
import { RunEvents } from "../../src/run-events";
import { createMetrics } from "../../src/metrics";
import { ConnectionResolver } from "@ipaas/execution";
import { LookupCache } from "../../src/worker/lookup-cache";
import { createRunWorker } from "../../src/worker/run-worker";
import { startTarget, type Target } from "./target";

export interface Harness {
  connections: ConnectionResolver;
  keyRing: KeyRing;
  /** The runtime's HTTP server on this harness's database and queue (not listening; use inject). */
  server(options?: Pick<ServerDeps, "trustProxy" | "bodyLimit">): ReturnType<typeof createServer>;
  /** Everything createServer needs, for tests that build their own servers. */
  serverDeps: ServerDeps;
  t: TestDatabase;
  db: Db;
  queue: Queue<RunJob>;
  /** Absent with `{ worker: false }` (tests that run workers as separate processes). */
  worker: Worker;
  /** The worker's cross-reference cache, listening on the test database. */
  lookups: LookupCache;
  redisUrl: string;
  prefix: string;
  close(): Promise<void>;
}

/** A test database, a private queue prefix and an in-process worker, all real. */
/**
 * The targets of runtime tests (simulators, OAuth and HTTP test servers) listen on
 * 127.0.0.1 on free ports, so the harness's allow-list names that address; the
 * rest of the outbound policy applies as in production. `outboundAllow` replaces it.
 */
export const TEST_OUTBOUND_ALLOW = "127.0.0.1";

export async function startHarness(options: { worker?: boolean; outboundAllow?: string; runLimits?: Partial<RunLimits> } = {}): Promise<Harness> {
  const t = await createTestDatabase();
  const prefix = randomQueuePrefix();
  const redisUrl = inject("redisUrl");
  const queue = createRunsQueue({ redisUrl, prefix });
  const keyRing = new KeyRing(randomBytes(32).toString("base64"));
  const outbound = createOutboundPolicy({ allow: options.outboundAllow ?? TEST_OUTBOUND_ALLOW });
  const connections = new ConnectionResolver(t.db, keyRing, registry, outbound);
  const logger = createLogger("silent");
  const redis = createRedisConnection(redisUrl);
  const subscriber = createRedisConnection(redisUrl);
  const events = new RunEvents(redis, subscriber, RunEvents.channelFor(prefix));
  const rate = new RateLimiter(redis, prefix);
  const lookups = new LookupCache(t.db);
  const lookupListener = lookups.listen(t.url, { retryMs: 100 });
  await lookupListener.ready;
  const worker = options.worker === false ? (null as unknown as Worker) : createRunWorker({
    db: t.db,
    progress: new ProgressWriter(t.db),
    queue,
    registry,
    connections,
    lookups,
    limits: { circuit: new CircuitBreaker(redis, prefix), rate, flows: new FlowConcurrency(redis, prefix) },
    events,
    redisUrl,
    prefix,
    concurrency: 8,
    logger,
    metrics: createMetrics(),
    runLimits: options.runLimits,
  });
  return {
    connections,
    keyRing,
    serverDeps: { db: t.db, queue, redis, metrics: createMetrics(), logger, registry, connections, events, rate, prefix },
    server: (options = {}) => createServer({ db: t.db, queue, redis, metrics: createMetrics(), logger, registry, connections, events, rate, prefix, ...options }),
    t,
    db: t.db,
    queue,
    worker,
    lookups,
    redisUrl,
    prefix,
    async close() {
      await worker?.close();
      await lookupListener.close();
      await outbound.close();
      redis.disconnect();
      subscriber.disconnect();
      await queue.close();
      await t.close();
    },
  };
}

export async function createHttpConnection(db: Db, name: string, baseUrl: string, secrets: Record<string, unknown> = {}): Promise<string> {
  return (await insertRow(db, "connections", { name, connectorId: "http", config: { baseUrl }, secrets })).id;
}

/** A trigger (manual unless given) → the given nodes, chained in order unless edges are given. */
export async function publishFlow(
  db: Db,
  name: string,
  nodes: FlowDefinitionInput["nodes"],
  options: {
    edges?: FlowDefinitionInput["edges"];
    retry?: { attempts: number; backoffMs: number; maxDelayMs: number };
    trigger?: FlowDefinitionInput["nodes"][number];
    concurrency?: number;
    environment?: string;
  } = {},
) {
  const all = [options.trigger ?? { id: "trigger", type: "trigger.manual" as const, name: "Trigger" }, ...nodes];
  const edges = options.edges ?? all.slice(1).map((n, i) => ({ id: `e${i}`, source: all[i]!.id, target: n.id }));
  const definition = { schemaVersion: 1, nodes: all, edges, settings: { retry: options.retry ?? { attempts: 3, backoffMs: 50, maxDelayMs: 1000 }, businessKey: "orderNo", ...(options.concurrency ? { concurrency: options.concurrency } : {}) } };
  const { flow } = await createFlow(db, { name, definition, publish: { message: "test" }, ...(options.environment ? { environment: options.environment } : {}) });
  return flow.id;
}

export function httpAction(id: string, connectionId: string, path: string, body = "$") {
  return { id, type: "action" as const, name: id, config: { connectorId: "http", operation: "request", connectionId, input: `{ 'method': 'POST', 'path': '${path}', 'body': ${body} }` } };
}

export async function waitForRun(db: Db, runId: string, statuses: string[] = ["succeeded", "dead", "skipped", "discarded"], timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await getRunWithSteps(db, runId);
    if (found && statuses.includes(found.run.status)) return found;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${found?.run.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A harness with a local HTTP target and an HTTP connection to it, opened before
 * the file's tests and closed after them; the fields are filled in by beforeAll.
 */
export function useHarnessWithTarget(): { h: Harness; target: Target; connectionId: string } {
  const env = {} as { h: Harness; target: Target; connectionId: string };
  beforeAll(async () => {
    env.h = await startHarness();
    env.target = await startTarget();
    env.connectionId = await createHttpConnection(env.h.db, "target", env.target.url);
  });
  afterAll(async () => {
    await env.h?.close();
    await env.target?.close();
  });
  return env;
}
