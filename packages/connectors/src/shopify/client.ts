import { StepError } from "@ipaas/flow";
import type { ActionContext } from "../sdk";

export type ShopifyContext = Pick<ActionContext, "connection" | "http" | "signal" | "log">;

export interface ShopifyCost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

interface GraphqlBody {
  data?: unknown;
  errors?: Array<{ message: string; extensions?: { code?: string } }> | string;
  extensions?: { cost?: ShopifyCost };
}

export interface UserError { field?: string[] | null; message: string; code?: string | null }

/** How often a THROTTLED answer is waited out before the step gives up (retryable, with retryAfterMs). */
/** Enough for a burst of concurrent runs sharing one bucket; beyond it the engine's retry takes over. */
const MAX_THROTTLE_WAITS = 10;
/** A single wait longer than this is left to the engine's retry instead of holding a worker. */
const MAX_THROTTLE_WAIT_MS = 30_000;

export function endpoint(config: Record<string, unknown>): string {
  const version = typeof config.apiVersion === "string" && config.apiVersion ? config.apiVersion : "2025-01";
  const base = typeof config.baseUrl === "string" && config.baseUrl ? config.baseUrl : `https://${String(config.shopDomain ?? "")}`;
  return `${base.replace(/\/+$/, "")}/admin/api/${version}/graphql.json`;
}

/** Accepts a gid or a numeric id: 123 → gid://shopify/Order/123. */
export function toGid(type: string, id: string | number): string {
  const value = String(id).trim();
  if (/^\d+$/.test(value)) return `gid://shopify/${type}/${value}`;
  if (value.startsWith(`gid://shopify/${type}/`)) return value;
  throw new StepError(`"${value}" is not a Shopify ${type} id (expected a number or gid://shopify/${type}/<number>)`, "non_retryable", "INVALID_ID", { path: "id" });
}

/** Milliseconds until the bucket holds the requested cost again: (requested − available) / restoreRate. */
export function throttleWaitMs(cost: ShopifyCost | undefined): number {
  if (!cost) return 1000;
  const { currentlyAvailable, restoreRate } = cost.throttleStatus;
  const missing = Math.max(0, cost.requestedQueryCost - currentlyAvailable);
  return Math.ceil((missing / Math.max(restoreRate, 1)) * 1000) + 50;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new StepError("Aborted while waiting for Shopify's rate limit", "retryable", "ABORTED"));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new StepError("Aborted while waiting for Shopify's rate limit", "retryable", "ABORTED"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * One Admin GraphQL call. Cost-based throttling is waited out (the bucket refills
 * at restoreRate, so the wait is computable) up to a bound; HTTP 401/403 carry
 * Shopify's own message; other GraphQL errors are non-retryable except Shopify's
 * INTERNAL_SERVER_ERROR.
 */
export async function shopifyGraphql<T>(ctx: ShopifyContext, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const url = endpoint(ctx.connection.config);
  for (let attempt = 0; ; attempt++) {
    let body: GraphqlBody;
    try {
      const res = await ctx.http({ method: "POST", url, headers: { "x-shopify-access-token": ctx.connection.secrets.accessToken ?? "" }, body: { query, variables } });
      body = (res.body ?? {}) as GraphqlBody;
    } catch (err) {
      throw explainHttpError(err);
    }
    const errors = Array.isArray(body.errors) ? body.errors : body.errors ? [{ message: body.errors }] : [];
    if (errors.length === 0) return body.data as T;
    const cost = body.extensions?.cost;
    if (errors.some((e) => e.extensions?.code === "THROTTLED")) {
      const wait = throttleWaitMs(cost);
      if (attempt < MAX_THROTTLE_WAITS && wait <= MAX_THROTTLE_WAIT_MS) {
        ctx.log?.info("Shopify throttled the query; waiting for the cost bucket to refill", { waitMs: wait, attempt: attempt + 1, throttleStatus: cost?.throttleStatus });
        // Jitter: callers throttled together would otherwise wake together and collide again.
        await sleep(wait + Math.floor(Math.random() * wait * 0.5), ctx.signal);
        continue;
      }
      throw new StepError(`Shopify throttled the query (${attempt} waits did not help)`, "retryable", "THROTTLED", { status: 200, body }, wait);
    }
    const message = `Shopify GraphQL error: ${errors.map((e) => e.message).join("; ")}`;
    const internal = errors.some((e) => e.extensions?.code === "INTERNAL_SERVER_ERROR");
    throw new StepError(message, internal ? "retryable" : "non_retryable", internal ? "INTERNAL_SERVER_ERROR" : (errors[0]?.extensions?.code ?? "GRAPHQL_ERROR"), { status: 200, body });
  }
}

/** Rewrites the HTTP client's error with Shopify's own words (the body's `errors`), keeping its class and details. */
function explainHttpError(err: unknown): unknown {
  if (!(err instanceof StepError) || err.details?.status === undefined) return err;
  const status = err.details.status;
  const shopifyMessage = (err.details.body as { errors?: unknown } | null)?.errors;
  const said = typeof shopifyMessage === "string" ? shopifyMessage : shopifyMessage ? JSON.stringify(shopifyMessage) : `HTTP ${status}`;
  const prefix = status === 401 || status === 403 ? "Shopify rejected the access token" : status === 404 ? "Shopify shop or API version not found" : "Shopify answered";
  return new StepError(`${prefix} (HTTP ${status}): ${said}`, err.errorClass, err.code, err.details, err.retryAfterMs);
}

/** userErrors mean the input was refused: retrying the same input cannot help. */
export function assertNoUserErrors(operation: string, userErrors: UserError[] | undefined | null): void {
  if (!userErrors || userErrors.length === 0) return;
  const list = userErrors.map((e) => (e.field?.length ? `${e.field.join(".")}: ${e.message}` : e.message)).join("; ");
  throw new StepError(`Shopify ${operation} refused the input: ${list}`, "non_retryable", userErrors.find((e) => e.code)?.code ?? "USER_ERROR", {
    path: userErrors[0]?.field?.join("."),
    userErrors,
  });
}

/** A connection's nodes, or [] when it is absent. */
export const nodes = <T>(conn: { nodes?: T[] } | null | undefined): T[] => conn?.nodes ?? [];
