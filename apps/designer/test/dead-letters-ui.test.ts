import { describe, expect, it } from "vitest";
import { summaryText } from "../src/components/dead-letters/bulk-summary";
import { filterFromSearch, searchWith, uuidParam } from "../src/components/dead-letters/filters";
import { orderLikeSchema } from "../src/components/dead-letters/schema-order";

// The workbench's pure helpers; the e2e story checks that the page wires them up.

const FLOW = "0b7c6a56-3f43-4c55-9a4e-0d1c3f0e9a11";

describe("workbench URL", () => {
  it("reads the filters, dropping values the API would refuse", () => {
    expect(filterFromSearch(new URLSearchParams(`flow=${FLOW}&errorClass=non_retryable&q=%231001&assignee=me&letter=x`))).toEqual({ flowId: FLOW, errorClass: "non_retryable", search: "#1001", assignee: "me" });
    expect(filterFromSearch(new URLSearchParams("flow=not-a-uuid&assignee=bob&q=%20%20"))).toEqual({});
  });

  it("replaces the filter and keeps (or clears) the open letter and bulk operation", () => {
    const current = new URLSearchParams(`flow=${FLOW}&q=1001&letter=${FLOW}`);
    expect(searchWith(current, { filter: { errorClass: "retryable" } })).toBe(`?letter=${FLOW}&errorClass=retryable`);
    expect(searchWith(current, { letter: null })).toBe(`?flow=${FLOW}&q=1001`);
    expect(searchWith(new URLSearchParams(), { bulk: FLOW })).toBe(`?bulk=${FLOW}`);
    expect(searchWith(new URLSearchParams("letter=1"), { letter: null })).toBe("");
    expect(uuidParam(current, "letter")).toBe(FLOW);
    expect(uuidParam(new URLSearchParams("letter=1"), "letter")).toBeNull();
  });
});

describe("kept input in the schema's key order", () => {
  const schema = {
    type: "object",
    properties: {
      externalId: { type: "string" },
      record: { type: "object", additionalProperties: {} },
      lines: { anyOf: [{ type: "array", items: { type: "object", properties: { sku: {}, qty: {} } } }, { type: "null" }] },
    },
  };

  it("puts declared keys first, in declaration order, at every depth; unknown keys keep their place after", () => {
    // jsonb hands keys back sorted by length: "lines", "extra", "record", "externalId".
    const stored = { lines: [{ qty: 2, sku: "A" }], extra: true, record: { b: 1, a: 2 }, externalId: "ops-1" };
    const ordered = orderLikeSchema(stored, schema);
    expect(JSON.stringify(ordered)).toBe('{"externalId":"ops-1","record":{"b":1,"a":2},"lines":[{"sku":"A","qty":2}],"extra":true}');
  });

  it("leaves values without a schema (or scalars) as they are", () => {
    expect(orderLikeSchema({ b: 1, a: 2 }, null)).toEqual({ b: 1, a: 2 });
    expect(JSON.stringify(orderLikeSchema({ b: 1, a: 2 }, null))).toBe('{"b":1,"a":2}');
    expect(orderLikeSchema("text", schema)).toBe("text");
    expect(orderLikeSchema(null, schema)).toBeNull();
  });
});

describe("bulk summary line", () => {
  it("says what happened to the letters and, for retries, to their runs", () => {
    expect(summaryText({ operation: { kind: "retry", succeeded: 100, failed: 0 }, runs: { succeeded: 97, failedAgain: 3, inProgress: 0, other: 0 } })).toBe(
      "100 resubmitted · 0 failed to resubmit · 97 succeeded · 3 failed again · 0 in progress",
    );
    expect(summaryText({ operation: { kind: "discard", succeeded: 4, failed: 1 }, runs: null })).toBe("4 discarded · 1 failed to discard");
  });
});
