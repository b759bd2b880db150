import { evaluateExpression, MappingError } from "@ipaas/mapping-engine";
import { describe, expect, it } from "vitest";
import { classify } from "../src/errors";

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
