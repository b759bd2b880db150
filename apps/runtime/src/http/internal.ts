import { openDeadLettersPerFlow } from "@ipaas/db";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { timingSafeEqual } from "node:crypto";
import { readiness } from "./health";
import type { ServerDeps } from "./server";

export interface InternalOptions {
  /**
   * RUNTIME_METRICS_TOKEN: when set, every route here needs `Authorization: Bearer <token>`,
   * for deployments where the internal listener must be reachable from another host
   * or container (a Prometheus next to the runtime in compose).
   */
  token?: string;
}

/**
 * The operators' listener (RUNTIME_INTERNAL_HOST:RUNTIME_INTERNAL_PORT, 127.0.0.1 by
 * default): Prometheus metrics, the OpenAPI document and readiness with each store's
 * error. None of it belongs on the public ingress: metrics label series by flow id,
 * which is all an unsigned webhook needed before issue 13, and driver errors name
 * hosts and users.
 */
export async function createInternalServer(deps: Pick<ServerDeps, "db" | "redis" | "queue" | "metrics" | "logger">, publicApp: FastifyInstance, options: InternalOptions = {}) {
  const app = Fastify({ loggerInstance: deps.logger as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }) });
  const expected = options.token ? Buffer.from(`Bearer ${options.token}`) : null;
  if (expected) {
    app.addHook("onRequest", async (req, reply) => {
      const given = Buffer.from(req.headers.authorization ?? "");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return reply.code(401).header("www-authenticate", "Bearer").send({ error: "UNAUTHORIZED", message: "Authorization: Bearer <RUNTIME_METRICS_TOKEN> is required" });
      }
    });
  }

  app.get("/healthz", async (_req, reply) => {
    const { ok, checks } = await readiness(deps);
    return reply.code(ok ? 200 : 503).send({ status: ok ? "ok" : "unavailable", checks });
  });

  app.get("/metrics", async (_req, reply) => {
    const counts = await deps.queue.getJobCounts("waiting", "active", "delayed", "failed", "prioritized");
    for (const [state, n] of Object.entries(counts)) deps.metrics.queueDepth.set({ state }, n);
    const open = await openDeadLettersPerFlow(deps.db);
    deps.metrics.openDeadLetters.reset();
    for (const row of open) deps.metrics.openDeadLetters.set({ flow_id: row.flowId }, row.n);
    return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  // The public server's routes, documented by its swagger plugin.
  app.get("/openapi.json", async () => {
    await publicApp.ready();
    return publicApp.swagger();
  });
  return app;
}
