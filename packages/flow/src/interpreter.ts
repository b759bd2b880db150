import { evaluateExpression } from "@ipaas/mapping-engine";
import { classify, StepError } from "./errors";
import { isTriggerType, type FlowDefinition, type FlowNode, type NodeType } from "./model";

export interface RunInfo {
  runId: string;
  flowId: string;
  correlationId: string;
  businessKey: string | null;
}

/** What every node sees: `$` is `input`; the rest are bound as `$trigger`, `$steps`, `$run`, `$env`. */
export interface StepContext {
  input: unknown;
  trigger: unknown;
  steps: Record<string, unknown>;
  run: RunInfo;
  env: Record<string, string>;
}

/** A node's result: its output, and which outgoing handle(s) to follow (null = stop this path). */
export interface NodeResult {
  output: unknown;
  handle?: string | null;
}

export type NodeHandler = (node: FlowNode, ctx: StepContext) => Promise<NodeResult>;

export interface StepRecord {
  seq: number;
  nodeId: string;
  nodeName: string;
  nodeType: NodeType;
  lineage: string;
  status: "succeeded" | "failed" | "skipped";
  input: unknown;
  output: unknown;
  error: ReturnType<StepError["toJSON"]> | null;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
}

export type FlowResult =
  | { status: "succeeded"; output: unknown; steps: StepRecord[] }
  | { status: "failed"; error: StepError; failedNodeId: string; steps: StepRecord[] };

function expressionBindings(ctx: StepContext) {
  return { trigger: ctx.trigger, steps: ctx.steps, run: ctx.run, env: ctx.env };
}

function requireString(node: FlowNode, field: string): string {
  const value = node.config[field];
  if (typeof value !== "string" || value.trim() === "") {
    throw new StepError(`Node "${node.name}": config.${field} must be a non-empty expression`, "non_retryable", "INVALID_CONFIG", { field });
  }
  return value;
}

const passThrough: NodeHandler = async (_node, ctx) => ({ output: ctx.input });

/** Handlers of the node types implemented so far; the rest fail with a clear, non-retryable error. */
export const defaultHandlers: Partial<Record<NodeType, NodeHandler>> = {
  "trigger.manual": passThrough,
  "trigger.webhook": passThrough,
  "trigger.api": passThrough,
  "trigger.schedule": passThrough,
  "trigger.poll": passThrough,
  map: async (node, ctx) => ({
    output: await evaluateExpression(requireString(node, "expression"), ctx.input, { bindings: expressionBindings(ctx) }),
  }),
  filter: async (node, ctx) => {
    const pass = await evaluateExpression(requireString(node, "condition"), ctx.input, { bindings: expressionBindings(ctx) });
    return { output: ctx.input, handle: pass ? undefined : null };
  },
};

/**
 * Runs a definition from its trigger, following edges. Pure steps run back to back;
 * the caller persists the returned step records in one batch.
 */
export async function executeFlow(
  definition: FlowDefinition,
  params: { trigger: unknown; run: RunInfo; env?: Record<string, string>; handlers?: Partial<Record<NodeType, NodeHandler>> },
): Promise<FlowResult> {
  const handlers = params.handlers ?? defaultHandlers;
  const nodesById = new Map(definition.nodes.map((n) => [n.id, n]));
  const start = definition.nodes.find((n) => isTriggerType(n.type));
  if (!start) throw new StepError("Flow has no trigger node", "non_retryable", "INVALID_FLOW");

  const steps: StepRecord[] = [];
  const outputs: Record<string, unknown> = {};
  const queue: Array<{ node: FlowNode; input: unknown }> = [{ node: start, input: params.trigger }];
  let lastOutput: unknown = params.trigger;

  while (queue.length > 0) {
    const { node, input } = queue.shift()!;
    const startedAt = new Date();
    const ctx: StepContext = { input, trigger: params.trigger, steps: outputs, run: params.run, env: params.env ?? {} };
    let result: NodeResult;
    try {
      const handler = handlers[node.type];
      if (!handler) throw new StepError(`Node type "${node.type}" is not supported by this runtime yet`, "non_retryable", "UNSUPPORTED_NODE");
      result = await handler(node, ctx);
    } catch (err) {
      const error = classify(err);
      const finishedAt = new Date();
      steps.push(record(steps.length, node, "failed", input, null, error.toJSON(), startedAt, finishedAt));
      return { status: "failed", error, failedNodeId: node.id, steps };
    }
    const finishedAt = new Date();
    const stopped = result.handle === null;
    steps.push(record(steps.length, node, stopped ? "skipped" : "succeeded", input, result.output, null, startedAt, finishedAt));
    outputs[node.name] = result.output;
    lastOutput = result.output;
    if (stopped) continue;
    for (const edge of definition.edges) {
      if (edge.source !== node.id) continue;
      if (result.handle !== undefined && edge.sourceHandle !== result.handle) continue;
      const next = nodesById.get(edge.target);
      if (next) queue.push({ node: next, input: result.output });
    }
  }
  return { status: "succeeded", output: lastOutput, steps };
}

function record(
  seq: number,
  node: FlowNode,
  status: StepRecord["status"],
  input: unknown,
  output: unknown,
  error: StepRecord["error"],
  startedAt: Date,
  finishedAt: Date,
): StepRecord {
  return {
    seq,
    nodeId: node.id,
    nodeName: node.name,
    nodeType: node.type,
    lineage: "0",
    status,
    input,
    output,
    error,
    startedAt,
    finishedAt,
    durationMs: finishedAt.getTime() - startedAt.getTime(),
  };
}

/** The run's business key (e.g. "#1001") from `settings.businessKey`, a JSONata expression over the trigger payload. */
export async function computeBusinessKey(definition: FlowDefinition, payload: unknown): Promise<string | null> {
  const expression = definition.settings.businessKey;
  if (!expression) return null;
  try {
    const key = await evaluateExpression(expression, payload, { timeoutMs: 1000 });
    return key === undefined || key === null || typeof key === "object" ? null : String(key);
  } catch {
    // A payload without the key field still runs; ops search by correlation id instead.
    return null;
  }
}
