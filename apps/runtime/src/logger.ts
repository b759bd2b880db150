import pino from "pino";

/** Structured JSON logs; every run-related line carries correlationId, runId and flowId. */
export function createLogger(level: string) {
  return pino({
    level,
    base: { service: "runtime" },
    // Secret-bearing fields never reach the log, whatever object is logged.
    redact: { paths: ["*.password", "*.secret", "*.token", "*.accessToken", "*.authorization", "headers.authorization"], censor: "[redacted]" },
  });
}
export type Logger = ReturnType<typeof createLogger>;
