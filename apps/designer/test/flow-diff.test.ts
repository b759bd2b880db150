import { demoFlowDefinition } from "@ipaas/flow";
import { describe, expect, it } from "vitest";
import { diffFlows } from "../src/server/services/flow-diff";

const base = structuredClone(demoFlowDefinition);

describe("diffFlows", () => {
  it("finds no change between equal definitions, and ignores moved cards", () => {
    const moved = structuredClone(base);
    moved.nodes[1]!.position = { x: 999, y: 999 };
    expect(diffFlows(base, moved)).toEqual({ nodes: { added: [], removed: [], changed: [] }, edges: { added: [], removed: [] }, settings: [] });
  });

  it("lists added and removed nodes and edges (edges by what they connect, not their id)", () => {
    const next = structuredClone(base);
    next.nodes.push({ id: "f", type: "filter" as never, name: "Only big", position: { x: 0, y: 0 }, config: { condition: "lineCount > 1" } as never });
    next.edges = [{ id: "renamed", source: "trigger", target: "map" }, { id: "e2", source: "map", target: "f" }];
    const diff = diffFlows(base, next);
    expect(diff.nodes.added).toEqual([{ id: "f", name: "Only big", type: "filter" }]);
    expect(diff.edges).toEqual({ added: [{ id: "e2", source: "map", target: "f" }], removed: [] });
    expect(diffFlows(next, base).nodes.removed).toEqual([{ id: "f", name: "Only big", type: "filter" }]);
  });

  it("reports changed config paths with before/after and marks expressions", () => {
    const next = structuredClone(base);
    next.nodes[1]!.config = { expression: "{ 'x': 1 }" };
    next.nodes[1]!.name = "Renamed";
    (next.nodes[0]!.config as Record<string, unknown>) = { sample: { name: "#9" } };
    next.settings.retry.attempts = 7;
    const diff = diffFlows(base, next);
    const map = diff.nodes.changed.find((n) => n.id === "map")!;
    expect(map.changes).toEqual(
      expect.arrayContaining([
        { path: "name", before: "To sales order", after: "Renamed", expression: false },
        { path: "config.expression", before: base.nodes[1]!.config.expression, after: "{ 'x': 1 }", expression: true },
      ]),
    );
    // A sample payload is one value, not one change per leaf.
    expect(diff.nodes.changed.find((n) => n.id === "trigger")!.changes).toEqual([{ path: "config.sample", before: base.nodes[0]!.config.sample, after: { name: "#9" }, expression: false }]);
    expect(diff.settings).toEqual([{ path: "retry.attempts", before: 3, after: 7, expression: false }]);
  });

  it("marks a branch case's condition as an expression", () => {
    const branch = (cond: string) => ({ ...base, nodes: [{ id: "b", type: "branch", name: "B", position: { x: 0, y: 0 }, config: { cases: [{ id: "a", condition: cond }] } }] });
    const diff = diffFlows(branch("x > 1"), branch("x > 2"));
    expect(diff.nodes.changed[0]!.changes).toEqual([{ path: "config.cases.0.condition", before: "x > 1", after: "x > 2", expression: true }]);
  });
});
