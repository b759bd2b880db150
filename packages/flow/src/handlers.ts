import { StepError } from "./errors";
import { isRejectedEdi, type RejectedEdiDocument } from "./edi";
import type { FlowNode, FlowSettings, NodeType } from "./model";
import { configOf } from "./node-config";
import type { RunLimits, RunState, WorkItem } from "./state";

export interface RunInfo {
  runId: string;
  flowId: string;
  correlationId: string;
  businessKey: string | null;
}

/** A connector operation to call; the runtime resolves the connection and applies limits. */
export interface ActionCall {
  connectorId: string;
  operation: string;
  connectionId?: string;
  connectionName?: string;
  input: unknown;
  /** Same for every attempt and resubmission of this node in this lineage: targets dedupe on it. */
  idempotencyKey: string;
  correlationId: string;
  attempt: number;
  /** The node's own request timeout (`config.timeoutMs`); the HTTP client's default otherwise. */
  timeoutMs?: number;
}

/**
 * A "Send X12" step's document (docs/architecture.md "EDI documents"): the host validates
 * `input`, envelopes it for the partner with its next control numbers and delivers it.
 */
export interface SendX12Call {
  partnerId: string;
  set: string;
  input: unknown;
  /** Same for every attempt of this node in this lineage: a retried step sends its document once. */
  idempotencyKey: string;
  runId: string;
  correlationId: string;
}

/** What a "Send X12" step outputs: the stored interchange, its control numbers and its delivery status. */
export interface SendX12Result {
  interchangeId: string | null;
  controlNumbers: { interchange: string; group: string; sets: string[] };
  status: string;
  /** A designer test run's preview: the document as it would be sent. */
  x12?: string;
}

/** What the engine needs from its host (runtime worker, or designer test run). */
export interface EngineServices {
  runAction(call: ActionCall): Promise<unknown>;
  /** Effect ledger: a completed side effect's recorded result. */
  findEffect(key: string): Promise<{ result: unknown } | null>;
  /** Persists steps, effects, dead letters and state together (a checkpoint). */
  checkpoint(checkpoint: Checkpoint): Promise<void>;
  lookup?(table: string, key: string): Promise<unknown>;
  /** Many keys of one table in one read (`$lookup(table, [keys])` in expressions); keys not found are absent. */
  lookupMany?(table: string, keys: string[]): Promise<ReadonlyMap<string, unknown>>;
  /** Stale-update guard: true when `sequence` is not older than the last applied one for the entity. */
  claimSequence?(scope: string, entityKey: string, sequence: number): Promise<boolean>;
  /**
   * Runs another flow with `input` and resolves to its output. `key` is stable for
   * this node in this lineage, so a retry finds the same child run, not a new one.
   */
  runSubflow?(flowId: string, input: unknown, call: { parent: RunInfo; key: string }): Promise<unknown>;
  /**
   * Reads a rejected EDI document again (a `trigger.edi` dead letter resubmitted, usually with
   * corrected raw text): resolves to the trigger payload an accepted set gets, or throws the
   * non-retryable EDI_REJECTED with the validation issues (docs/architecture.md "EDI documents").
   */
  readEdi?(document: RejectedEdiDocument, run: RunInfo): Promise<unknown>;
  /** Sends an X12 document to a trading partner (the `edi.send` node); hosts without EDI leave it out. */
  sendX12?(call: SendX12Call): Promise<SendX12Result>;
}

export interface StepRecord {
  seq: number;
  nodeId: string;
  nodeName: string;
  nodeType: NodeType;
  /** The connector an action/trigger node calls; null for logic nodes. */
  connector: string | null;
  lineage: string;
  attempt: number;
  status: "succeeded" | "failed" | "skipped";
  input: unknown;
  output: unknown;
  error: ReturnType<StepError["toJSON"]> | null;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
}

export interface EffectRecord {
  idempotencyKey: string;
  nodeId: string;
  result: unknown;
}

export interface DeadItem {
  item: WorkItem;
  nodeName: string;
  /** The input to show and edit: for actions, the operation's input once it was mapped. */
  input: unknown;
  resolved: boolean;
  error: ReturnType<StepError["toJSON"]>;
}

export interface Checkpoint {
  steps: StepRecord[];
  effects: EffectRecord[];
  deadLetters: DeadItem[];
  state: RunState;
  /** `state` as JSON, when the engine already serialised it (to measure it): store this text. */
  stateJson?: string;
}

