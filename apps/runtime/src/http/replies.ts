import { BadRequestError, ConflictError, NotFoundError } from "@ipaas/db";
import { isTriggerType, type FlowNode, type NodeType } from "@ipaas/flow";
import type { RunnableFlow } from "@ipaas/jobs";
import type { FastifyReply } from "fastify";
import type { RunnableFlowCache } from "./flow-cache";

/** Every 4xx of the ingress: a stable code and a message naming what is wrong. */
export const errorBody = { type: "object", properties: { error: { type: "string" }, message: { type: "string" } }, required: ["error", "message"] } as const;

export function fail(reply: FastifyReply, status: number, error: string, message: string) {
  return reply.code(status).send({ error, message });
}

/**
 * The runtime's one mapping of packages/db's domain errors to HTTP statuses
 * (docs/architecture.md "Errors and transports"); null for any other error.
 * InvalidInputError is a BadRequestError.
 */
export function domainErrorStatus(err: unknown): 400 | 404 | 409 | null {
  if (err instanceof NotFoundError) return 404;
  if (err instanceof ConflictError) return 409;
  if (err instanceof BadRequestError) return 400;
  return null;
}

/**
 * The flow a request is for, when it exists, is published, enabled and started by
 * `triggerType`; otherwise the 404/409 has been sent and the result is null.
 */
export async function resolveTriggeredFlow(
  flows: RunnableFlowCache,
  flowId: string,
  triggerType: NodeType,
  reply: FastifyReply,
): Promise<{ runnable: RunnableFlow; trigger: FlowNode } | null> {
  let runnable: RunnableFlow;
  try {
    runnable = await flows.get(flowId);
  } catch (err) {
    const status = domainErrorStatus(err);
    if (status !== 404 && status !== 409) throw err;
    await fail(reply, status, status === 404 ? "FLOW_NOT_FOUND" : "FLOW_NOT_RUNNABLE", (err as Error).message);
    return null;
  }
  const trigger = runnable.definition.nodes.find((n) => isTriggerType(n.type));
  if (trigger?.type !== triggerType) {
    await fail(reply, 404, "WRONG_TRIGGER", `This flow is not started by ${triggerType}`);
    return null;
  }
  return { runnable, trigger };
}

/** Longer ids would not fit the runs' (flow, event id) unique index; control characters not a text column. */
const MAX_EVENT_ID = 256;
const hasControl = (id: string) => [...id].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/**
 * A sender's event id (X-Event-Id, Idempotency-Key or the connector's), or undefined
 * when none was sent. Null (and 400 sent) when it is one the database cannot key on.
 */
export async function checkedEventId(id: string | undefined, header: string, reply: FastifyReply): Promise<string | undefined | null> {
  if (id === undefined || id === "") return undefined;
  if (id.length <= MAX_EVENT_ID && !hasControl(id)) return id;
  await fail(reply, 400, "INVALID_EVENT_ID", `${header} must be 1 to 256 characters without control characters`);
  return null;
}
