import type { ConnectorRegistry } from "@ipaas/connectors";
import { claimRun, markRunning, type Db, type ProgressWriter } from "@ipaas/db";
import type { ConnectionResolver } from "@ipaas/execution";
import { advance, configOf, initialState, triggerNodeOf, type EngineServices, type RunLimits, type RunState } from "@ipaas/flow";
import { createRedisConnection, enqueueRun, QUEUES, runJobSchema, runWorkerOptions, type RunJob } from "@ipaas/jobs";
import { DelayedError, UnrecoverableError, Worker, type Job, type Queue } from "bullmq";
import type { Logger } from "../logger";
import type { Metrics } from "../metrics";
import type { CircuitBreaker } from "../limits/circuit-breaker";
import type { FlowConcurrency } from "../limits/flow-concurrency";
import type { RateLimiter } from "../limits/rate-limiter";
import type { RunEvents } from "../run-events";
import { DefinitionCache, FlowEnvironmentCache } from "./definitions";
import { toDeadLetterInputs, toStepInputs } from "./records";
import type { LookupCache } from "./lookup-cache";
import { startErrorFlow } from "./error-flow";
import { createEngineServices } from "./services";

export interface RunWorkerDeps {
  db: Db;
  /** Batches run writes into shared commits (group commit). */
  progress: ProgressWriter;
  /** Where continuations (retries, delays) are enqueued. */
  queue: Queue<RunJob>;
  registry: ConnectorRegistry;
  connections: ConnectionResolver;
  limits: { circuit: CircuitBreaker; rate: RateLimiter; flows?: FlowConcurrency };
  /** The process's cross-reference cache (LISTENing for changes); without it lookups read the database each time. */
  lookups?: LookupCache;
  /** Tells a waiting API trigger that its run finished. */
  events?: RunEvents;
  /** "Send X12" steps (src/edi/send.ts). */
  sendX12?: EngineServices["sendX12"];
  redisUrl: string;
  prefix: string;
  concurrency: number;
  /** Overrides of runWorkerOptions (lockDuration, stalledInterval). */
  workerOptions?: Partial<typeof runWorkerOptions>;
  logger: Logger;
  metrics: Metrics;
  env?: Record<string, string>;
  /** Foreach fan-out and run state bounds (RUNTIME_MAX_FOREACH_ITEMS, RUNTIME_MAX_RUN_STATE_BYTES); the engine's defaults otherwise. */
  runLimits?: Partial<RunLimits>;
}

/**
 * One job advances one run as far as it can: claim the run for this job number,
 * run every ready step, persist. If work remains (a retry backoff, a delay), the
 * state is saved with the next job number and that job is enqueued with a delay,
 * so no worker sleeps on a run and a crash never loses more than the current job.
 */
