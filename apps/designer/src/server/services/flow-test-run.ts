import { randomUUID } from "node:crypto";
import { registry, SecretScrubber, type OutboundPolicy } from "@ipaas/connectors";
import {
  BadRequestError,
  ConflictError,
  getEnvironment,
  getFlow,
  lookupValue,
  lookupValues,
  NotFoundError,
  writeAudit,
  type AuditActor,
  type Db,
  type KeyRing,
} from "@ipaas/db";
import { ConnectionResolver, createActionRunner, previewSendX12 } from "@ipaas/execution";
import {
  advance,
  executeFlow,
  handlers as defaultHandlers,
  initialState,
  isTriggerType,
  nodeTypes,
  parseFlowDefinition,
  triggerSample,
  type EngineServices,
  type FlowDefinition,
  type NodeHandler,
  type NodeType,
  type RunInfo,
  type StepRecord,
} from "@ipaas/flow";
import { embedSavedMappings } from "./embed-mappings";

/** A test run never holds a request open longer than this. */
export const TEST_RUN_TIMEOUT_MS = 30_000;
/** Inputs and outputs larger than this (as JSON) are cut down to a preview in the result. */
export const MAX_VALUE_CHARS = 256 * 1024;

export type NodeTestStatus = "succeeded" | "failed" | "skipped" | "not_run";
export interface NodeTestResult {
  status: NodeTestStatus;
  itemCount: number;
  input?: unknown;
  output?: unknown;
  /** As a run's step error shows it: `code` and `details` (e.g. INVALID_INPUT's `issues`, field by field). */
  error?: { message: string; code?: string; details?: unknown };
}
export interface TestRunResult {
  status: "succeeded" | "failed" | "skipped" | "timed_out";
  nodes: Record<string, NodeTestResult>;
  error?: { message: string };
}

export interface TestRunParams {
  flowId: string;
  definition: FlowDefinition;
  /** Whose connections to use; default: the flow's environment. */
  environment?: string;
  /** Trigger payload; default: the trigger's `config.sample`. */
  payload?: unknown;
  /** "Test step": run only this node, with `input` (the previous node's pinned or last test output). */
  nodeId?: string;
  input?: unknown;
  /** For a step: outputs of earlier steps by node name, so `$steps.<name>` resolves as in a full run. */
  steps?: Record<string, unknown>;
  /** Production connections reach live systems: the caller must say so explicitly. */
  confirmProduction?: boolean;
}

export class ProductionNotConfirmedError extends ConflictError {}

/** A test run the draft cannot make: a BAD_REQUEST with the message. */
export class TestRunRefusedError extends BadRequestError {}

export const isProductionEnvironment = (name: string) => /^prod/i.test(name);

/**
 * The engine's services for a test run: real connectors through the runtime's own
 * action runner (@ipaas/execution: same validation, connection resolution with
 * OAuth refresh, outbound policy and redaction), lookups from Postgres, effects
 * only in memory. No rate limit or circuit guard: a test is one person's one call.
 * A fresh resolver per test run, so a connection edited a moment ago is the one
 * used. No sequence claims and no subflows: a test must not move production state
 * (stale-update guards, child runs). "Send X12" renders the document without storing,
 * numbering or sending it: a partner's control numbers and inbox are production state too.
 */
function testServices(db: Db, keyRing: KeyRing | null, environment: string, signal: AbortSignal, secretsSeen: SecretScrubber, outbound: OutboundPolicy): Partial<EngineServices> {
  const connections = new ConnectionResolver(db, keyRing, registry, outbound);
  return {
    runAction: createActionRunner({ registry, connections, environment: async () => environment, signal, secretsSeen }),
    lookup: (table, key) => lookupValue(db, { environment, table, key }),
    lookupMany: (table, keys) => lookupValues(db, { environment, table, keys }),
    sendX12: (call) => previewSendX12(db, call),
  };
}

/** Every handler, short-circuited by `config.pinnedOutput`: a pinned node calls nothing. */
const pinnedHandlers = Object.fromEntries(
  nodeTypes.map((type): [NodeType, NodeHandler] => [
    type,
    async (ctx) => {
      if (ctx.node.config.pinnedOutput === undefined) return defaultHandlers[type](ctx);
      const pinned = ctx.node.config.pinnedOutput;
      return type === "foreach" && Array.isArray(pinned) ? { kind: "fanout", output: pinned } : { kind: "next", output: pinned };
    },
  ]),
) as Record<NodeType, NodeHandler>;

/** One attempt per step: a test shows the first failure at once instead of retrying on a virtual clock. */
function forTesting(definition: FlowDefinition): FlowDefinition {
  return {
    ...definition,
    nodes: definition.nodes.map((n) => ({ ...n, config: { ...n.config, retry: { attempts: 1 } } })),
    settings: { ...definition.settings, retry: { ...definition.settings.retry, attempts: 1 } },
  };
}

/** Runs one node with a given input (no successors) on the engine, as a full run would run it. */
async function runStep(definition: FlowDefinition, node: string, params: { input: unknown; trigger: unknown; steps: Record<string, unknown>; run: RunInfo; services: EngineServices }) {
  const single: FlowDefinition = { ...definition, edges: [] };
  const state = initialState(node, params.input);
  state.outputs["0"] = { ...params.steps };
  const result = await advance(single, state, { trigger: params.trigger, run: params.run, services: params.services, handlers: pinnedHandlers });
  return { steps: result.steps, deadLetters: result.deadLetters };
}

