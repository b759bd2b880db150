import { evaluateExpression } from "@ipaas/mapping-engine";
import { classify, DeferStep, StepError } from "./errors";
import {
  handlers as defaultHandlers,
  type DeadItem,
  type EffectRecord,
  type EngineServices,
  type NodeHandler,
  type NodeOutcome,
  type RunInfo,
  type StepRecord,
} from "./handlers";
import type { FlowDefinition, FlowEdge, FlowNode, NodeType } from "./model";
import { earliestWake, stepsFor, type RunState, type WorkItem } from "./state";

export interface AdvanceParams {
  trigger: unknown;
  run: RunInfo;
  env?: Record<string, string>;
  services: EngineServices;
  handlers?: Partial<Record<NodeType, NodeHandler>>;
  now?: () => number;
}

export interface AdvanceResult {
  /** Not yet persisted: the caller writes them with the run's new status. */
  steps: StepRecord[];
  effects: EffectRecord[];
  deadLetters: DeadItem[];
  state: RunState;
  /** Nothing pending: the run is finished (possibly with dead letters). */
  done: boolean;
  /** When pending items become ready (retry backoff, delay); null when done. */
  wakeAt: number | null;
  /** Some pending item is waiting to retry a failure (vs. a planned delay). */
  retrying: boolean;
  /** Some lineage ended on a stale update. */
  stale: boolean;
  output: unknown;
  /** Output of a `respond` node (synchronous API triggers). */
  response?: unknown;
}

const DEFAULT_ITEM_CONCURRENCY = 10;

interface Graph {
  nodes: Map<string, FlowNode>;
  outgoing: Map<string, FlowEdge[]>;
  concurrency: number;
}

/** Published definitions are immutable, so their graph indexes are built once. */
const graphs = new WeakMap<FlowDefinition, Graph>();
function graphOf(def: FlowDefinition): Graph {
  let graph = graphs.get(def);
  if (!graph) {
    const outgoing = new Map<string, FlowEdge[]>();
    for (const edge of def.edges) outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge]);
    const limits = def.nodes.filter((n) => n.type === "foreach").map((n) => Number(n.config.concurrency ?? DEFAULT_ITEM_CONCURRENCY));
    graph = { nodes: new Map(def.nodes.map((n) => [n.id, n])), outgoing, concurrency: Math.max(1, ...limits) };
    graphs.set(def, graph);
  }
  return graph;
}

function retryPolicy(def: FlowDefinition, node: FlowNode) {
  const override = (node.config.retry ?? {}) as Partial<FlowDefinition["settings"]["retry"]>;
  return { ...def.settings.retry, ...override };
}

/** Exponential backoff with jitter, capped; never shorter than the target's Retry-After. */
export function backoffDelay(attempt: number, policy: { backoffMs: number; maxDelayMs: number }, retryAfterMs = 0, random = Math.random): number {
  const capped = Math.min(policy.maxDelayMs, policy.backoffMs * 2 ** Math.max(0, attempt - 1));
  // Jitter spreads the retries of many runs that failed together (a target outage).
  const jittered = Math.round(capped / 2 + random() * (capped / 2));
  return Math.max(jittered, retryAfterMs);
}

export function idempotencyKey(run: RunInfo, nodeId: string, lineage: string): string {
  return `${run.flowId}:${run.runId}:${nodeId}:${lineage}`;
}

/**
 * Runs every ready item of a run's state until nothing is ready. Pure steps run
 * back to back; after each side effect the progress is checkpointed (unless the
 * run is about to finish, when the caller's final write includes it). Never
 * throws for a step's failure: failures become retries or dead letters.
 */
