import type { ConnectorRegistry } from "@ipaas/connectors";
import { createHttpClient } from "@ipaas/connectors";
import { getTriggerCursor, recordPollError, saveTriggerCursor, type Db } from "@ipaas/db";
import { configOf, isTriggerType, StepError } from "@ipaas/flow";
import { dispatchRun, loadRunnableFlow, type RunJob } from "@ipaas/jobs";
import type { Queue } from "bullmq";
import type { Logger } from "../logger";
import { scrubberFor, type ConnectionResolver } from "@ipaas/execution";
import { circuitPolicyOf, type CircuitBreaker } from "../limits/circuit-breaker";

export interface PollDeps {
  db: Db;
  runs: Queue<RunJob>;
  registry: ConnectorRegistry;
  connections: ConnectionResolver;
  logger: Logger;
  /** Counts a poll's retryable failures like a step's, so a source that only polls still opens its circuit (docs/architecture.md "Connection health"). */
  circuit?: CircuitBreaker;
}

/**
 * One poll of a flow's poll trigger: fetch changes since the stored cursor,
 * dispatch a run per item (the item id is the trigger event id, so an item seen
 * twice runs once), then store the new cursor. A crash before the cursor is saved
 * re-fetches the same items, which then dedupe: nothing lost, nothing doubled.
 */
export async function pollOnce(deps: PollDeps, flowId: string): Promise<{ items: number; created: number }> {
  const runnable = await loadRunnableFlow(deps.db, flowId);
  const trigger = runnable.definition.nodes.find((n) => isTriggerType(n.type));
  if (trigger?.type !== "trigger.poll") return { items: 0, created: 0 };
  const config = configOf(trigger, "trigger.poll");
  const poll = deps.registry.get(config.connectorId)?.polls?.[config.operation];
  if (!poll) throw new Error(`Unknown poll trigger ${config.connectorId}.${config.operation}`);
  const connection = await deps.connections.resolve({ connectionId: config.connectionId, connectionName: config.connectionName }, runnable.environment);
  const stored = await getTriggerCursor(deps.db, flowId);
  const correlationId = `poll-${flowId}-${Date.now()}`;
  // The same redaction as an action step's result: a source echoing the request must not put a secret into trigger payloads or the designer's poll error.
  const scrubber = scrubberFor(connection.secrets);
  try {
    const { items, cursor } = await poll.run(
      { connection, http: createHttpClient({ policy: deps.connections.outbound, correlationId }), idempotencyKey: correlationId, correlationId },
      { cursor: stored?.cursor ?? null, options: poll.options.parse(config.options ?? {}) },
    );
    let created = 0;
    for (const item of items) {
      const payload = scrubber ? scrubber.json(item.payload) : item.payload;
      const result = await dispatchRun({ db: deps.db, queue: deps.runs }, { flowId, runnable, triggerType: "trigger.poll", payload, triggerEventId: `poll:${item.id}` });
      if (!result.duplicate) created++;
    }
    await saveTriggerCursor(deps.db, { flowId, cursor });
    if (created) deps.logger.info({ flowId, items: items.length, created }, "poll dispatched runs");
    return { items: items.length, created };
  } catch (err) {
    // Kept on the cursor row so the designer can show why a poll trigger is stuck.
    const raw = err instanceof Error ? err.message : String(err);
    const message = scrubber ? scrubber.text(raw) : raw;
    await recordPollError(deps.db, { flowId, cursor: stored?.cursor ?? null, error: message });
    if (err instanceof StepError && err.errorClass === "retryable") await deps.circuit?.failure(connection.id, circuitPolicyOf(connection.config));
    throw err;
  }
}
