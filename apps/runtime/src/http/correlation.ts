import { randomUUID } from "node:crypto";

type Headers = Record<string, string | string[] | undefined>;

const SAFE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The run's correlation id: the caller's X-Correlation-Id, else the trace id of a
 * W3C traceparent, else a new one (docs/architecture.md "Ingress"). Anything that is not a
 * plain token is ignored, so it is safe to log and to pass on.
 */
export function correlationIdFrom(headers: Headers): string {
  const given = headers["x-correlation-id"];
  if (typeof given === "string" && SAFE.test(given)) return given;
  const traceparent = headers["traceparent"];
  if (typeof traceparent === "string") {
    const traceId = traceparent.split("-")[1];
    if (traceId && /^[0-9a-f]{32}$/.test(traceId) && !/^0+$/.test(traceId)) return traceId;
  }
  return randomUUID();
}
