import { evaluateExpression } from "@ipaas/mapping-engine";
import { classify, DeferStep, shouldRetry, StepError } from "./errors";
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
import { isTriggerType, type FlowDefinition, type FlowEdge, type FlowNode, type NodeType } from "./model";
import { configOf, connectorOf, retryOverrideOf } from "./node-config";
import { DEFAULT_RUN_LIMITS, earliestWake, exceedsBytes, stepsFor, type RunLimits, type RunState, type WorkItem } from "./state";

export interface AdvanceParams {
  trigger: unknown;
  run: RunInfo;
  env?: Record<string, string>;
  services: EngineServices;
  handlers?: Partial<Record<NodeType, NodeHandler>>;
  now?: () => number;
  /** Foreach fan-out and state size bounds; DEFAULT_RUN_LIMITS for what is not given. */
  limits?: Partial<RunLimits>;
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
  /** `state` as JSON when it was measured against the limit: the writer stores this text instead of serialising again. */
  stateJson?: string;
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
    const limits = def.nodes.filter((n) => n.type === "foreach").map((n) => Number(configOf(n, "foreach").concurrency ?? DEFAULT_ITEM_CONCURRENCY));
    graph = { nodes: new Map(def.nodes.map((n) => [n.id, n])), outgoing, concurrency: Math.max(1, ...limits) };
    graphs.set(def, graph);
  }
  return graph;
}

function retryPolicy(def: FlowDefinition, node: FlowNode) {
  return { ...def.settings.retry, ...retryOverrideOf(node) };
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

  const limits = { ...DEFAULT_RUN_LIMITS, ...params.limits };
  /** Size of a state that went over limits.maxStateBytes; from then on no new item starts. */
  let oversize: number | null = null;
  const trigger = def.nodes.find((n) => isTriggerType(n.type));
  // Over the limit, the run restarts from its trigger payload (kept on the run and in
  // the dead letter); effects already done are replayed from the ledger, not redone.
  const restart = (): RunState => ({
    pending: trigger ? [{ nodeId: trigger.id, input: params.trigger, lineage: "0", attempt: 1 }] : [],
    outputs: {},
    nextSeq: state.nextSeq,
  });
  /** The state to save, measured once; its JSON goes to the writer so it is not serialised twice. */
  const savedState = (candidate: RunState): { state: RunState; stateJson?: string } => {
    if (oversize !== null) return { state: restart() };
    const stateJson = JSON.stringify(candidate);
    oversize = exceedsBytes(stateJson, limits.maxStateBytes);
    return oversize === null ? { state: candidate, stateJson } : { state: restart() };
  };

  const record = (item: WorkItem, node: FlowNode, status: StepRecord["status"], input: unknown, out: unknown, error: StepRecord["error"], startedAt: Date) => {
    const finishedAt = new Date();
    steps.push({
      seq: state.nextSeq++,
      nodeId: node.id,
      nodeName: node.name,
      nodeType: node.type,
      connector: connectorOf(node),
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
        limits,
        settings: def.settings,
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
          await params.services.checkpoint({ steps: steps.splice(0), effects: effects.splice(0), deadLetters: dead.splice(0), ...savedState(snapshot()) });
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
      if (shouldRetry(error, policy.retryOn) && item.attempt < policy.attempts) {
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
    while (oversize === null && running.size < graph.concurrency) {
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

  // Only a state saved to continue later (work left, or a dead letter to resubmit) is measured.
  const saved = state.pending.length > 0 || dead.length > 0 || oversize !== null ? savedState(state) : { state };
  if (oversize !== null) {
    // The run cannot be saved as it is: one dead letter at the trigger, with the payload, replaces this job's.
    const error = new StepError(
      `The run's state is ${oversize} bytes, over the limit of ${limits.maxStateBytes} bytes (run state limit, RUNTIME_MAX_RUN_STATE_BYTES); resubmitting restarts the run from its trigger payload`,
      "non_retryable",
      "STATE_TOO_LARGE",
      { bytes: oversize, limit: limits.maxStateBytes, supersededDeadLetters: dead.length },
    ).toJSON();
    dead.splice(0);
    if (trigger) dead.push({ item: { nodeId: trigger.id, input: params.trigger, lineage: "0", attempt: 1 }, nodeName: trigger.name, input: params.trigger, resolved: false, error });
    state.pending = [];
    state.outputs = {};
    output = undefined;
    response = undefined;
  }
  const wakeAt = earliestWake(state);
  return {
    steps,
    effects,
    deadLetters: dead,
    state,
    ...(oversize === null && saved.stateJson !== undefined ? { stateJson: saved.stateJson } : {}),
    done: state.pending.length === 0,
    wakeAt,
    retrying: state.pending.some((i) => i.attempt > 1),
    stale,
    output,
    ...(response !== undefined ? { response } : {}),
  };
}
