import { describe, expect, it } from "vitest";
import { demoFlowDefinition, executeFlow, parseFlowDefinition } from "../src";

const run = { runId: "run-1", flowId: "flow-1", correlationId: "corr-1", businessKey: "#1001" };

describe("executeFlow", () => {
  it("runs the demo flow: trigger then map, recording each step", async () => {
    const def = parseFlowDefinition(demoFlowDefinition);
    const trigger = demoFlowDefinition.nodes[0]?.config.sample;
    const result = await executeFlow(def, { trigger, run });
    expect(result.status).toBe("succeeded");
    expect(result.steps.map((s) => [s.nodeId, s.status])).toEqual([
      ["trigger", "succeeded"],
      ["map", "succeeded"],
    ]);
    expect(result.status === "succeeded" && result.output).toEqual({
      externalId: "shopify-1001",
      customerEmail: "buyer@example.com",
      lines: [
        { item: "WIDGET-RED", quantity: 2, rate: 19.99 },
        { item: "GADGET-XL", quantity: 1, rate: 45 },
      ],
      lineCount: 2,
      runId: "run-1",
    });
  });

  it("classifies a broken mapping as non-retryable and stops at that node", async () => {
    const def = parseFlowDefinition({
      ...demoFlowDefinition,
      nodes: [demoFlowDefinition.nodes[0], { ...demoFlowDefinition.nodes[1], config: { expression: "{ 'a': " } }],
    });
    const result = await executeFlow(def, { trigger: {}, run });
    expect(result.status).toBe("dead");
    if (result.status !== "dead") return;
    expect(result.failedNodeId).toBe("map");
    expect(result.error.class).toBe("non_retryable");
    expect(result.steps.at(-1)?.status).toBe("failed");
  });

  it("rejects a definition with an unknown node type", () => {
    expect(() => parseFlowDefinition({ ...demoFlowDefinition, nodes: [{ id: "x", type: "teleport", name: "x" }] })).toThrow(/type/);
  });
});
