import { evaluateExpression } from "@ipaas/mapping-engine";
import { advance } from "./engine";
import { StepError } from "./errors";
import type { DeadItem, EngineServices, NodeHandler, RunInfo, StepRecord } from "./handlers";
import { isTriggerType, type FlowDefinition, type NodeType } from "./model";
import { initialState, type RunLimits } from "./state";

export type FlowResult =
  | { status: "succeeded" | "skipped"; output: unknown; steps: StepRecord[]; deadLetters: DeadItem[] }
  | { status: "dead"; output: unknown; steps: StepRecord[]; deadLetters: DeadItem[]; error: DeadItem["error"]; failedNodeId: string };

export function triggerNodeOf(definition: FlowDefinition) {
  const trigger = definition.nodes.find((n) => isTriggerType(n.type));
  if (!trigger) throw new StepError("Flow has no trigger node", "non_retryable", "INVALID_FLOW");
  return trigger;
}

const noActions: EngineServices = {
  runAction: async () => {
    throw new StepError("Connector actions need a connection (run this flow in the runtime)", "non_retryable", "NO_CONNECTOR");
  },
  findEffect: async () => null,
  checkpoint: async () => {},
};

/**
 * Runs a whole flow in memory, start to finish, on a virtual clock: retries and
 * delays do not really wait. Used for designer test runs and unit tests; the
 * runtime drives `advance` itself, persisting between checkpoints.
 */
export async function executeFlow(
  definition: FlowDefinition,
  params: {
    trigger: unknown;
    run: RunInfo;
    env?: Record<string, string>;
    services?: Partial<EngineServices>;
    handlers?: Partial<Record<NodeType, NodeHandler>>;
    limits?: Partial<RunLimits>;
  },
): Promise<FlowResult> {
  const effects = new Map<string, unknown>();
  const steps: StepRecord[] = [];
  const deadLetters: DeadItem[] = [];
  const services: EngineServices = {
    ...noActions,
    findEffect: async (key) => (effects.has(key) ? { result: effects.get(key) } : null),
    ...params.services,
    checkpoint: async (c) => {
      steps.push(...c.steps);
      deadLetters.push(...c.deadLetters);
      c.effects.forEach((e) => effects.set(e.idempotencyKey, e.result));
    },
  };
  let clock = Date.now();
  let state = initialState(triggerNodeOf(definition).id, params.trigger);
  let output: unknown;
  let stale = false;
  for (;;) {
    const result = await advance(definition, state, { ...params, services, now: () => clock });
    steps.push(...result.steps);
    deadLetters.push(...result.deadLetters);
    result.effects.forEach((e) => effects.set(e.idempotencyKey, e.result));
    output = result.output ?? output;
    stale ||= result.stale;
    state = result.state;
    if (result.done || result.wakeAt === null) break;
    clock = Math.max(clock, result.wakeAt);
  }
  const first = deadLetters[0];
  if (first) return { status: "dead", output, steps, deadLetters, error: first.error, failedNodeId: first.item.nodeId };
  return { status: stale ? "skipped" : "succeeded", output, steps, deadLetters };
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
