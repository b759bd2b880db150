import { createHttpClient, type ConnectorDefinition, type ConnectorRegistry, type SecretScrubber } from "@ipaas/connectors";
import { StepError, type ActionCall } from "@ipaas/flow";
import type { ConnectionResolver, ResolvedConnection } from "./connections";
import { scrubberFor, scrubError } from "./redaction";

/**
 * Wraps the connector call of one step: the runtime's circuit breaker and rate
 * limit, the designer's nothing. It sees the resolved connection and its connector
 * and must call `call` at most once.
 */
export type ActionGuard = <T>(connection: ResolvedConnection, connector: ConnectorDefinition, call: () => Promise<T>) => Promise<T>;

export interface ActionRunnerOptions {
  registry: ConnectorRegistry;
  /** Where connections come from (decrypted, OAuth tokens refreshed); its outbound policy is the one every call goes through. */
  connections: Pick<ConnectionResolver, "resolve" | "outbound">;
  /** The flow's environment, asked only when a connection is referenced by name. */
  environment: () => Promise<string>;
  signal?: AbortSignal;
  guard?: ActionGuard;
  /** Also collects the secrets of every connection used, for a caller that scrubs more than action results (a test run's whole result). */
  secretsSeen?: SecretScrubber;
}

/** `INVALID_INPUT` with every issue, so the dead-letter console and a test run can show each field. */
function invalidInput(connector: ConnectorDefinition, actionName: string, issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): StepError {
  const first = issues[0];
  const path = first?.path.join(".") ?? "";
  return new StepError(`Input of ${connector.name} "${actionName}" is invalid: ${path ? `${path}: ` : ""}${first?.message}`, "non_retryable", "INVALID_INPUT", {
    path,
    issues: issues.map((i) => ({ path: i.path.join("."), message: i.message })),
  });
}

/**
 * The outside-world half of an action step (docs/architecture.md "Connections and
 * the outbound policy"), one code path for the runtime's workers and the designer's
 * test runs: operation lookup, input validation, connection resolution (OAuth
 * refresh included), the HTTP client under the outbound policy with the run's
 * correlation id and, for side effects, its idempotency key, and redaction: the
 * result and error of a call are scrubbed of the connection's secrets before the
 * engine sees them, so an echoing endpoint cannot put a token into step records,
 * run state, the effect ledger or dead letters. A connection without secrets costs
 * no scrubbing (the hot path).
 */
export function createActionRunner(options: ActionRunnerOptions): (call: ActionCall) => Promise<unknown> {
  const { registry, connections, signal, guard } = options;
  return async (call) => {
    const connector = registry.get(call.connectorId);
    const action = connector?.actions[call.operation];
    if (!connector || !action) throw new StepError(`Unknown connector operation ${call.connectorId}.${call.operation}`, "non_retryable", "UNKNOWN_OPERATION");
    const parsed = action.input.safeParse(call.input);
    if (!parsed.success) throw invalidInput(connector, action.name, parsed.error.issues);

    const connection = await connections.resolve(call, call.connectionName ? await options.environment() : "");
    if (connection.connectorId !== connector.id) {
      throw new StepError(`Connection "${connection.name}" is for ${connection.connectorId}, not ${connector.id}`, "non_retryable", "WRONG_CONNECTION");
    }
    options.secretsSeen?.add(Object.values(connection.secrets));
    const http = createHttpClient({ policy: connections.outbound, correlationId: call.correlationId, idempotencyKey: action.sideEffect ? call.idempotencyKey : undefined, signal, timeoutMs: call.timeoutMs });
    const run = () => action.run({ connection, http, idempotencyKey: call.idempotencyKey, correlationId: call.correlationId, signal }, parsed.data);
    const guarded = guard ? () => guard(connection, connector, run) : run;
    const scrubber = scrubberFor(connection.secrets);
    if (!scrubber) return guarded();
    try {
      return scrubber.json(await guarded());
    } catch (err) {
      throw scrubError(err, scrubber);
    }
  };
}