function capped(value: unknown): unknown {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value) ?? "null";
  return text.length <= MAX_VALUE_CHARS ? value : { truncated: true, size: text.length, preview: text.slice(0, 2000) };
}

type StepFailure = { message: string; code?: string; details?: unknown };
const nodeError = ({ message, code, details }: StepFailure): NonNullable<NodeTestResult["error"]> => ({
  message,
  ...(code ? { code } : {}),
  ...(details !== undefined ? { details: capped(details) } : {}),
});

/** Per node: its last attempt in each lineage (foreach items are lineages). */
function summarize(definition: FlowDefinition, steps: StepRecord[], failures: Map<string, StepFailure>): Record<string, NodeTestResult> {
  const nodes: Record<string, NodeTestResult> = {};
  for (const node of definition.nodes) {
    const last = new Map<string, StepRecord>();
    for (const step of steps) if (step.nodeId === node.id) last.set(step.lineage, step);
    const items = [...last.values()];
    if (items.length === 0) {
      nodes[node.id] = { status: "not_run", itemCount: 0 };
      continue;
    }
    const failed = items.find((s) => s.status === "failed");
    const status: NodeTestStatus = failed ? "failed" : items.every((s) => s.status === "skipped") ? "skipped" : "succeeded";
    const pick = (f: (s: StepRecord) => unknown) => capped(items.length === 1 ? f(items[0]!) : items.map(f));
    const error = failed ? (failures.get(node.id) ?? failed.error ?? { message: "failed" }) : undefined;
    nodes[node.id] = { status, itemCount: items.length, input: pick((s) => s.input), output: pick((s) => s.output), ...(error ? { error: nodeError(error) } : {}) };
  }
  return nodes;
}

/**
 * A designer test run of a draft (or of one step): the same engine as the runtime,
 * against the chosen environment's connections, without publishing and without
 * writing a run record. Only the audit log notes that it happened.
 */
/** `outbound`: the designer's outbound network policy; test runs reach only what production runs may. */
export async function testRunDraft(db: Db, keyRing: KeyRing | null, actor: AuditActor, params: TestRunParams, outbound: OutboundPolicy): Promise<TestRunResult> {
  const flow = await getFlow(db, params.flowId);
  const environment = params.environment ?? flow.environment;
  await getEnvironment(db, environment);
  if (isProductionEnvironment(environment) && !params.confirmProduction) {
    throw new ProductionNotConfirmedError(
      `Environment "${environment}" uses live systems: a test run there really calls them (orders may be created). Confirm the production test run (confirmProduction: true) to go ahead.`,
    );
  }
  const definition = forTesting(parseFlowDefinition(await embedSavedMappings(db, params.definition)));
  if (params.nodeId && !definition.nodes.some((n) => n.id === params.nodeId)) throw new NotFoundError(`Node ${params.nodeId} is not in this flow`);
  // The engine starts a whole run at the trigger; without one it would throw mid-request (a 500).
  if (!params.nodeId && !definition.nodes.some((n) => isTriggerType(n.type))) {
    throw new TestRunRefusedError("definition: the flow has no trigger node; add one, or test a single step");
  }
  const trigger = params.payload ?? triggerSample(definition);
  const run: RunInfo = { runId: `test-${randomUUID()}`, flowId: flow.id, correlationId: `test-${randomUUID()}`, businessKey: null };

  const abort = new AbortController();
  // Every secret value that may have made it into the result (an echoing endpoint, an error text) is replaced.
  const secretsSeen = new SecretScrubber({ minLength: 4 });
  const services = testServices(db, keyRing, environment, abort.signal, secretsSeen, outbound);
  const work = params.nodeId
    ? runStep(definition, params.nodeId, { input: params.input ?? trigger, trigger, steps: params.steps ?? {}, run, services: { findEffect: async () => null, checkpoint: async () => {}, runAction: services.runAction!, lookup: services.lookup, lookupMany: services.lookupMany, sendX12: services.sendX12 } })
    : executeFlow(definition, { trigger, run, services, handlers: pinnedHandlers });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), TEST_RUN_TIMEOUT_MS);
  });
  const outcome = await Promise.race([work, timeout]).finally(() => clearTimeout(timer));

  let result: TestRunResult;
  if (outcome === "timeout") {
    abort.abort();
    result = { status: "timed_out", nodes: summarize(definition, [], new Map()), error: { message: `The test run took longer than ${TEST_RUN_TIMEOUT_MS / 1000} s and was stopped` } };
  } else {
    const failures = new Map(outcome.deadLetters.map((d): [string, StepFailure] => [d.item.nodeId, d.error]));
    const first = outcome.deadLetters[0];
    const nodes = summarize(definition, outcome.steps, failures);
    const skipped = !first && Object.values(nodes).some((n) => n.status === "skipped");
    result = { status: first ? "failed" : skipped && params.nodeId ? "skipped" : "succeeded", nodes, ...(first ? { error: { message: `${first.nodeName}: ${first.error.message}` } } : {}) };
  }
  await writeAudit(db, actor, {
    action: "flow.testRun",
    targetType: "flow",
    targetId: flow.id,
    summary: { name: flow.name, environment, status: result.status, ...(params.nodeId ? { nodeId: params.nodeId } : {}) },
  });
  return secretsSeen.json(result);
}
