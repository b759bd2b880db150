import { finishRun, startRun, type Db } from "@ipaas/db";
import { executeFlow } from "@ipaas/flow";
import { createRedisConnection, QUEUES, runJobSchema, runWorkerOptions, type RunJob } from "@ipaas/jobs";
import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Logger } from "../logger";
import type { Metrics } from "../metrics";
import { backoffDelay, RetryLater } from "./backoff";
import { DefinitionCache } from "./definitions";

export interface RunWorkerDeps {
  db: Db;
  redisUrl: string;
  prefix: string;
  concurrency: number;
  logger: Logger;
  metrics: Metrics;
  env?: Record<string, string>;
}

/**
 * Executes one run per job: start → interpret → persist all steps in one
 * checkpoint. Retryable failures go back to the queue with the flow's backoff;
 * the last attempt, and every non-retryable failure, ends in a dead letter.
 */
export function createRunProcessor(deps: Omit<RunWorkerDeps, "redisUrl" | "prefix" | "concurrency">) {
  const definitions = new DefinitionCache(deps.db);

  return async function processRun(job: Job<RunJob>): Promise<string> {
    const parsed = runJobSchema.safeParse(job.data);
    // A malformed payload will never become valid: fail it without retries.
    if (!parsed.success) throw new UnrecoverableError(`Invalid run job payload: ${parsed.error.message}`);
    const { runId, flowId, flowVersionId } = parsed.data;

    const run = await startRun(deps.db, runId);
    if (!run) return "skipped: run already finished"; // duplicate delivery of a finished run
    const log = deps.logger.child({ runId, flowId, correlationId: run.correlationId });
    const definition = await definitions.get(flowVersionId);
    const attempt = job.attemptsMade + 1;

    const result = await executeFlow(definition, {
      trigger: run.triggerPayload,
      run: { runId, flowId, correlationId: run.correlationId, businessKey: run.businessKey },
      env: deps.env ?? {},
    });
    for (const step of result.steps) {
      deps.metrics.stepDuration.observe({ node_type: step.nodeType, status: step.status }, step.durationMs / 1000);
    }
    const steps = result.steps.map((s) => ({ ...s, attempt }));

    if (result.status === "succeeded") {
      await finishRun(deps.db, { runId, status: "succeeded", output: result.output, steps });
      deps.metrics.runsTotal.inc({ status: "succeeded" });
      log.debug({ steps: steps.length }, "run succeeded");
      return "succeeded";
    }

    const error = result.error.toJSON();
    const retry = definition.settings.retry;
    if (result.error.errorClass === "retryable" && attempt < retry.attempts) {
      const delayMs = backoffDelay(attempt, retry);
      await finishRun(deps.db, { runId, status: "failed", error, steps });
      deps.metrics.runsTotal.inc({ status: "failed" });
      log.warn({ attempt, delayMs, err: error }, "step failed, will retry");
      throw new RetryLater(error.message, delayMs);
    }

    const failedStep = result.steps.at(-1);
    await finishRun(deps.db, {
      runId,
      status: "dead",
      error,
      steps,
      deadLetter: {
        flowId,
        nodeId: result.failedNodeId,
        lineage: failedStep?.lineage ?? "0",
        input: failedStep?.input ?? null,
        attempts: attempt,
        correlationId: run.correlationId,
        businessKey: run.businessKey,
      },
    });
    deps.metrics.runsTotal.inc({ status: "dead" });
    log.error({ attempt, err: error, nodeId: result.failedNodeId }, "run dead-lettered");
    return "dead";
  };
}

export function createRunWorker(deps: RunWorkerDeps): Worker<RunJob, string> {
  const worker = new Worker<RunJob, string>(QUEUES.runs, createRunProcessor(deps), {
    connection: createRedisConnection(deps.redisUrl),
    prefix: deps.prefix,
    concurrency: deps.concurrency,
    ...runWorkerOptions,
    settings: {
      // The processor computed the delay from the flow's policy; BullMQ just applies it.
      backoffStrategy: (_attemptsMade, _type, err) => (err instanceof RetryLater ? err.delayMs : 1000),
    },
  });
  worker.on("failed", (job, err) => {
    if (err instanceof RetryLater) return;
    deps.logger.error({ jobId: job?.id, err: err.message }, "run job failed outside the engine");
  });
  // A Redis hiccup must not crash the process; BullMQ reconnects.
  worker.on("error", (err) => deps.logger.error({ err: err.message }, "worker error"));
  return worker;
}