export async function advance(def: FlowDefinition, state: RunState, params: AdvanceParams): Promise<AdvanceResult> {
  const graph = graphOf(def);
  const handlerFor = (type: NodeType) => params.handlers?.[type] ?? defaultHandlers[type];
  const now = params.now ?? Date.now;
  const env = params.env ?? {};
  const steps: StepRecord[] = [];
  const effects: EffectRecord[] = [];
  const dead: DeadItem[] = [];
  const inflight = new Set<WorkItem>();
  let stale = false;
  let output: unknown = undefined;
  let response: unknown = undefined;

  const snapshot = (): RunState => ({ ...state, pending: [...inflight, ...state.pending] });

  const record = (item: WorkItem, node: FlowNode, status: StepRecord["status"], input: unknown, out: unknown, error: StepRecord["error"], startedAt: Date) => {
    const finishedAt = new Date();
    steps.push({
      seq: state.nextSeq++,
      nodeId: node.id,
      nodeName: node.name,
      nodeType: node.type,
      connector: typeof node.config.connectorId === "string" ? node.config.connectorId : null,
      lineage: item.lineage,
      attempt: item.attempt,
      status,
      input,
      output: out,
      error,
      startedAt,
      finishedAt,
      durationMs: finishedAt.getTime() - startedAt.getTime(),
    });
  };

  const enqueueSuccessors = (node: FlowNode, item: WorkItem, outcome: NodeOutcome) => {
    const edges = graph.outgoing.get(node.id) ?? [];
    const follow = outcome.kind === "next" && outcome.handle !== undefined ? edges.filter((e) => e.sourceHandle === outcome.handle) : edges;
    if (outcome.kind === "stop") return;
    if (outcome.kind === "fanout") {
      outcome.output.forEach((element, index) => {
        for (const edge of follow) state.pending.push({ nodeId: edge.target, input: element, lineage: `${item.lineage}.${index}`, attempt: 1 });
      });
      return;
    }
    const notBefore = outcome.kind === "wait" ? outcome.until : undefined;
    for (const edge of follow) state.pending.push({ nodeId: edge.target, input: outcome.output, lineage: item.lineage, attempt: 1, ...(notBefore ? { notBefore } : {}) });
  };

  const execute = async (item: WorkItem): Promise<void> => {
    const startedAt = new Date();
    const node = graph.nodes.get(item.nodeId);
    if (!node) {
      // A resubmission can point at a node of a version that no longer has it.
      const error = new StepError(`Node ${item.nodeId} does not exist in this flow version`, "non_retryable", "UNKNOWN_NODE").toJSON();
      dead.push({ item, nodeName: item.nodeId, input: item.input, resolved: !!item.resolved, error });
      return;
    }
    let input = item.input;
    let resolved = !!item.resolved;
    const key = idempotencyKey(params.run, node.id, item.lineage);
    // Built once per step, on first use: a branch evaluates one condition per case.
    let bound: Record<string, unknown> | undefined;
    const bindings = () => (bound ??= { trigger: params.trigger, steps: stepsFor(state, item.lineage), run: params.run, env });
    try {
      const outcome = await handlerFor(node.type)({
        node,
        item,
        run: params.run,
        services: params.services,
        idempotencyKey: key,
        now: now(),
        evaluate: (expression, value = item.input) => evaluateExpression(expression, value, { bindings: bindings(), lookup: params.services.lookup, lookupMany: params.services.lookupMany }),
        recordInput: (value, isResolved) => {
          input = value;
          resolved = isResolved;
        },
      });
      const out = outcome.output;
      record(item, node, outcome.kind === "stop" ? "skipped" : "succeeded", input, out, null, startedAt);
      (state.outputs[item.lineage] ??= {})[node.name] = out;
      output = out;
      if (node.type === "respond") response = out;
      if (outcome.kind === "stop" && outcome.reason === "stale") stale = true;
      enqueueSuccessors(node, item, outcome);
      if (outcome.kind === "next" && outcome.effect) {
        effects.push({ idempotencyKey: key, nodeId: node.id, result: out });
        inflight.delete(item);
        // The effect happened: make it durable now unless the final write is next anyway.
        if (state.pending.length > 0 || inflight.size > 0) {
          await params.services.checkpoint({ steps: steps.splice(0), effects: effects.splice(0), deadLetters: dead.splice(0), state: snapshot() });
        }
      }
    } catch (err) {
      if (err instanceof DeferStep) {
        state.pending.push({ ...item, notBefore: now() + err.delayMs });
        return;
      }
      const error = classify(err);
      record(item, node, "failed", input, null, error.toJSON(), startedAt);
      const policy = retryPolicy(def, node);
      if (error.errorClass === "retryable" && item.attempt < policy.attempts) {
        const delay = backoffDelay(item.attempt, policy, error.retryAfterMs);
        state.pending.push({ ...item, input, resolved, attempt: item.attempt + 1, notBefore: now() + delay });
      } else {
        dead.push({ item: { ...item, input, resolved }, nodeName: node.name, input, resolved, error: error.toJSON() });
      }
    }
  };

  // A small scheduler: start ready items up to the concurrency limit, wait for any to finish.
  const running = new Set<Promise<void>>();
  for (;;) {
    const at = now();
    while (running.size < graph.concurrency) {
      const index = state.pending.findIndex((i) => (i.notBefore ?? 0) <= at);
      if (index < 0) break;
      const [item] = state.pending.splice(index, 1);
      if (!item) break;
      inflight.add(item);
      const task: Promise<void> = execute(item).finally(() => {
        inflight.delete(item);
        running.delete(task);
      });
      running.add(task);
    }
    if (running.size === 0) break;
    await Promise.race(running);
  }

  const wakeAt = earliestWake(state);
  return {
    steps,
    effects,
    deadLetters: dead,
    state,
    done: state.pending.length === 0,
    wakeAt,
    retrying: state.pending.some((i) => i.attempt > 1),
    stale,
    output,
    ...(response !== undefined ? { response } : {}),
  };
}
