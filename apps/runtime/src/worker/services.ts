import type { ConnectorRegistry } from "@ipaas/connectors";
import { createHttpClient } from "@ipaas/connectors";
import { claimSequence, findEffect, lookupValue, persistProgress, type Db } from "@ipaas/db";
import { StepError, type Checkpoint, type EngineServices, type RunInfo } from "@ipaas/flow";
import type { ConnectionResolver } from "./connections";
import { toDeadLetterInputs, toStepInputs } from "./records";

export interface ServiceDeps {
  db: Db;
  registry: ConnectorRegistry;
  connections: ConnectionResolver;
  signal?: AbortSignal;
}

/** The engine's view of the outside world for one run: connectors, ledger, lookups, checkpoints. */
export function createEngineServices(deps: ServiceDeps, run: RunInfo): EngineServices {
  return {
    async runAction(call) {
      const connector = deps.registry.get(call.connectorId);
      const action = connector?.actions[call.operation];
      if (!connector || !action) throw new StepError(`Unknown connector operation ${call.connectorId}.${call.operation}`, "non_retryable", "UNKNOWN_OPERATION");
      const parsed = action.input.safeParse(call.input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const path = issue?.path.join(".") ?? "";
        throw new StepError(`Input of ${connector.name} "${action.name}" is invalid: ${path ? `${path}: ` : ""}${issue?.message}`, "non_retryable", "INVALID_INPUT", {
          path,
          issues: parsed.error.issues.map((i: { path: PropertyKey[]; message: string }) => ({ path: i.path.join("."), message: i.message })),
        });
      }
      const connection = await deps.connections.resolve(call);
      if (connection.connectorId !== connector.id) {
        throw new StepError(`Connection "${connection.name}" is for ${connection.connectorId}, not ${connector.id}`, "non_retryable", "WRONG_CONNECTION");
      }
      const http = createHttpClient({ correlationId: call.correlationId, idempotencyKey: action.sideEffect ? call.idempotencyKey : undefined, signal: deps.signal });
      return action.run({ connection, http, idempotencyKey: call.idempotencyKey, correlationId: call.correlationId, signal: deps.signal }, parsed.data);
    },
    findEffect: (key) => findEffect(deps.db, key),
    lookup: (table, key) => lookupValue(deps.db, table, key),
    claimSequence: (scope, key, seq) => claimSequence(deps.db, scope, key, seq),
    async checkpoint(c: Checkpoint) {
      await persistProgress(deps.db, {
        runId: run.runId,
        flowId: run.flowId,
        correlationId: run.correlationId,
        businessKey: run.businessKey,
        steps: toStepInputs(c.steps),
        effects: c.effects,
        deadLetters: toDeadLetterInputs(c.deadLetters),
        state: c.state,
        outcome: { kind: "checkpoint" },
      });
    },
  };
}
