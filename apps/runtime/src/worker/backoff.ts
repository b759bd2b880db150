/** Exponential backoff with full jitter, capped: attempt 1 waits up to base, then 2×, 4×, … */
export function backoffDelay(attemptsMade: number, policy: { backoffMs: number; maxDelayMs: number }, random = Math.random): number {
  const exponential = policy.backoffMs * 2 ** Math.max(0, attemptsMade - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  // Full jitter spreads retries of many runs that failed together (a target outage).
  return Math.round(capped / 2 + random() * (capped / 2));
}

/** Thrown by the processor so BullMQ retries the job after `delayMs`. */
export class RetryLater extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = "RetryLater";
  }
}