export function createRunProcessor(deps: Omit<RunWorkerDeps, "redisUrl" | "prefix" | "concurrency">) {
  const definitions = new DefinitionCache(deps.db);
  const environments = new FlowEnvironmentCache(deps.db);

  return async function processRun(job: Job<RunJob>, token?: string): Promise<string> {
    const parsed = runJobSchema.safeParse(job.data);
    // A malformed payload will never become valid: fail it without retries.
    if (!parsed.success) throw new UnrecoverableError(`Invalid run job payload: ${parsed.error.message}`);
    const { flowId, flowVersionId } = parsed.data;
    const limit = (await definitions.get(flowVersionId)).settings.concurrency;
    if (!limit || !deps.limits.flows) return advanceRun(parsed.data);
    // Per-flow concurrency: over the limit, the job steps aside for a moment (it stays this job).
    if (!(await deps.limits.flows.acquire(flowId, job.id ?? "", limit))) {
      await job.moveToDelayed(Date.now() + 200 + Math.round(Math.random() * 300), token);
      throw new DelayedError();
    }
    try {
      return await advanceRun(parsed.data);
    } finally {
      await deps.limits.flows.release(flowId, job.id ?? "");
    }
  };

  async function advanceRun({ runId, flowVersionId, seq }: { runId: string; flowVersionId: string; seq: number }): Promise<string> {
    const run = await claimRun(deps.db, runId, seq);
    if (!run) return "skipped: superseded or finished";
    const startedAt = new Date();
    // Only a run still going after a second is worth a write to say it is running.
    const runningMark = setTimeout(() => void markRunning(deps.db, runId, seq, startedAt).catch(() => {}), 1000);
    try {
      return await execute(run, seq, flowVersionId, startedAt);
    } finally {
      clearTimeout(runningMark);
    }
  }

  async function execute(run: NonNullable<Awaited<ReturnType<typeof claimRun>>>, seq: number, flowVersionId: string, startedAt: Date): Promise<string> {
    const runId = run.id;
    const flowId = run.flowId;
    const info = { runId, flowId, correlationId: run.correlationId, businessKey: run.businessKey };
    const log = deps.logger.child({ runId, flowId, correlationId: run.correlationId });
    const definition = await definitions.get(flowVersionId);
    const state = (run.state as RunState | null) ?? initialState(triggerNodeOf(definition).id, run.triggerPayload);

    const result = await advance(definition, state, {
      trigger: run.triggerPayload,
      run: info,
      env: deps.env,
      limits: deps.runLimits,
      services: createEngineServices(deps, info, { fresh: run.state === null, environment: () => environments.get(flowId) }),
    });
    for (const step of result.steps) {
      const node = step.nodeType === "action" ? definition.nodes.find((n) => n.id === step.nodeId) : undefined;
      const config = node ? configOf(node, "action") : undefined;
      deps.metrics.stepDuration.observe(
        { node_type: step.nodeType, connector: String(config?.connectorId ?? ""), operation: String(config?.operation ?? ""), status: step.status },
        step.durationMs / 1000,
      );
    }

    const base = {
      ...info,
      startedAt,
      steps: toStepInputs(result.steps),
      effects: result.effects,
      deadLetters: toDeadLetterInputs(result.deadLetters),
      state: result.state,
      stateJson: result.stateJson,
    };
    if (result.done) {
      await deps.progress.write({ ...base, outcome: { kind: "finished", status: result.stale ? "skipped" : "succeeded", output: result.response ?? result.output } });
      // Someone may be waiting on this run: an API caller, or the parent of a subflow.
      if (run.triggerType === "trigger.api" || run.parentRunId) await deps.events?.publishFinished(runId);
      const status = result.deadLetters.length > 0 ? "dead" : result.stale ? "skipped" : "succeeded";
      if (status === "succeeded") deps.metrics.syncLag.observe({ flow_id: flowId }, (Date.now() - run.createdAt.getTime()) / 1000);
      deps.metrics.runsTotal.inc({ status });
      if (result.deadLetters.length > 0) log.warn({ deadLetters: result.deadLetters.map((d) => ({ nodeId: d.item.nodeId, lineage: d.item.lineage, error: d.error })) }, "run dead-lettered");
      // A run left with open dead letters (from this job or an earlier one) is dead: start its error flow.
      // A fresh run that dead-lettered nothing has no earlier letters: no query on the hot path's successes.
      const mayBeDead = result.deadLetters.length > 0 || run.state !== null;
      if (definition.settings.errorFlowId && mayBeDead) await startErrorFlow({ ...deps, logger: log }, { run, definition });
      else log.debug({ steps: result.steps.length }, "run finished");
      return status;
    }

    const next = seq + 1;
    const wakeAt = result.wakeAt ?? Date.now();
    const lastFailure = [...result.steps].reverse().find((s) => s.status === "failed");
    await deps.progress.write({
      ...base,
      outcome: { kind: "waiting", status: result.retrying ? "failed" : "queued", wakeAt: new Date(wakeAt), jobSeq: next, error: lastFailure?.error ?? null },
    });
    // If this enqueue is lost (crash right here), the sweeper finds the overdue run.
    await enqueueRun(deps.queue, { runId, flowId, flowVersionId, seq: next }, { delayMs: wakeAt - Date.now() });
    // A deferred step (open circuit, offline connection) failed nothing this time: no "failed" count, no log line per wake-up.
    if (result.retrying && lastFailure) {
      deps.metrics.runsTotal.inc({ status: "failed" });
      log.info({ wakeAt: new Date(wakeAt).toISOString(), err: lastFailure?.error }, "step failed; retry scheduled");
    }
    return "waiting";
  }
}

export function createRunWorker(deps: RunWorkerDeps): Worker<RunJob, string> {
  const worker = new Worker<RunJob, string>(QUEUES.runs, createRunProcessor(deps), {
    connection: createRedisConnection(deps.redisUrl),
    prefix: deps.prefix,
    concurrency: deps.concurrency,
    ...runWorkerOptions,
    ...deps.workerOptions,
  });
  worker.on("failed", (job, err) => deps.logger.error({ jobId: job?.id, err: err.message }, "run job failed outside the engine"));
  // A Redis hiccup must not crash the process; BullMQ reconnects.
  worker.on("error", (err) => deps.logger.error({ err: err.message }, "worker error"));
  return worker;
}
