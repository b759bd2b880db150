import type { WebhookRequest } from "@ipaas/connectors";
import { configOf, webhookVerification } from "@ipaas/flow";
import type { Db } from "@ipaas/db";
import { dispatchRun, type RunJob } from "@ipaas/jobs";
import type { RunRecorder } from "@ipaas/db";
import type { Queue } from "bullmq";
import type { FastifyInstance } from "fastify";
import { rawBodyOf } from "./body-parsers";
import { correlationIdFrom } from "./correlation";
import type { RunnableFlowCache } from "./flow-cache";
import type { Refusals } from "./refusals";
import { checkedEventId, errorBody, resolveTriggeredFlow } from "./replies";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, type WebhookAuth } from "./webhook-auth";

export interface IngressDeps {
  db: Db;
  queue: Queue<RunJob>;
  flows: RunnableFlowCache;
  recorder: RunRecorder;
  webhookAuth: WebhookAuth;
  refusals: Refusals;
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
          "X-Correlation-Id (or a W3C traceparent) is kept as the run's correlation id. " +
          "Deliveries are verified as the trigger names: its connection's signature, an HMAC over timestamp.body (X-Webhook-Timestamp, X-Webhook-Signature), or not at all for a trigger marked public. " +
          "Failed attempts are limited per source address (429 with Retry-After).",
        params: { type: "object", properties: { flowId: { type: "string", format: "uuid" } }, required: ["flowId"] },
        headers: {
          type: "object",
          properties: {
            "x-event-id": { type: "string" },
            "idempotency-key": { type: "string" },
            "x-correlation-id": { type: "string" },
            "x-signature-256": { type: "string", description: "sha256=<hex HMAC-SHA256 of the raw body> when the trigger verifies with an HTTP connection's signature" },
            [TIMESTAMP_HEADER]: { type: "string", description: "Unix seconds, within 5 minutes of the server's clock, when the trigger verifies with hmac-timestamp" },
            [SIGNATURE_HEADER]: { type: "string", description: 'sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>"> with the connection\'s webhookSecret, when the trigger verifies with hmac-timestamp; each signature is accepted once' },
          },
        },
        response: { 200: ignored, 202: accepted, 400: errorBody, 401: errorBody, 404: errorBody, 409: errorBody, 413: errorBody, 415: errorBody, 429: errorBody },
      },
    },
    async (req, reply) => {
      const resolved = await resolveTriggeredFlow(deps.flows, req.params.flowId, "trigger.webhook", reply);
      if (!resolved) return reply;
      const { runnable, trigger } = resolved;
      const target = { action: "webhook.rejected", targetType: "flow", targetId: runnable.flowId };
      const config = configOf(trigger, "trigger.webhook");
      const isPublic = webhookVerification(config) === "public";
      // A source that keeps failing is stopped before any secret is compared again.
      if (!isPublic && !(await deps.refusals.admit(req, reply, target))) return reply;

      const webhook: WebhookRequest = { headers: req.headers, rawBody: rawBodyOf(req), body: req.body };
      const verdict = await deps.webhookAuth.verify(runnable, trigger, webhook);
      // Refused deliveries are audited (aggregated) and never run.
      if (!verdict.ok) return deps.refusals.refuse(req, reply, target, verdict);
      // A subscription that also sends other topics (orders/updated to an orders/create
      // flow): acknowledged so the source stops redelivering, but not run.
      const wanted = config.event;
      if (wanted && verdict.topic && verdict.topic !== wanted) {
        await deps.webhookAuth.release(verdict);
        return reply.code(200).send({ ignored: true, reason: `This flow runs on "${wanted}", not "${verdict.topic}"` });
      }
      const header = [req.headers["x-event-id"], req.headers["idempotency-key"]].find((v): v is string => typeof v === "string" && v !== "");
      const eventId = await checkedEventId(verdict.eventId ?? header, "The event id (X-Event-Id)", reply);
      if (eventId === null) {
        await deps.webhookAuth.release(verdict);
        return reply;
      }

      try {
        const result = await dispatchRun(
          { db: deps.db, queue: deps.queue, recorder: deps.recorder },
          { flowId: runnable.flowId, runnable, triggerType: "trigger.webhook", payload: req.body ?? null, triggerEventId: eventId ?? null, correlationId: correlationIdFrom(req.headers) },
        );
        return reply.code(202).header("x-correlation-id", result.correlationId).send({ runId: result.runId, correlationId: result.correlationId, duplicate: result.duplicate });
      } catch (err) {
        // Not recorded: the sender's redelivery of these very bytes must not count as a replay.
        await deps.webhookAuth.release(verdict);
        throw err;
      }
    },
  );
}
