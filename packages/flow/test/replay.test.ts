import { describe, expect, it } from "vitest";
import { parseFlowDefinition, replayState, StepError, type FlowDefinition, type RunState } from "../src";

/** docs/architecture.md "Run semantics": where a replay on another version re-enters a run. */

const flow = (nodes: Array<{ id: string; type: string; name: string; config?: Record<string, unknown> }>, edges: Array<[string, string]>): FlowDefinition =>
  parseFlowDefinition({
    schemaVersion: 1,
    nodes: nodes.map((n) => ({ config: {}, ...n })),
    edges: edges.map(([source, target], i) => ({ id: `e${i}`, source, target })),
    settings: {},
  });

const action = (id: string, name = id) => ({ id, type: "action", name, config: { connectorId: "http", operation: "request", input: "$" } });
const trigger = { id: "t", type: "trigger.manual", name: "Trigger" };
const linear = flow([trigger, { id: "m", type: "map", name: "Map", config: { expression: "$" } }, action("post")], [["t", "m"], ["m", "post"]]);
const saved: RunState = { pending: [], outputs: { "0": { Trigger: { orderNo: "#1" }, Map: { wrong: true } } }, nextSeq: 7 };
const letter = { nodeId: "post", lineage: "0", input: { wrong: true }, inputResolved: true };

describe("replayState", () => {
  it("rerun: one item at the trigger with the payload, outputs cleared, step numbers go on", () => {
    expect(replayState({ mode: "rerun", definition: linear, state: saved, trigger: { orderNo: "#1" }, letter })).toEqual({
      pending: [{ nodeId: "t", input: { orderNo: "#1" }, lineage: "0", attempt: 1 }],
      outputs: {},
      nextSeq: 7,
    });
  });

  it("resume at a failed action fed by a map: the map runs again on its own recorded input", () => {
    const state = replayState({ mode: "resume", definition: linear, state: saved, trigger: null, letter });
    expect(state.pending).toEqual([{ nodeId: "m", input: { orderNo: "#1" }, lineage: "0", attempt: 1 }]);
    expect(state.outputs).toBe(saved.outputs);
  });

  it("resume reads recorded outputs by the old version's node names, and a foreach element by its lineage", () => {
    const def = flow([trigger, { id: "each", type: "foreach", name: "Each line", config: { items: "lines" } }, action("post")], [["t", "each"], ["each", "post"]]);
    const previous = flow([trigger, { id: "each", type: "foreach", name: "Lines", config: { items: "lines" } }, action("post")], [["t", "each"], ["each", "post"]]);
    const state: RunState = { pending: [], outputs: { "0": { Lines: [{ sku: "A" }, { sku: "B" }] } }, nextSeq: 3 };
    const resumed = replayState({ mode: "resume", definition: def, previous, state, trigger: null, letter: { ...letter, lineage: "0.1" } });
    expect(resumed.pending).toEqual([{ nodeId: "post", input: { sku: "B" }, lineage: "0.1", attempt: 1 }]);
  });

  it("refuses a resume it cannot compute: the step is gone, or its predecessor's output was not kept", () => {
    const without = flow([trigger, action("other")], [["t", "other"]]);
    expect(() => replayState({ mode: "resume", definition: without, state: saved, trigger: null, letter })).toThrow(StepError);
    expect(() => replayState({ mode: "resume", definition: linear, state: null, trigger: null, letter })).toThrow(/re-run from the trigger/);
    // An unmapped kept input can go back in as it is.
    expect(replayState({ mode: "resume", definition: linear, state: null, trigger: null, letter: { ...letter, inputResolved: false } }).pending).toEqual([{ nodeId: "post", input: { wrong: true }, lineage: "0", attempt: 1 }]);
  });
});