export interface NodeContext {
  node: FlowNode;
  item: WorkItem;
  run: RunInfo;
  services: EngineServices;
  idempotencyKey: string;
  now: number;
  limits: RunLimits;
  /** The flow's settings (default connections per connector). */
  settings: FlowSettings;
  /** Evaluates JSONata with `$` = input (default: the item's input) and `$trigger`, `$steps`, `$run`, `$env` bound. */
  evaluate(expression: string, input?: unknown): Promise<unknown>;
  /** Replaces what the step records as its input (actions record the mapped operation input). */
  recordInput(input: unknown, resolved: boolean): void;
}

export type NodeOutcome =
  | { kind: "next"; output: unknown; handle?: string; effect?: boolean }
  | { kind: "stop"; output: unknown; reason: "filtered" | "stale" }
  | { kind: "fanout"; output: unknown[] }
  | { kind: "wait"; output: unknown; until: number };

export type NodeHandler = (ctx: NodeContext) => Promise<NodeOutcome>;

const str = (node: FlowNode, field: string): string => {
  const value = node.config[field];
  if (typeof value !== "string" || value.trim() === "") {
    throw new StepError(`Node "${node.name}": config.${field} must be a non-empty expression`, "non_retryable", "INVALID_CONFIG", { path: `config.${field}` });
  }
  return value;
};

const passThrough: NodeHandler = async (ctx) => ({ kind: "next", output: ctx.item.input });

/**
 * An accepted set's payload passes through; a rejected one (`isRejectedEdi`) is read again by the
 * host, so the first run dead-letters at the trigger with the raw text and its issues, and a
 * resubmission with corrected text continues as if the set had been accepted.
 */
const readEdiTrigger: NodeHandler = async (ctx) => {
  const input = ctx.item.input;
  if (!isRejectedEdi(input)) return passThrough(ctx);
  if (!ctx.services.readEdi) throw new StepError(`EDI ${input.set} from partner ${input.partnerId} was rejected: ${input.issues.join("; ")}`, "non_retryable", "EDI_REJECTED", { issues: input.issues });
  return { kind: "next", output: await ctx.services.readEdi(input, ctx.run) };
};

