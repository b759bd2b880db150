import { RETRY_CATEGORIES, type FlowNode, type Problem } from "@ipaas/flow";
import { describe, expect, it } from "vitest";
import { dedicatedKeys } from "../src/components/node-panel/expression-keys";
import { connectorsOf, RETRY_KINDS, settingsProblemsAt, toggledRetryOn, triggerSampleOf } from "../src/components/flow-settings/settings-fields";

const node = (id: string, type: FlowNode["type"], config: Record<string, unknown> = {}): FlowNode => ({ id, type, name: id, position: { x: 0, y: 0 }, config });

describe("flow Settings panel (issue 15)", () => {
  it("offers exactly the flow model's kinds of retryable failure", () => {
    expect(RETRY_KINDS.map((k) => k.value)).toEqual([...RETRY_CATEGORIES]);
  });

  it("unticking a kind lists the rest; ticking all again is 'all' (absent), as older flows have it", () => {
    const some = toggledRetryOn(undefined, "server_error", false);
    expect(some).toEqual(["network", "timeout", "rate_limited", "other"]);
    expect(toggledRetryOn(some, "server_error", true)).toBeUndefined();
  });

  it("offers a default connection for each connector the flow's actions call, and for one only a default names", () => {
    const nodes = [node("t", "trigger.manual", { sample: { id: 1 } }), node("a", "action", { connectorId: "shopify" }), node("b", "action", { connectorId: "http" }), node("c", "action", { connectorId: "http" })];
    expect(connectorsOf(nodes, { defaultConnections: { netsuite: "ns" } })).toEqual(["http", "netsuite", "shopify"]);
    expect(triggerSampleOf({ nodes })).toEqual({ id: 1 });
  });

  it("places problems under their settings field", () => {
    const problems: Problem[] = [
      { nodeId: null, path: "settings.retry.attempts", code: "X", message: "a" },
      { nodeId: null, path: "settings.defaultConnections.http", code: "Y", message: "b" },
      { nodeId: null, path: "nodes", code: "Z", message: "c" },
    ];
    expect(settingsProblemsAt(problems, "retry.attempts").map((p) => p.code)).toEqual(["X"]);
    expect(settingsProblemsAt(problems, "defaultConnections").map((p) => p.code)).toEqual(["Y"]);
  });

  it("an action's retry, timeout and stale guard are edited by their own form, not the generated JSON fields", () => {
    expect(dedicatedKeys("action")).toEqual(expect.arrayContaining(["retry", "timeoutMs", "stale"]));
  });
});
