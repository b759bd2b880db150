import type { ConnectorDefinition, ConnectorRegistry } from "@ipaas/connectors";
import { claimSequence, findEffect, getRunWithSteps, lookupValue, lookupValues, type Db, type ProgressWriter } from "@ipaas/db";
import { createActionRunner, type ConnectionResolver, type ResolvedConnection } from "@ipaas/execution";
import { dispatchRun, type RunJob } from "@ipaas/jobs";
import type { Queue } from "bullmq";
import type { RunEvents } from "../run-events";
import { DeferStep, StepError, type Checkpoint, type EngineServices, type RunInfo } from "@ipaas/flow";
import { DEFAULT_CIRCUIT, type CircuitBreaker } from "../limits/circuit-breaker";
import type { RateLimiter } from "../limits/rate-limiter";
import type { LookupCache } from "./lookup-cache";
import { toDeadLetterInputs, toStepInputs } from "./records";

export interface ServiceDeps {
  db: Db;
  progress: ProgressWriter;
  /** Where subflow runs are dispatched. */
  queue: Queue<RunJob>;
  events?: RunEvents;
  registry: ConnectorRegistry;
  connections: ConnectionResolver;
  limits: { circuit: CircuitBreaker; rate: RateLimiter };
  signal?: AbortSignal;
  /** The process's cross-reference cache; without it every lookup reads the database. */
  lookups?: LookupCache;
  /** Sends X12 to trading partners ("Send X12" steps, src/edi/send.ts); without it those steps fail as unsupported. */
  sendX12?: EngineServices["sendX12"];
}

/** Per-connection overrides, kept in the connection's config beside the connector's own fields. */
interface ConnectionLimits {
  requestsPerSecond?: number;
  burst?: number;
  failureThreshold?: number;
  cooldownMs?: number;
}

/** How long a subflow step holds its worker slot waiting for the child run. */
const SUBFLOW_WAIT_MS = 10_000;

/** A wait this short is served in place; a longer one hands the step back to the queue. */
const MAX_INLINE_WAIT_MS = 2000;

/**
 * Runs a connector call under the connection's circuit breaker and shared rate
 * limit. An open circuit or a long rate-limit wait defers the step (no attempt
 * used); retryable failures count towards opening the circuit.
 */
async function guarded<T>(deps: ServiceDeps, connection: ResolvedConnection, connector: ConnectorDefinition, call: () => Promise<T>): Promise<T> {
  const limits = (connection.config.limits ?? {}) as ConnectionLimits;
  const circuit = { ...DEFAULT_CIRCUIT, ...(limits.failureThreshold ? { failureThreshold: limits.failureThreshold } : {}), ...(limits.cooldownMs ? { cooldownMs: limits.cooldownMs } : {}) };
  const decision = await deps.limits.circuit.check(connection.id, circuit);
  if (!decision.allow) throw new DeferStep(`Connection "${connection.name}" ${decision.offline ? "is offline; waiting until a connection test passes" : "is failing; its circuit is open"}`, decision.retryInMs);
  const rate = limits.requestsPerSecond ? { requestsPerSecond: limits.requestsPerSecond, burst: limits.burst } : connector.rateLimit;
  if (rate) {
    for (let wait = await deps.limits.rate.acquire(connection.id, rate); wait > 0; wait = await deps.limits.rate.acquire(connection.id, rate)) {
      if (wait > MAX_INLINE_WAIT_MS) throw new DeferStep(`Connection "${connection.name}" is at its rate limit`, wait);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
  try {
    const result = await call();
    if (decision.dirty) await deps.limits.circuit.success(connection.id);
    return result;
  } catch (err) {
    if (err instanceof StepError && err.errorClass === "retryable") await deps.limits.circuit.failure(connection.id, circuit);
    throw err;
  }
}

/**
 * The engine's view of the outside world for one run: connectors, ledger, lookups,
 * checkpoints. `fresh`: the run has no saved state yet, so no effect of it can be
 * in the ledger (ledger rows are only written together with state) and lookups
 * are skipped — one round trip less per order on the hot path. `environment`
 * gives the flow's environment (cached per flow), asked for connections referenced by
 * name and for the cross-reference entries `$lookup` and the lookup node read.
 */
export function createEngineServices(deps: ServiceDeps, run: RunInfo, options: { fresh?: boolean; environment: () => Promise<string> }): EngineServices {
  return {
    // Operation, input, connection and redaction are shared with the designer's test runs; the guard is the runtime's.
    runAction: createActionRunner({
      registry: deps.registry,
      connections: deps.connections,
      environment: options.environment,
      signal: deps.signal,
      guard: (connection, connector, call) => guarded(deps, connection, connector, call),
    }),
    async runSubflow(flowId, input, { parent, key }) {
      // The child is a run of its own (visible, retried, dead-lettered on its own),
      // created once per parent step: the key makes a repeated dispatch find it again.
      const child = await dispatchRun(
        { db: deps.db, queue: deps.queue },
        { flowId, triggerType: "subflow", payload: input, triggerEventId: `subflow:${key}`, correlationId: parent.correlationId, parentRunId: parent.runId },
      );
      const status = async () => (await getRunWithSteps(deps.db, child.runId))?.run;
      const done = (s: string | undefined) => s !== undefined && ["succeeded", "dead", "skipped", "discarded"].includes(s);
      const finished = deps.events ? await deps.events.waitFor(child.runId, SUBFLOW_WAIT_MS, async () => done((await status())?.status)) : done((await status())?.status);
      const run = await status();
      // Not finished yet: give the worker slot back and look again shortly.
      if (!finished || !run) throw new DeferStep(`Waiting for subflow run ${child.runId}`, 1000);
      if (run.status === "succeeded" || run.status === "skipped") return run.output;
      throw new StepError(`Subflow run ${child.runId} ended ${run.status}; fix it there, then retry this step`, "non_retryable", "SUBFLOW_FAILED", { runId: child.runId });
    },
    findEffect: async (key) => (options.fresh ? null : findEffect(deps.db, key)),
    // The flow's environment's entries; options.environment() is cached per flow, so a hot flow adds no query.
    lookup: async (table, key) => {
      const environment = await options.environment();
      return deps.lookups ? deps.lookups.lookup(environment, table, key) : lookupValue(deps.db, { environment, table, key });
    },
    lookupMany: async (table, keys) => {
      const environment = await options.environment();
      return deps.lookups ? deps.lookups.lookupMany(environment, table, keys) : lookupValues(deps.db, { environment, table, keys });
    },
    claimSequence: (scope, key, seq) => claimSequence(deps.db, scope, key, seq),
    // A rejected EDI set's dead letter, resubmitted (docs/architecture.md "EDI documents");
    // loaded on first use, so the X12 engine is not on every worker's start-up path.
    readEdi: async (document, info) => (await import("../edi/read-edi")).readRejectedEdi(deps.db, document, info),
    ...(deps.sendX12 ? { sendX12: deps.sendX12 } : {}),
    async checkpoint(c: Checkpoint) {
      await deps.progress.write({
        runId: run.runId,
        flowId: run.flowId,
        correlationId: run.correlationId,
        businessKey: run.businessKey,
        steps: toStepInputs(c.steps),
        effects: c.effects,
        deadLetters: toDeadLetterInputs(c.deadLetters),
        state: c.state,
        stateJson: c.stateJson,
        outcome: { kind: "checkpoint" },
      });
    },
  };
}
