import { StepError } from "@ipaas/flow";

/**
 * Why sending an AS2 message failed. `transport` (no answer) and `http_status` with a
 * 408/429/5xx are retryable; the rest are not: the partner answered, and sending the
 * same message again would be answered the same way.
 */
export type As2ErrorCode = "transport" | "http_status" | "mdn_failed" | "mdn_signature" | "mic_mismatch" | "config";

/** A failed AS2 send; a StepError, so the engine retries it by its class. Messages never hold key material or secret headers. */
export class As2Error extends StepError {
  declare readonly code: As2ErrorCode;

  constructor(code: As2ErrorCode, message: string, options: { retryable?: boolean; details?: Record<string, unknown>; retryAfterMs?: number } = {}) {
    super(message, options.retryable ? "retryable" : "non_retryable", code, options.details, options.retryAfterMs);
    this.name = "As2Error";
  }
}
