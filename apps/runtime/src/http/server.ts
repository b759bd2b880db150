import type { Db } from "@ipaas/db";
import type { RunJob } from "@ipaas/jobs";
import type { Queue } from "bullmq";
import { sql } from "drizzle-orm";
import Fastify, { LogController } from "fastify";
import type { Redis } from "ioredis";
import type { Logger } from "../logger";
import type { Metrics } from "../metrics";

export interface ServerDeps {
  db: Db;
  queue: Queue<RunJob>;
  redis: Redis;
  metrics: Metrics;
  logger: Logger;
}

async function check(name: string, probe: () => Promise<unknown>) {
  const started = Date.now();
  try {
    await probe();
    return { name, ok: true, latencyMs: Date.now() - started };
  } catch (err) {
    return { name, ok: false, latencyMs: Date.now() - started, error: err instanceof Error ? err.message : String(err) };
  }
}

/** The runtime's HTTP side: health and metrics now; webhook and API ingress join it (issue 3). */
export function createServer(deps: ServerDeps) {
  const app = Fastify({
    loggerInstance: deps.logger,
    // A log line per request would dominate the hot path; runs are logged instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 5 * 1024 * 1024,
  });

  // 200 only when both stores answer: a load balancer stops routing to a replica
  // that cannot record runs, since it could not keep the "nothing lost" promise.
  app.get("/healthz", async (_req, reply) => {
    const checks = await Promise.all([
      check("postgres", () => deps.db.execute(sql`select 1`)),
      check("redis", async () => {
        if ((await deps.redis.ping()) !== "PONG") throw new Error("unexpected PING reply");
      }),
    ]);
    const ok = checks.every((c) => c.ok);
    return reply.code(ok ? 200 : 503).send({ status: ok ? "ok" : "unavailable", checks });
  });

  app.get("/metrics", async (_req, reply) => {
    const counts = await deps.queue.getJobCounts("waiting", "active", "delayed", "failed", "prioritized");
    for (const [state, n] of Object.entries(counts)) deps.metrics.queueDepth.set({ state }, n);
    return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  return app;
}
