/**
 * Every failure is classified (DESIGN.md "Run semantics" 3): retryable errors are
 * retried with backoff; everything else goes straight to a dead letter.
 */
export type ErrorClass = "retryable" | "non_retryable";

export class StepError extends Error {
  constructor(
    message: string,
    readonly errorClass: ErrorClass,
    readonly code: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "StepError";
  }

  toJSON() {
    return { message: this.message, class: this.errorClass, code: this.code, ...(this.details ? { details: this.details } : {}) };
  }
}

export function classify(err: unknown): StepError {
  if (err instanceof StepError) return err;
  if (err instanceof Error && err.name === "MappingError") {
    const e = err as Error & { code?: string; position?: number };
    return new StepError(e.message, "non_retryable", e.code ?? "MAPPING_ERROR", e.position !== undefined ? { position: e.position } : undefined);
  }
  // Unknown errors are assumed transient: a retry is cheaper than a lost order,
  // and attempts are bounded by the retry policy before the dead letter.
  return new StepError(err instanceof Error ? err.message : String(err), "retryable", "UNKNOWN");
}
