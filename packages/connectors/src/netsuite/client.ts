import { StepError } from "@ipaas/flow";
import type { HttpResponse } from "../http-client";
import type { ActionContext } from "../sdk";
import { authorizationHeader, baseUrlOf, credentialsOf, queryString } from "./auth";

/** One entry of NetSuite's `o:errorDetails`. */
export interface NetSuiteErrorDetail {
  detail?: string;
  "o:errorCode"?: string;
  "o:errorPath"?: string;
  "o:errorQueryParam"?: string;
  "o:errorHeader"?: string;
}

type Ctx = Pick<ActionContext, "connection" | "http">;

export interface NsRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path under the account's base URL, e.g. "/services/rest/record/v1/customer/eid:C-1". */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Sends one signed request; failures come back as StepErrors that say what NetSuite said. */
export async function nsRequest(ctx: Ctx, req: NsRequest): Promise<HttpResponse> {
  const url = `${baseUrlOf(ctx.connection.config)}${req.path}${queryString(req.query ?? {})}`;
  const authorization = authorizationHeader(credentialsOf(ctx.connection), { method: req.method, url });
  try {
    return await ctx.http({ method: req.method, url, body: req.body, headers: { ...req.headers, authorization } });
  } catch (err) {
    throw err instanceof StepError ? netSuiteError(err, `${req.method} ${req.path}`) : err;
  }
}

export function errorDetails(body: unknown): NetSuiteErrorDetail[] {
  if (!body || typeof body !== "object") return [];
  const list = (body as Record<string, unknown>)["o:errorDetails"];
  return Array.isArray(list) ? list.filter((d): d is NetSuiteErrorDetail => !!d && typeof d === "object") : [];
}

/**
 * Re-reads the HTTP client's error with NetSuite's body: the message names the
 * field (o:errorPath) and detail; concurrency governance is retryable whatever its
 * status; validation and login errors are not. Status and body stay in details.
 */
export function netSuiteError(err: StepError, operation: string): StepError {
  const status = err.details?.status;
  if (status === undefined) return err;
  const details = errorDetails(err.details?.body);
  const first = details[0];
  const code = first?.["o:errorCode"] ?? (status === 429 ? "CONCURRENCY_LIMIT_EXCEEDED" : `HTTP_${status}`);
  const where = first?.["o:errorPath"] ?? first?.["o:errorQueryParam"];
  const text = details.map((d) => (d["o:errorPath"] ? `${d["o:errorPath"]}: ${d.detail ?? ""}` : (d.detail ?? ""))).join("; ");
  const message = `NetSuite ${operation} failed (HTTP ${status} ${code})${text ? `: ${text}` : ""}`;
  const keep = { ...err.details, ...(where ? { path: where } : {}) };
  const concurrency = status === 429 || details.some((d) => /CONCURRENCY|REQUEST_LIMIT/.test(d["o:errorCode"] ?? ""));
  if (concurrency || status >= 500 || status === 408) {
    return new StepError(message, "retryable", concurrency ? "CONCURRENCY_LIMIT_EXCEEDED" : code, keep, err.retryAfterMs);
  }
  return new StepError(message, "non_retryable", code, keep);
}

/** The internal id at the end of a Location header (…/record/v1/salesOrder/4711). */
export function idFromLocation(res: HttpResponse): string {
  const location = res.headers.get("location") ?? "";
  const id = /\/([^/?]+)\/?(?:\?.*)?$/.exec(location)?.[1];
  if (!id) throw new StepError("NetSuite answered without a Location header naming the record", "non_retryable", "NO_LOCATION", { status: res.status });
  return decodeURIComponent(id);
}

/** True when the error is NetSuite's "record not found" for a GET. */
export function isNotFound(err: unknown): boolean {
  return err instanceof StepError && err.details?.status === 404;
}

export const recordPath = (type: string, key: { id?: string; externalId?: string }) => {
  const ref = key.id !== undefined ? encodeURIComponent(key.id) : `eid:${encodeURIComponent(key.externalId ?? "")}`;
  return `/services/rest/record/v1/${type}/${ref}`;
};
