import type { ConnectorRegistry } from "@ipaas/connectors";
import { RunRecorder, schema, type Db } from "@ipaas/db";
import type { RunJob } from "@ipaas/jobs";
import swagger from "@fastify/swagger";
import type { Queue } from "bullmq";
import { count, eq, sql } from "drizzle-orm";
import Fastify, { LogController, type FastifyBaseLogger } from "fastify";
import type { Redis } from "ioredis";
import type { Logger } from "../logger";
import type { Metrics } from "../metrics";
import type { ConnectionResolver } from "../worker/connections";
import { RunnableFlowCache } from "./flow-cache";
import type { RateLimiter } from "../limits/rate-limiter";
import type { RunEvents } from "../run-events";
import { registerApiTrigger } from "./api-trigger";
import { registerIngress } from "./ingress";

export interface ServerDeps {
  db: Db;
  queue: Queue<RunJob>;
  redis: Redis;
  metrics: Metrics;
  logger: Logger;
  registry: ConnectorRegistry;
  connections: ConnectionResolver;
  events: RunEvents;
  rate: RateLimiter;
  /** Largest accepted body in bytes (RUNTIME_BODY_LIMIT_BYTES); larger gets 413. */
  bodyLimit?: number;
}

/** The env schema's default, for callers (tests) that do not pass one. */
const DEFAULT_BODY_LIMIT = 5 * 1024 * 1024;

async function check(name: string, probe: () => Promise<unknown>) {
  const started = Date.now();
  try {
    await probe();
    return { name, ok: true, latencyMs: Date.now() - started };
  } catch (err) {
    return { name, ok: false, latencyMs: Date.now() - started, error: err instanceof Error ? err.message : String(err) };
  }
}

/** The runtime's HTTP side: webhook ingress, health, metrics and the OpenAPI document. */
export async function createServer(deps: ServerDeps) {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // A log line per request would dominate the hot path; runs are logged instead.
    logController: new LogController({ disableRequestLogging: true }),
    // Everything accepted is stored and run whole (nothing is cut later), so this is the one size limit.
    bodyLimit: deps.bodyLimit ?? DEFAULT_BODY_LIMIT,
  });

  // Keep the raw bytes: webhook signatures are computed over them, not over re-serialised JSON.
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (req, body: Buffer, done) => {
    (req as { rawBody?: Buffer }).rawBody = body;
    if (body.length === 0) return done(null, null);
    try {
      done(null, JSON.parse(body.toString("utf8")));
    } catch (err) {
      const e = new Error(`Body is not valid JSON: ${(err as Error).message}`) as Error & { statusCode: number };
      e.statusCode = 400;
      done(e, undefined);
    }
  });
  app.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 413) {
      // Refused before anything was recorded: the sender learns the limit and which setting raises it.
      const limit = deps.bodyLimit ?? DEFAULT_BODY_LIMIT;
      return reply.code(413).send({ error: "PAYLOAD_TOO_LARGE", message: `The body is larger than the ingress limit of ${limit} bytes (RUNTIME_BODY_LIMIT_BYTES); nothing was recorded` });
    }
    // Log the root cause only: a failed query's message carries its parameters (order data).
    if (status === 500) req.log.error({ err: (err.cause as Error | undefined)?.message ?? err.name }, "request failed");
    // 5xx makes the sender redeliver: nothing was recorded, so nothing is lost.
    return reply.code(status).send({ error: status === 500 ? "INTERNAL" : "BAD_REQUEST", message: status === 500 ? "The event was not recorded; retry the delivery" : err.message });
  });

  await app.register(swagger, {
    openapi: {
      info: { title: "Distribution iPaaS runtime", version: "1.0.0", description: "Ingress of the data plane: webhooks and API triggers into flows, run status, health and metrics." },
      components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key created by an admin (ipk_…)" } } },
    },
  });

  // 200 only when both stores answer: a load balancer stops routing to a replica
  // that cannot record runs, since it could not keep the "nothing lost" promise.
  app.get("/healthz", { schema: { summary: "Readiness: Postgres and Redis reachable" } }, async (_req, reply) => {
    const checks = await Promise.all([
      check("postgres", () => deps.db.execute(sql`select 1`)),
      check("redis", async () => {
        if ((await deps.redis.ping()) !== "PONG") throw new Error("unexpected PING reply");
      }),
    ]);
    const ok = checks.every((c) => c.ok);
    return reply.code(ok ? 200 : 503).send({ status: ok ? "ok" : "unavailable", checks });
  });

  app.get("/metrics", { schema: { summary: "Prometheus metrics" } }, async (_req, reply) => {
    const counts = await deps.queue.getJobCounts("waiting", "active", "delayed", "failed", "prioritized");
    for (const [state, n] of Object.entries(counts)) deps.metrics.queueDepth.set({ state }, n);
    const { deadLetters } = schema;
    const open = await deps.db.select({ flowId: deadLetters.flowId, n: count() }).from(deadLetters).where(eq(deadLetters.status, "open")).groupBy(deadLetters.flowId);
    deps.metrics.openDeadLetters.reset();
    for (const row of open) deps.metrics.openDeadLetters.set({ flow_id: row.flowId }, row.n);
    return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  const flows = new RunnableFlowCache(deps.db);
  const recorder = new RunRecorder(deps.db);
  registerIngress(app, { ...deps, flows, recorder });
  registerApiTrigger(app, { ...deps, flows, recorder });
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  return app;
}