export const handlers: Record<NodeType, NodeHandler> = {
  "trigger.manual": passThrough,
  "trigger.webhook": passThrough,
  "trigger.api": passThrough,
  "trigger.schedule": passThrough,
  "trigger.poll": passThrough,
  "trigger.edi": readEdiTrigger,

  map: async (ctx) => ({ kind: "next", output: await ctx.evaluate(str(ctx.node, "expression")) }),

  filter: async (ctx) =>
    (await ctx.evaluate(str(ctx.node, "condition")))
      ? { kind: "next", output: ctx.item.input }
      : { kind: "stop", output: ctx.item.input, reason: "filtered" },

  branch: async (ctx) => {
    const cases = configOf(ctx.node, "branch").cases ?? [];
    for (const c of cases) {
      if (await ctx.evaluate(c.condition)) return { kind: "next", output: ctx.item.input, handle: c.id };
    }
    return { kind: "next", output: ctx.item.input, handle: "default" };
  },

  foreach: async (ctx) => {
    const items = await ctx.evaluate(str(ctx.node, "items"));
    if (items === undefined || items === null) return { kind: "fanout", output: [] };
    const list = Array.isArray(items) ? items : [items];
    // Past the limit nothing fans out: the step dead-letters with its input, to be resubmitted once the limit is raised.
    if (list.length > ctx.limits.maxForeachItems) {
      throw new StepError(
        `Node "${ctx.node.name}": items gave ${list.length} items, over the foreach limit of ${ctx.limits.maxForeachItems} (RUNTIME_MAX_FOREACH_ITEMS)`,
        "non_retryable",
        "FOREACH_TOO_MANY_ITEMS",
        { path: "config.items", items: list.length, limit: ctx.limits.maxForeachItems },
      );
    }
    return { kind: "fanout", output: list };
  },

  delay: async (ctx) => {
    const { ms, until } = configOf(ctx.node, "delay");
    if (typeof ms === "number") return { kind: "wait", output: ctx.item.input, until: ctx.now + ms };
    const at = new Date(String(await ctx.evaluate(until ?? "")));
    if (Number.isNaN(at.getTime())) throw new StepError(`Node "${ctx.node.name}": until did not give a date`, "non_retryable", "INVALID_DATE");
    return { kind: "wait", output: ctx.item.input, until: at.getTime() };
  },

  lookup: async (ctx) => {
    const config = configOf(ctx.node, "lookup");
    const { table, onMissing } = config;
    if (!ctx.services.lookup) throw new StepError("Lookups are not available here", "non_retryable", "UNSUPPORTED_NODE");
    const key = String(await ctx.evaluate(str(ctx.node, "key")));
    const value = await ctx.services.lookup(table, key);
    if (value !== undefined) return { kind: "next", output: value };
    // A missing key fails unless the node says what to use instead (onMissing "default", or a default value):
    // an empty reference passed on only fails later, at the target (docs/architecture.md "Failures, retries and dead letters").
    if ((onMissing ?? (config.default === undefined ? "fail" : "default")) === "fail") {
      throw new StepError(`Node "${ctx.node.name}": ${key} not found in ${table}`, "non_retryable", "LOOKUP_MISSING", { path: "key", table, key });
    }
    return { kind: "next", output: config.default ?? null };
  },

  subflow: async (ctx) => {
    if (!ctx.services.runSubflow) throw new StepError("Subflows are not available here", "non_retryable", "UNSUPPORTED_NODE");
    const config = configOf(ctx.node, "subflow");
    const input = typeof config.input === "string" ? await ctx.evaluate(config.input) : ctx.item.input;
    return { kind: "next", output: await ctx.services.runSubflow(String(config.flowId), input, { parent: ctx.run, key: ctx.idempotencyKey }) };
  },

  respond: async (ctx) => {
    const { status, headers } = configOf(ctx.node, "respond");
    return { kind: "next", output: { status: status ?? 200, headers: headers ?? {}, body: await ctx.evaluate(str(ctx.node, "body")) } };
  },

  "edi.send": async (ctx) => {
    if (!ctx.services.sendX12) throw new StepError("Sending X12 is not available here", "non_retryable", "UNSUPPORTED_NODE");
    const { partnerId, set } = configOf(ctx.node, "edi.send");
    const input = ctx.item.resolved ? ctx.item.input : await ctx.evaluate(str(ctx.node, "input"));
    ctx.recordInput(input, true);
    // Like an action: a step completed before returns what it sent (docs/architecture.md "Checkpoints and the effect ledger").
    const done = await ctx.services.findEffect(ctx.idempotencyKey);
    if (done) return { kind: "next", output: done.result };
    const result = await ctx.services.sendX12({ partnerId, set, input, idempotencyKey: ctx.idempotencyKey, runId: ctx.run.runId, correlationId: ctx.run.correlationId });
    return { kind: "next", output: result, effect: true };
  },

  action: async (ctx) => {
    const config = configOf(ctx.node, "action");
    const input = ctx.item.resolved ? ctx.item.input : await ctx.evaluate(str(ctx.node, "input"));
    ctx.recordInput(input, true);

    if (config.stale && ctx.services.claimSequence) {
      const entityKey = String(await ctx.evaluate(config.stale.entityKey, input));
      const sequence = Number(await ctx.evaluate(config.stale.sequence, input));
      if (!Number.isFinite(sequence)) throw new StepError(`Node "${ctx.node.name}": stale.sequence is not a number`, "non_retryable", "INVALID_SEQUENCE");
      const scope = config.stale.scope ?? `${ctx.run.flowId}:${ctx.node.id}`;
      if (!(await ctx.services.claimSequence(scope, entityKey, sequence))) {
        return { kind: "stop", output: { stale: true, entityKey, sequence }, reason: "stale" };
      }
    }

    // Completed before (a retry after a crash, or a resubmission): return what it did.
    const done = await ctx.services.findEffect(ctx.idempotencyKey);
    if (done) return { kind: "next", output: done.result };
    const result = await ctx.services.runAction({
      connectorId: config.connectorId,
      operation: config.operation,
      connectionId: config.connectionId,
      // A step naming no connection uses the flow's default for its connector (docs/architecture.md "Flow model").
      connectionName: config.connectionName ?? (config.connectionId ? undefined : ctx.settings.defaultConnections?.[config.connectorId]),
      input,
      idempotencyKey: ctx.idempotencyKey,
      correlationId: ctx.run.correlationId,
      attempt: ctx.item.attempt,
      ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
    });
    return { kind: "next", output: result, effect: true };
  },
};
