import type { FlowDefinition, Problem } from "@ipaas/flow";
import { validate } from "@ipaas/flow";
import { describe, expect, it } from "vitest";
import { configPathOf, patchConfig, problemsAt, shortMessage, unplacedProblems } from "../src/components/node-panel/config-fields";
import { inputSampleOf } from "../src/components/node-panel/input-sample";
import { tableOf } from "../src/components/node-panel/table-view";

const definition: FlowDefinition = {
  schemaVersion: 1,
  notes: [],
  settings: { retry: { attempts: 5, backoffMs: 1000, maxDelayMs: 300_000 } },
  nodes: [
    { id: "t", type: "trigger.manual", name: "Start", position: { x: 0, y: 0 }, config: { sample: { order: 1 } } },
    { id: "m", type: "map", name: "Map", position: { x: 0, y: 0 }, config: { expression: "$", pinnedOutput: [{ sku: "A" }] } },
    { id: "f", type: "filter", name: "Filter", position: { x: 0, y: 0 }, config: { condition: "true" } },
  ],
  edges: [
    { id: "e1", source: "t", target: "m" },
    { id: "e2", source: "m", target: "f" },
  ],
};

describe("node panel: data helpers", () => {
  it("shows arrays of objects as tables with the union of keys", () => {
    expect(tableOf([{ a: 1 }, { b: 2, a: 3 }])).toEqual({ columns: ["a", "b"], rows: [{ a: 1 }, { b: 2, a: 3 }] });
    expect(tableOf({ a: 1 })).toEqual({ columns: ["a"], rows: [{ a: 1 }] });
    expect(tableOf([1, 2])).toBeUndefined();
    expect(tableOf([])).toBeUndefined();
    expect(tableOf("x")).toBeUndefined();
  });

  it("takes a node's input from its test, else the predecessor's pinned output or sample", () => {
    expect(inputSampleOf(definition, "m")).toEqual({ order: 1 });
    expect(inputSampleOf(definition, "f")).toEqual([{ sku: "A" }]);
    expect(inputSampleOf(definition, "f", { status: "succeeded", itemCount: 1, input: { x: 1 } })).toEqual({ x: 1 });
    expect(inputSampleOf(definition, "t")).toBeUndefined();
  });

  it("places problems at config fields", () => {
    const problems: Problem[] = [
      { nodeId: "m", path: "nodes.1.config.expression", code: "EXPRESSION_SYNTAX", message: 'Node "Map": expression has a syntax error' },
      { nodeId: "m", path: "nodes.1.config.cases.0.condition", code: "INVALID_CONFIG", message: "x" },
      { nodeId: "m", path: "nodes.1", code: "UNREACHABLE", message: "y" },
    ];
    expect(configPathOf(problems[1]!)).toBe("cases.0.condition");
    expect(problemsAt(problems, "expression")).toEqual([problems[0]]);
    expect(problemsAt(problems, "cases.0")).toEqual([problems[1]]);
    expect(unplacedProblems(problems, ["expression", "cases"])).toEqual([problems[2]]);
    expect(shortMessage(problems[0]!)).toBe("expression has a syntax error");
  });

  it("removes keys patched to undefined", () => {
    expect(patchConfig({ a: 1, b: 2 }, { a: undefined, c: 3 })).toEqual({ b: 2, c: 3 });
  });

  it("a pinned output is not a config problem for validate", () => {
    expect(validate(definition).filter((p) => p.nodeId === "m")).toEqual([]);
  });
});
