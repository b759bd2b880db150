import { z } from "zod";

/**
 * Connection health and per-connection limits as plain values and zod schemas,
 * free of any driver: the schema, the runtime's health monitor, the designer's
 * router and the browser's connection form all read them from here
 * (docs/architecture.md "Connection health").
 */

export const CONNECTION_STATUSES = ["healthy", "degraded", "offline"] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/**
 * `config.limits` of a connection: circuit breaker, shared rate limit and the
 * health re-test interval. Every field is optional; an absent one means the
 * connector's or the installation's default.
 */
export const connectionLimitsSchema = z
  .object({
    /** Shared rate limit across every worker (GCRA). */
    requestsPerSecond: z.number().positive().max(10_000).optional(),
    burst: z.number().int().min(1).max(10_000).optional(),
    /** Consecutive retryable failures that open the circuit. */
    failureThreshold: z.number().int().min(1).max(1000).optional(),
    /** How long an open circuit waits before one probe may try. */
    cooldownMs: z.number().int().min(100).max(3_600_000).optional(),
    /** How often a failing connection is tested again (the default is RUNTIME_HEALTH_RETEST_MS). */
    testIntervalSeconds: z.number().int().min(1).max(86_400).optional(),
  })
  .strict()
  .refine((l) => l.burst === undefined || l.requestsPerSecond !== undefined, { message: "burst needs requestsPerSecond", path: ["burst"] });
export type ConnectionLimits = z.infer<typeof connectionLimitsSchema>;

/** A connection's limits from its stored config; a malformed value counts as none (it was saved before validation). */
export function limitsOf(config: Record<string, unknown> | null | undefined): ConnectionLimits {
  const parsed = connectionLimitsSchema.safeParse(config?.limits ?? {});
  return parsed.success ? parsed.data : {};
}

/**
 * A test's verdict on a connection: a passing test makes it healthy; a failing one
 * degraded, or offline once `offlineAfter` tests in a row have failed, when real
 * traffic has opened its circuit as well, or when it already was offline (only a
 * passing test brings it back).
 */
export function judgeTest(
  before: { status: ConnectionStatus; consecutiveFailures: number },
  test: { ok: boolean; circuitOpen: boolean },
  offlineAfter: number,
): { status: ConnectionStatus; consecutiveFailures: number } {
  if (test.ok) return { status: "healthy", consecutiveFailures: 0 };
  const consecutiveFailures = before.consecutiveFailures + 1;
  const offline = consecutiveFailures >= offlineAfter || test.circuitOpen || before.status === "offline";
  return { status: offline ? "offline" : "degraded", consecutiveFailures };
}
