import { describe, expect, it } from "vitest";
import { backoffDelay, executeFlow, parseFlowDefinition, StepError, type ActionCall, type FlowDefinitionInput } from "../src";

const run = { runId: "run-1", flowId: "flow-1", correlationId: "corr-1", businessKey: null };

function flow(nodes: FlowDefinitionInput["nodes"], edges: Array<[string, string, string?]>, settings: Partial<FlowDefinitionInput["settings"]> = {}) {
  return parseFlowDefinition({
    schemaVersion: 1,
    nodes: [{ id: "t", type: "trigger.manual", name: "Trigger" }, ...nodes],
    edges: edges.map(([source, target, sourceHandle], i) => ({ id: `e${i}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) })),
    settings: { retry: { attempts: 3, backoffMs: 100, maxDelayMs: 10_000 }, ...settings },
  });
}

const action = (id: string, input = "$") => ({ id, type: "action" as const, name: id, config: { connectorId: "http", operation: "request", input } });

describe("engine", () => {
  it("branches on the first matching case, else default", async () => {
    const def = flow(
      [
        { id: "b", type: "branch", name: "Route", config: { cases: [{ id: "big", condition: "total > 100" }] } },
        { id: "big", type: "map", name: "Big", config: { expression: "'big'" } },
        { id: "small", type: "map", name: "Small", config: { expression: "'small'" } },
      ],
      [["t", "b"], ["b", "big", "big"], ["b", "small", "default"]],
    );
    expect((await executeFlow(def, { trigger: { total: 500 }, run })).output).toBe("big");
    expect((await executeFlow(def, { trigger: { total: 5 }, run })).output).toBe("small");
  });

  it("filter ends the path with a skipped step", async () => {
    const def = flow([{ id: "f", type: "filter", name: "Paid only", config: { condition: "paid" } }, { id: "m", type: "map", name: "M", config: { expression: "1" } }], [["t", "f"], ["f", "m"]]);
    const result = await executeFlow(def, { trigger: { paid: false }, run });
    expect(result.steps.map((s) => [s.nodeId, s.status])).toEqual([["t", "succeeded"], ["f", "skipped"]]);
  });

  it("expressions see $trigger, $steps by name, $run and $env", async () => {
    const def = flow(
      [
        { id: "a", type: "map", name: "First", config: { expression: "{ 'n': 1 }" } },
        { id: "b", type: "map", name: "Second", config: { expression: "{ 'fromTrigger': $trigger.id, 'fromSteps': $steps.First.n, 'run': $run.runId, 'env': $env.REGION }" } },
      ],
      [["t", "a"], ["a", "b"]],
    );
    const result = await executeFlow(def, { trigger: { id: 7 }, run, env: { REGION: "eu" } });
    expect(result.output).toEqual({ fromTrigger: 7, fromSteps: 1, run: "run-1", env: "eu" });
  });

  it("a map node's $lookup(table, [keys]) reads all keys through one lookupMany call", async () => {
    const def = flow([{ id: "m", type: "map", name: "Skus", config: { expression: '$lookup("sku-map", line_items.sku, "UNMAPPED")' } }], [["t", "m"]]);
    const single: string[] = [];
    const batches: string[][] = [];
    const services = {
      lookup: async (_table: string, key: string) => void single.push(key),
      lookupMany: async (_table: string, keys: string[]) => {
        batches.push(keys);
        return new Map([["A", "NS-A"], ["B", "NS-B"]]);
      },
    };
    const result = await executeFlow(def, { trigger: { line_items: [{ sku: "A" }, { sku: "B" }, { sku: "C" }] }, run, services });
    expect(result.output).toEqual(["NS-A", "NS-B", "UNMAPPED"]);
    expect(batches).toEqual([["A", "B", "C"]]);
    expect(single).toEqual([]);
  });

  it("a key missing from a cross-reference table dead-letters at once (LOOKUP_MISSING, no retry), from $lookup and from a lookup node", async () => {
    const table: Record<string, string> = { "SKU-1": "NS-1" };
    const services = {
      lookup: async (_t: string, key: string) => table[key],
      lookupMany: async (_t: string, keys: string[]) => new Map(keys.flatMap((k) => (table[k] ? [[k, table[k]] as const] : []))),
    };
    const calls: ActionCall[] = [];
    const runAction = async (call: ActionCall) => void calls.push(call);
    const mapped = flow([{ id: "m", type: "map", name: "Items", config: { expression: '{ "item": { "id": $lookup("netsuite-item", sku) } }' } }, action("post")], [["t", "m"], ["m", "post"]]);
    const viaNode = flow([{ id: "x", type: "lookup", name: "Item", config: { table: "netsuite-item", key: "sku" } }, action("post")], [["t", "x"], ["x", "post"]]);
    for (const def of [mapped, viaNode]) {
      const result = await executeFlow(def, { trigger: { sku: "SKU-1001" }, run, services: { ...services, runAction } });
      expect(result.status).toBe("dead");
      expect(result.deadLetters[0]?.item.attempt).toBe(1);
      expect(result.deadLetters[0]?.error).toMatchObject({ class: "non_retryable", code: "LOOKUP_MISSING", message: expect.stringContaining("SKU-1001 not found in netsuite-item") });
    }
    expect(calls).toEqual([]);
    // A lookup node that says what to use for a missing key still gives it.
    const withDefault = (config: Record<string, unknown>) =>
      flow([{ id: "x", type: "lookup", name: "Item", config: { table: "netsuite-item", key: "sku", ...config } }], [["t", "x"]]);
    for (const config of [{ onMissing: "default", default: "NS-0" }, { default: "NS-0" }]) {
      expect((await executeFlow(withDefault(config), { trigger: { sku: "SKU-1001" }, run, services })).output).toBe("NS-0");
    }
    expect((await executeFlow(withDefault({ onMissing: "default" }), { trigger: { sku: "SKU-1001" }, run, services })).status).toBe("succeeded");
    expect((await executeFlow(withDefault({ onMissing: "fail", default: "NS-0" }), { trigger: { sku: "SKU-1001" }, run, services })).status).toBe("dead");
  });

  it("foreach runs each item in its own lineage; one failing item is dead-lettered alone", async () => {
    const def = flow(
      [{ id: "each", type: "foreach", name: "Each line", config: { items: "lines", concurrency: 5 } }, action("post", "{ 'sku': sku }")],
      [["t", "each"], ["each", "post"]],
    );
    const calls: ActionCall[] = [];
    const lines = Array.from({ length: 50 }, (_, i) => ({ sku: `SKU-${i}` }));
    const result = await executeFlow(def, {
      trigger: { lines },
      run,
      services: {
        runAction: async (call) => {
          calls.push(call);
          if ((call.input as { sku: string }).sku === "SKU-17") throw new StepError("unknown item", "non_retryable", "INVALID", { status: 400 });
          return { ok: true };
        },
      },
    });
    expect(result.status).toBe("dead");
    expect(result.deadLetters).toHaveLength(1);
    expect(result.deadLetters[0]).toMatchObject({ item: { nodeId: "post", lineage: "0.17" }, input: { sku: "SKU-17" }, error: { code: "INVALID" } });
    expect(result.steps.filter((s) => s.nodeId === "post" && s.status === "succeeded")).toHaveLength(49);
    expect(new Set(calls.map((c) => c.idempotencyKey)).size).toBe(50);
  });

  it("retries a retryable failure with backoff, honouring Retry-After, then succeeds", async () => {
    const def = flow([action("post")], [["t", "post"]]);
    let n = 0;
    const result = await executeFlow(def, {
      trigger: {},
      run,
      services: {
        runAction: async (call) => {
          n++;
          if (n === 1) throw new StepError("HTTP 429", "retryable", "RATE_LIMITED", { status: 429 }, 2000);
          if (n === 2) throw new StepError("HTTP 500", "retryable", "HTTP_500", { status: 500 });
          return { attempt: call.attempt };
        },
      },
    });
    expect(result.status).toBe("succeeded");
    expect(result.output).toEqual({ attempt: 3 });
    const posts = result.steps.filter((s) => s.nodeId === "post");
    expect(posts.map((s) => [s.attempt, s.status])).toEqual([
      [1, "failed"],
      [2, "failed"],
      [3, "succeeded"],
    ]);
  });

  it("never backs off less than Retry-After, and caps exponential growth", () => {
    const policy = { backoffMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(1, policy, 2000)).toBeGreaterThanOrEqual(2000);
    for (let attempt = 1; attempt < 12; attempt++) expect(backoffDelay(attempt, policy)).toBeLessThanOrEqual(1000);
    expect(backoffDelay(3, policy, 0, () => 0)).toBe(200);
    expect(backoffDelay(3, policy, 0, () => 1)).toBe(400);
  });

  it("dead-letters after the last attempt of a retryable failure", async () => {
    const def = flow([action("post")], [["t", "post"]]);
    const result = await executeFlow(def, {
      trigger: {},
      run,
      services: { runAction: async () => Promise.reject(new StepError("HTTP 503", "retryable", "HTTP_503")) },
    });
    expect(result.status).toBe("dead");
    expect(result.steps.filter((s) => s.nodeId === "post")).toHaveLength(3);
    expect(result.deadLetters[0]?.item.attempt).toBe(3);
  });

  it("a node's retry override wins over the flow's policy", async () => {
    const node = { ...action("post"), config: { ...action("post").config, retry: { attempts: 1 } } };
    const def = flow([node], [["t", "post"]]);
    let calls = 0;
    const result = await executeFlow(def, {
      trigger: {},
      run,
      services: {
        runAction: async () => {
          calls++;
          throw new StepError("HTTP 503", "retryable", "HTTP_503");
        },
      },
    });
    expect(result.status).toBe("dead");
    expect(calls).toBe(1); // the flow allows 3, the node 1
  });

  it("settings.retry.retryOn: a retryable failure of a kind the flow does not retry dead-letters on its first attempt", async () => {
    const def = flow([action("post")], [["t", "post"]], { retry: { attempts: 3, backoffMs: 100, maxDelayMs: 10_000, retryOn: ["rate_limited", "network"] } });
    const failWith = (error: StepError) => {
      let calls = 0;
      const services = {
        runAction: async () => {
          calls++;
          throw error;
        },
      };
      return { services, calls: () => calls };
    };
    const serverError = failWith(new StepError("HTTP 503", "retryable", "HTTP_503", { status: 503 }));
    const dead = await executeFlow(def, { trigger: {}, run, services: serverError.services });
    expect(dead.status).toBe("dead");
    expect(serverError.calls()).toBe(1);
    const rateLimited = failWith(new StepError("HTTP 429", "retryable", "RATE_LIMITED", { status: 429 }));
    await executeFlow(def, { trigger: {}, run, services: rateLimited.services });
    expect(rateLimited.calls()).toBe(3);
  });

  it("settings.defaultConnections: an action naming no connection uses the flow's default for its connector; its own wins", async () => {
    const own = { ...action("own"), config: { ...action("own").config, connectionName: "mine" } };
    const def = flow([action("plain"), own], [["t", "plain"], ["plain", "own"]], { defaultConnections: { http: "shared-http" } });
    const calls: ActionCall[] = [];
    await executeFlow(def, { trigger: {}, run, services: { runAction: async (call: ActionCall) => void calls.push(call) } });
    expect(calls.map((c) => c.connectionName)).toEqual(["shared-http", "mine"]);
  });

  it("skips a stale update and marks the run skipped", async () => {
    const def = flow([{ ...action("set"), config: { ...action("set").config, stale: { entityKey: "sku", sequence: "seq" } } }], [["t", "set"]]);
    const applied: number[] = [];
    const last = new Map<string, number>();
    const services = {
      claimSequence: async (_scope: string, key: string, seq: number) => {
        if ((last.get(key) ?? -Infinity) > seq) return false;
        last.set(key, seq);
        return true;
      },
      runAction: async (call: ActionCall) => {
        applied.push((call.input as { seq: number }).seq);
        return {};
      },
    };
    const statuses = [];
    for (const seq of [3, 1, 2]) statuses.push((await executeFlow(def, { trigger: { sku: "A", seq }, run: { ...run, runId: `r${seq}` }, services })).status);
    expect(applied).toEqual([3]);
    expect(statuses).toEqual(["succeeded", "skipped", "skipped"]);
  });
});
