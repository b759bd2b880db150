import type { ConnectorRegistry, WebhookRequest } from "@ipaas/connectors";
import { schema, type Db } from "@ipaas/db";
import { dispatchRun, type RunJob } from "@ipaas/jobs";
import type { RunRecorder } from "@ipaas/db";
import type { Queue } from "bullmq";
import type { FastifyInstance } from "fastify";
import type { ConnectionResolver } from "../worker/connections";
import { correlationIdFrom } from "./correlation";
import type { RunnableFlowCache } from "./flow-cache";
import { errorBody, fail, resolveTriggeredFlow } from "./replies";

export interface IngressDeps {
  db: Db;
  queue: Queue<RunJob>;
  flows: RunnableFlowCache;
  recorder: RunRecorder;
  registry: ConnectorRegistry;
  connections: ConnectionResolver;
}

const accepted = {
  type: "object",
  properties: {
    runId: { type: "string", format: "uuid" },
    correlationId: { type: "string" },
    duplicate: { type: "boolean", description: "true when this event id was received before; no new run was created" },
  },
  required: ["runId", "correlationId", "duplicate"],
} as const;

const ignored = {
  type: "object",
  description: "The event's topic is not the one this flow's trigger runs on; nothing was recorded.",
  properties: { ignored: { type: "boolean" }, reason: { type: "string" } },
  required: ["ignored", "reason"],
} as const;


/**
 * Webhook ingress: verify, dedupe, record, enqueue — and only then answer 2xx,
 * so an acknowledged event is never lost and a redelivered one is never run twice.
 */
export function registerIngress(app: FastifyInstance, deps: IngressDeps) {
  app.post<{ Params: { flowId: string } }>(
    "/v1/hooks/:flowId",
    {
      schema: {
        summary: "Deliver an event to a flow's webhook trigger",
        description:
          "Records a run for the flow's published version and queues it. Answers 202 once the run is durably recorded. " +
          "Send the source's event id as X-Event-Id (or Idempotency-Key): a repeated id returns the first run and creates nothing. " +
          "X-Correlation-Id (or a W3C traceparent) is kept as the run's correlation id.",
        params: { type: "object", properties: { flowId: { type: "string", format: "uuid" } }, required: ["flowId"] },
        headers: {
          type: "object",
          properties: {
            "x-event-id": { type: "string" },
            "idempotency-key": { type: "string" },
            "x-correlation-id": { type: "string" },
            "x-signature-256": { type: "string", description: "sha256=<hex HMAC-SHA256 of the raw body> when the trigger uses a signing connection" },
          },
        },
        response: { 200: ignored, 202: accepted, 400: errorBody, 401: errorBody, 404: errorBody, 409: errorBody, 413: errorBody },
      },
    },
    async (req, reply) => {
      const resolved = await resolveTriggeredFlow(deps.flows, req.params.flowId, "trigger.webhook", reply);
      if (!resolved) return reply;
      const { runnable, trigger } = resolved;

      const webhook: WebhookRequest = { headers: req.headers, rawBody: (req as { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0), body: req.body };
      const ref = { connectionId: trigger.config.connectionId as string | undefined, connectionName: trigger.config.connectionName as string | undefined };
      let eventId: string | undefined;
      if (ref.connectionId || ref.connectionName) {
        const connection = await deps.connections.resolve(ref, runnable.environment);
        const connector = deps.registry.get(connection.connectorId);
        if (!connector?.webhook?.verify(webhook, connection)) {
          // Recorded for the audit trail, never run.
          await deps.db.insert(schema.auditLog).values({
            action: "webhook.rejected",
            targetType: "flow",
            targetId: runnable.flowId,
            ip: req.ip,
            summary: { reason: "invalid signature", connection: connection.name, bytes: webhook.rawBody.length },
          });
          return fail(reply, 401, "INVALID_SIGNATURE", "The webhook signature does not match the connection's secret");
        }
        eventId = connector.webhook.eventId?.(webhook);
        // A subscription that also sends other topics (orders/updated to an orders/create
        // flow): acknowledged so the source stops redelivering, but not run.
        const topic = connector.webhook.topic?.(webhook);
        const wanted = typeof trigger.config.event === "string" ? trigger.config.event : undefined;
        if (wanted && topic && topic !== wanted) {
          return reply.code(200).send({ ignored: true, reason: `This flow runs on "${wanted}", not "${topic}"` });
        }
      }
      eventId ??= [req.headers["x-event-id"], req.headers["idempotency-key"]].find((v): v is string => typeof v === "string" && v !== "");

      const result = await dispatchRun(
        { db: deps.db, queue: deps.queue, recorder: deps.recorder },
        { flowId: runnable.flowId, runnable, triggerType: "trigger.webhook", payload: req.body ?? null, triggerEventId: eventId ?? null, correlationId: correlationIdFrom(req.headers) },
      );
      return reply.code(202).header("x-correlation-id", result.correlationId).send({ runId: result.runId, correlationId: result.correlationId, duplicate: result.duplicate });
    },
  );
}
