import { describe, expect, it } from "vitest";
import { advance, executeFlow, initialState, parseFlowDefinition, type Checkpoint, type EngineServices, type FlowDefinitionInput } from "../src";

const run = { runId: "run-1", flowId: "flow-1", correlationId: "corr-1", businessKey: null };

function flow(nodes: FlowDefinitionInput["nodes"]) {
  const all = [{ id: "t", type: "trigger.manual" as const, name: "Trigger" }, ...nodes];
  return parseFlowDefinition({
    schemaVersion: 1,
    nodes: all,
    edges: all.slice(1).map((n, i) => ({ id: `e${i}`, source: all[i]!.id, target: n.id })),
    settings: { retry: { attempts: 3, backoffMs: 100, maxDelayMs: 10_000 } },
  });
}

const action = (id: string) => ({ id, type: "action" as const, name: id, config: { connectorId: "http", operation: "request", input: "$" } });

function services(overrides: Partial<EngineServices> = {}) {
  const checkpoints: Checkpoint[] = [];
  const calls: string[] = [];
  const s: EngineServices = {
    runAction: async () => ({ ok: true }),
    findEffect: async () => null,
    checkpoint: async (c) => void checkpoints.push(c),
    ...overrides,
  };
  const runAction = s.runAction;
  s.runAction = async (call) => {
    calls.push(String((call.input as { path?: string } | null)?.path ?? call.idempotencyKey));
    return runAction(call);
  };
  return { services: s, checkpoints, calls };
}

describe("run limits", () => {
  it("a foreach over more items than its limit dead-letters the step with its input, and nothing fans out", async () => {
    const def = flow([{ id: "each", type: "foreach", name: "Each line", config: { items: "lines" } }, action("post")]);
    const payload = { orderNo: "#1", lines: [1, 2, 3, 4, 5, 6] };
    const { services: s, calls } = services();
    const over = await executeFlow(def, { trigger: payload, run, services: s, limits: { maxForeachItems: 5 } });
    expect(over.status).toBe("dead");
    if (over.status !== "dead") return;
    expect(over.failedNodeId).toBe("each");
    expect(over.error).toMatchObject({ class: "non_retryable", code: "FOREACH_TOO_MANY_ITEMS", details: { items: 6, limit: 5 } });
    expect(over.error.message).toMatch(/6 items, over the foreach limit of 5 \(RUNTIME_MAX_FOREACH_ITEMS\)/);
    expect(over.deadLetters[0]?.input).toEqual(payload);
    expect(calls).toEqual([]);

    const within = await executeFlow(def, { trigger: payload, run, services: s, limits: { maxForeachItems: 6 } });
    expect(within.status).toBe("succeeded");
    expect(calls).toHaveLength(6);
  });

  it("a state over its limit is not saved: one dead letter at the trigger keeps the payload, and the state is emptied", async () => {
    // The map doubles a 100 KB payload and a delay makes the run save its state to continue later.
    const def = flow([
      { id: "m", type: "map", name: "Double", config: { expression: "{ 'a': $, 'b': $ }" } },
      { id: "d", type: "delay", name: "Wait", config: { ms: 60_000 } },
      { id: "n", type: "map", name: "Next", config: { expression: "a.orderNo" } },
    ]);
    const payload = { orderNo: "#2", note: "n".repeat(100 * 1024) };
    const { services: s } = services();
    const result = await advance(def, initialState("t", payload), { trigger: payload, run, services: s, limits: { maxStateBytes: 250 * 1024 } });
    expect(result.done).toBe(true);
    expect(result.deadLetters).toHaveLength(1);
    const [letter] = result.deadLetters;
    expect(letter).toMatchObject({ item: { nodeId: "t", lineage: "0" }, nodeName: "Trigger", resolved: false, error: { class: "non_retryable", code: "STATE_TOO_LARGE" } });
    expect(letter!.input).toEqual(payload);
    expect(letter!.error.message).toMatch(/over the limit of 256000 bytes \(run state limit, RUNTIME_MAX_RUN_STATE_BYTES\)/);
    expect(result.state).toMatchObject({ pending: [], outputs: {} });
    expect(result.stateJson).toBeUndefined();

    // Under the limit the same run waits, and hands over the JSON it measured.
    const fits = await advance(def, initialState("t", payload), { trigger: payload, run, services: s, limits: { maxStateBytes: 1024 * 1024 } });
    expect([fits.done, fits.deadLetters.length]).toEqual([false, 0]);
    expect(fits.stateJson).toBe(JSON.stringify(fits.state));
  });

  it("a checkpoint over the limit saves a restart from the trigger and starts nothing more", async () => {
    const def = flow([action("a"), action("b")]);
    const payload = { orderNo: "#3" };
    const { services: s, checkpoints, calls } = services({ runAction: async () => ({ blob: "x".repeat(100 * 1024) }) });
    const result = await advance(def, initialState("t", payload), { trigger: payload, run, services: s, limits: { maxStateBytes: 64 * 1024 } });
    // The effect of `a` is made durable (with a state that restarts from the trigger), `b` never runs.
    expect(calls).toHaveLength(1);
    expect(checkpoints).toHaveLength(1);
    expect(checkpoints[0]!.effects.map((e) => e.nodeId)).toEqual(["a"]);
    expect(checkpoints[0]!.state).toEqual({ pending: [{ nodeId: "t", input: payload, lineage: "0", attempt: 1 }], outputs: {}, nextSeq: 2 });
    expect(result.deadLetters.map((d) => [d.item.nodeId, d.error.code, d.input])).toEqual([["t", "STATE_TOO_LARGE", payload]]);
    expect(result.state.pending).toEqual([]);
  });
});
