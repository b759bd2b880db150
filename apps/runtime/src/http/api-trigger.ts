import { getRunWithSteps, keyAllowsFlow, verifyApiKey, type ApiKeyRow, type Db } from "@ipaas/db";
import { dispatchRun, type RunJob } from "@ipaas/jobs";
import type { RunRecorder } from "@ipaas/db";
import type { Queue } from "bullmq";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RateLimiter } from "../limits/rate-limiter";
import type { Refusals, RefusalTarget } from "./refusals";
import type { RunEvents } from "../run-events";
import { correlationIdFrom } from "./correlation";
import type { RunnableFlowCache } from "./flow-cache";
import { checkedEventId, errorBody, fail, resolveTriggeredFlow } from "./replies";

export interface ApiTriggerDeps {
  db: Db;
  queue: Queue<RunJob>;
  flows: RunnableFlowCache;
  recorder: RunRecorder;
  events: RunEvents;
  rate: RateLimiter;
  refusals: Refusals;
}

/**
 * Refused keys are aggregated per address, not per flow or run id: those come from the
 * URL, before anything is checked, and varying them must not buy a new audit row.
 */
const API_KEY_REFUSAL: RefusalTarget = { action: "api_key.rejected", targetType: "api", targetId: null };

const FINISHED = ["succeeded", "dead", "skipped", "discarded"];
const DEFAULT_WAIT_MS = 30_000;


/**
 * Bearer or X-Api-Key; 401 without a valid key (429 once the source address has failed
 * too often, see refusals.ts), 429 (with Retry-After) over the key's rate.
 */
async function authenticate(deps: ApiTriggerDeps, req: FastifyRequest, reply: FastifyReply, target: RefusalTarget): Promise<ApiKeyRow | null> {
  if (!(await deps.refusals.admit(req, reply, target))) return null;
  const header = req.headers.authorization;
  const key = header?.startsWith("Bearer ") ? header.slice(7) : (req.headers["x-api-key"] as string | undefined);
  const row = key ? await verifyApiKey(deps.db, key) : null;
  if (!row) {
    await deps.refusals.refuse(req, reply, target, { error: "UNAUTHORIZED", message: "A valid API key is required (Authorization: Bearer <key>)", reason: key ? "unknown or revoked API key" : "no API key" });
    return null;
  }
  const wait = await deps.rate.acquire(`apikey:${row.id}`, { requestsPerSecond: row.rateLimitPerMinute / 60, burst: Math.max(1, Math.ceil(row.rateLimitPerMinute / 6)) });
  if (wait > 0) {
    await reply.header("retry-after", String(Math.ceil(wait / 1000))).code(429).send({ error: "RATE_LIMITED", message: `API key ${row.prefix} is over its limit of ${row.rateLimitPerMinute} requests per minute` });
    return null;
  }
  return row;
}

type RunRow = NonNullable<Awaited<ReturnType<typeof getRunWithSteps>>>["run"];

/** The run as API callers see it. */
function viewOf(run: RunRow) {
  return { runId: run.id, status: run.status, correlationId: run.correlationId, businessKey: run.businessKey, output: run.output, error: run.error };
}

async function runView(db: Db, runId: string) {
  const found = await getRunWithSteps(db, runId);
  return found ? viewOf(found.run) : null;
}

/**
 * Synchronous API trigger: POST /v1/flows/:flowId/invoke runs the flow and answers
 * with its `respond` node (status, headers, body) when it finishes within the wait
 * window; otherwise 202 with the run id to poll at GET /v1/runs/:runId.
 */
export function registerApiTrigger(app: FastifyInstance, deps: ApiTriggerDeps) {
  app.post<{ Params: { flowId: string }; Querystring: { waitMs?: number } }>(
    "/v1/flows/:flowId/invoke",
    {
      schema: {
        summary: "Run a flow with an API trigger and wait for its response",
        params: { type: "object", properties: { flowId: { type: "string", format: "uuid" } }, required: ["flowId"] },
        querystring: { type: "object", properties: { waitMs: { type: "integer", minimum: 0, maximum: 120000 } } },
        response: { 202: { type: "object", additionalProperties: true }, 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody, 413: errorBody, 415: errorBody, 429: errorBody },
      },
    },
    async (req, reply) => {
      const key = await authenticate(deps, req, reply, API_KEY_REFUSAL);
      if (!key) return reply;
      if (!keyAllowsFlow(key, req.params.flowId)) return fail(reply, 403, "FORBIDDEN", `API key ${key.prefix} may not invoke this flow`);
      const resolved = await resolveTriggeredFlow(deps.flows, req.params.flowId, "trigger.api", reply);
      if (!resolved) return reply;
      const { runnable } = resolved;
      const header = req.headers["idempotency-key"];
      const eventId = await checkedEventId(typeof header === "string" ? header : undefined, "Idempotency-Key", reply);
      if (eventId === null) return reply;
      const { runId, correlationId } = await dispatchRun(
        { db: deps.db, queue: deps.queue, recorder: deps.recorder },
        { flowId: runnable.flowId, runnable, triggerType: "trigger.api", payload: req.body ?? null, triggerEventId: eventId ?? null, correlationId: correlationIdFrom(req.headers) },
      );
      reply.header("x-correlation-id", correlationId).header("x-run-id", runId);
      const finished = await deps.events.waitFor(runId, req.query.waitMs ?? DEFAULT_WAIT_MS, async () => FINISHED.includes((await runView(deps.db, runId))?.status ?? ""));
      const view = await runView(deps.db, runId);
      if (!finished || !view) return reply.code(202).header("location", `/v1/runs/${runId}`).send({ runId, correlationId, status: view?.status ?? "queued" });
      if (view.status !== "succeeded") return reply.code(502).send({ error: "RUN_FAILED", message: `The flow did not succeed (${view.status})`, runId, error_detail: view.error });
      const response = view.output as { status?: number; headers?: Record<string, string>; body?: unknown } | null;
      const isRespond = response !== null && typeof response === "object" && "body" in response && "status" in response;
      if (!isRespond) return reply.code(200).send(view.output ?? null);
      return reply
        .code(response.status ?? 200)
        .headers(response.headers ?? {})
        .send(response.body ?? null);
    },
  );

  app.get<{ Params: { runId: string } }>(
    "/v1/runs/:runId",
    {
      schema: {
        summary: "A run's status and output",
        params: { type: "object", properties: { runId: { type: "string", format: "uuid" } }, required: ["runId"] },
        response: { 401: errorBody, 404: errorBody },
      },
    },
    async (req, reply) => {
      const key = await authenticate(deps, req, reply, API_KEY_REFUSAL);
      if (!key) return reply;
      const found = await getRunWithSteps(deps.db, req.params.runId);
      if (!found || !keyAllowsFlow(key, found.run.flowId)) return fail(reply, 404, "RUN_NOT_FOUND", "No such run for this key");
      return reply.send(viewOf(found.run));
    },
  );
}
