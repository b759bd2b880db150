/**
 * Every failure is classified (docs/architecture.md "Run semantics"): retryable errors are
 * retried with backoff; everything else goes straight to a dead letter.
 */
export type ErrorClass = "retryable" | "non_retryable";

export interface StepErrorDetails extends Record<string, unknown> {
  /** The target's HTTP status and response body, kept for the dead-letter console. */
  status?: number;
  body?: unknown;
  /** Field path of a validation error. */
  path?: string;
  position?: number;
}

export class StepError extends Error {
  constructor(
    message: string,
    readonly errorClass: ErrorClass,
    readonly code: string,
    readonly details?: StepErrorDetails,
    /** The target asked us to wait this long (Retry-After); the backoff never goes below it. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "StepError";
  }

  toJSON() {
    return {
      message: this.message,
      class: this.errorClass,
      code: this.code,
      ...(this.details ? { details: this.details } : {}),
      ...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}),
    };
  }
}

/**
 * Not a failure: the step cannot run yet (its connection's circuit is open, or a
 * rate limit needs a pause). The item waits `delayMs` without using an attempt.
 */
export class DeferStep extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = "DeferStep";
  }
}

/**
 * What kind of transient failure a retryable error is, so a flow can choose which
 * ones it retries (`settings.retry.retryOn`, docs/architecture.md "Failures, retries
 * and dead letters"): a target whose 5xx means "do not repeat" can dead-letter at
 * once while rate limits and network blips are still retried.
 */
export const RETRY_CATEGORIES = ["network", "timeout", "rate_limited", "server_error", "other"] as const;
export type RetryCategory = (typeof RETRY_CATEGORIES)[number];

const RATE_LIMIT_CODES = new Set(["RATE_LIMITED", "THROTTLED", "CONCURRENCY_LIMIT_EXCEEDED"]);
const TIMEOUT_CODES = new Set(["TIMEOUT", "MAPPING_TIMEOUT"]);
const NETWORK_CODES = new Set(["NETWORK_ERROR", "ABORTED"]);

export function retryCategoryOf(error: StepError): RetryCategory {
  const status = error.details?.status;
  if (RATE_LIMIT_CODES.has(error.code) || status === 429) return "rate_limited";
  if (TIMEOUT_CODES.has(error.code) || status === 408) return "timeout";
  if (NETWORK_CODES.has(error.code)) return "network";
  if ((typeof status === "number" && status >= 500) || /^HTTP_5\d\d$/.test(error.code) || error.code === "INTERNAL_SERVER_ERROR") return "server_error";
  return "other";
}

/** Whether a failed attempt is tried again: retryable, of a category the policy retries (all when it names none). */
export function shouldRetry(error: StepError, retryOn: readonly RetryCategory[] | undefined): boolean {
  return error.errorClass === "retryable" && (retryOn === undefined || retryOn.includes(retryCategoryOf(error)));
}

export function classify(err: unknown): StepError {
  if (err instanceof StepError) return err;
  if (err instanceof Error && err.name === "MappingError") {
    const e = err as Error & { code?: string; position?: number };
    // The time limit is wall clock: on a saturated machine (every evaluation on one
    // event loop shares it) a sound mapping can overrun it, and dead-lettering a good
    // order for that would be a loss. A retry later settles it; a real runaway fails
    // every attempt and reaches the dead letter after the policy's attempts.
    const errorClass = e.code === "MAPPING_TIMEOUT" ? "retryable" : "non_retryable";
    return new StepError(e.message, errorClass, e.code ?? "MAPPING_ERROR", e.position !== undefined ? { position: e.position } : undefined);
  }
  // Unknown errors are assumed transient: a retry is cheaper than a lost order,
  // and attempts are bounded by the retry policy before the dead letter.
  return new StepError(err instanceof Error ? err.message : String(err), "retryable", "UNKNOWN");
}
