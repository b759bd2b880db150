import type { ConnectorRegistry } from "@ipaas/connectors";
import { RunRecorder, type Db, type KeyRing } from "@ipaas/db";
import type { EdiDeliveryJob, RunJob } from "@ipaas/jobs";
import swagger from "@fastify/swagger";
import type { Queue } from "bullmq";
import Fastify, { LogController, type FastifyBaseLogger } from "fastify";
import type { Redis } from "ioredis";
import type { Logger } from "../logger";
import type { Metrics } from "../metrics";
import type { ConnectionResolver } from "@ipaas/execution";
import { RunnableFlowCache } from "./flow-cache";
import type { RateLimiter } from "../limits/rate-limiter";
import type { RunEvents } from "../run-events";
import { registerApiTrigger } from "./api-trigger";
import { registerAs2 } from "./as2";
import { ACCEPTED_CONTENT_TYPES, registerBodyParsers } from "./body-parsers";
import { readiness } from "./health";
import { registerIngress } from "./ingress";
import { Refusals } from "./refusals";
import { domainErrorStatus } from "./replies";
import { WebhookAuth } from "./webhook-auth";

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
  /** The deployment's Redis key prefix (IPAAS_QUEUE_PREFIX), for webhook replay claims. */
  prefix: string;
  /**
   * Fastify's trustProxy (RUNTIME_TRUST_PROXY): whom to believe about X-Forwarded-For.
   * Off by default, so request.ip (failed-attempt limits, audit rows) is the socket's
   * address and cannot be chosen by the sender.
   */
  trustProxy?: boolean | number | string[];
  /** Largest accepted body in bytes (RUNTIME_BODY_LIMIT_BYTES); larger gets 413. */
  bodyLimit?: number;
  /** Inbound EDI over AS2 (`/as2`): where our 997s are queued and the key ring that opens our AS2 keys. Without it no AS2 route. */
  edi?: { deliveries: Queue<EdiDeliveryJob>; keyRing: KeyRing | null };
}

/** The env schema's default, for callers (tests) that do not pass one. */
const DEFAULT_BODY_LIMIT = 5 * 1024 * 1024;

const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

const STATUS_CODES: Record<number, string> = { 413: "PAYLOAD_TOO_LARGE", 415: "UNSUPPORTED_MEDIA_TYPE" };

/**
 * The runtime's public HTTP side: webhook ingress, API trigger and a bare readiness
 * answer. Metrics and the OpenAPI document are on the internal listener (internal.ts).
 */
export async function createServer(deps: ServerDeps) {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // A log line per request would dominate the hot path; runs are logged instead.
    logController: new LogController({ disableRequestLogging: true }),
    // Everything accepted is stored and run whole (nothing is cut later), so this is the one size limit.
    bodyLimit: deps.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // A hop count as Fastify applies it (its types omit the number form).
    trustProxy: typeof deps.trustProxy === "number" ? trustHops(deps.trustProxy) : (deps.trustProxy ?? false),
  });

  registerBodyParsers(app);
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string; validation?: unknown }, req, reply) => {
    // A domain error no route answered itself gets its status from the one mapping (replies.ts).
    const status = domainErrorStatus(err) ?? (err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500);
    if (status === 413) {
      // Refused before anything was recorded: the sender learns the limit and which setting raises it.
      const limit = deps.bodyLimit ?? DEFAULT_BODY_LIMIT;
      return reply.code(413).send({ error: "PAYLOAD_TOO_LARGE", message: `The body is larger than the ingress limit of ${limit} bytes (RUNTIME_BODY_LIMIT_BYTES); nothing was recorded` });
    }
    // Log the root cause only: a failed query's message carries its parameters (order data).
    if (status === 500) req.log.error({ err: (err.cause as Error | undefined)?.message ?? err.name }, "request failed");
    if (status === 415) return reply.code(415).send({ error: STATUS_CODES[415], message: `Content-Type ${String(req.headers["content-type"] ?? "(none)")} is not accepted; send one of: ${ACCEPTED_CONTENT_TYPES.join(", ")}` });
    // 5xx makes the sender redeliver: nothing was recorded, so nothing is lost.
    return reply.code(status).send({ error: status === 500 ? "INTERNAL" : (STATUS_CODES[status] ?? "BAD_REQUEST"), message: status === 500 ? "The event was not recorded; retry the delivery" : err.message });
  });

  await app.register(swagger, {
    openapi: {
      info: { title: "Distribution iPaaS runtime", version: "1.0.0", description: "Ingress of the data plane: webhooks and API triggers into flows, run status and readiness." },
      components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key created by an admin (ipk_…)" } } },
    },
  });

  // 200 only when both stores answer: a load balancer stops routing to a replica
  // that cannot record runs, since it could not keep the "nothing lost" promise.
  // Which store failed and why is for operators (internal listener), not the internet.
  app.get("/healthz", { schema: { summary: "Readiness: ok when Postgres and Redis are reachable, else 503 unavailable" } }, async (_req, reply) => {
    const { ok } = await readiness(deps);
    return reply.code(ok ? 200 : 503).send({ status: ok ? "ok" : "unavailable" });
  });

  const flows = new RunnableFlowCache(deps.db);
  const recorder = new RunRecorder(deps.db);
  const refusals = new Refusals(deps.db, deps.rate);
  registerIngress(app, { ...deps, flows, recorder, refusals, webhookAuth: new WebhookAuth(deps) });
  registerApiTrigger(app, { ...deps, flows, recorder, refusals });
  if (deps.edi) registerAs2(app, { ...deps, ...deps.edi, refusals });
  return app;
}
