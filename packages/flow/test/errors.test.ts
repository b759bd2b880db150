import { evaluateExpression, MappingError } from "@ipaas/mapping-engine";
import { describe, expect, it } from "vitest";
import { classify, retryCategoryOf, StepError } from "../src/errors";

describe("classify", () => {
  it("retries a mapping that ran out of (wall-clock) time: a busy machine must not dead-letter a sound order", async () => {
    const timedOut = await evaluateExpression("($f := function($x){ $f($x) + 1 }; $f(1))", {}, { timeoutMs: 50, maxDepth: 1e9 }).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(MappingError);
    const step = classify(timedOut);
    expect(step.code).toBe("MAPPING_TIMEOUT");
    expect(step.errorClass).toBe("retryable");
  });

  it("dead-letters every other mapping error at once: retrying cannot fix the expression or the data", () => {
    for (const code of ["MAPPING_DEPTH", "MAPPING_SEQUENCE_LIMIT", "MAPPING_STRING_LIMIT", "T2001"]) {
      expect(classify(new MappingError("bad", code)).errorClass).toBe("non_retryable");
    }
  });
});

describe("retryCategoryOf", () => {
  it("names the kind of transient failure from the code or the target's status", () => {
    const category = (code: string, status?: number) => retryCategoryOf(new StepError("x", "retryable", code, status === undefined ? undefined : { status }));
    expect(category("RATE_LIMITED", 429)).toBe("rate_limited");
    expect(category("CONCURRENCY_LIMIT_EXCEEDED")).toBe("rate_limited");
    expect(category("TIMEOUT")).toBe("timeout");
    expect(category("MAPPING_TIMEOUT")).toBe("timeout");
    expect(category("NETWORK_ERROR")).toBe("network");
    expect(category("HTTP_502", 502)).toBe("server_error");
    expect(category("UNKNOWN")).toBe("other");
  });
});
