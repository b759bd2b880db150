import { createHttpClient, type ConnectorRegistry } from "@ipaas/connectors";
import {
  claimDueHealthTests,
  judgeTest,
  limitsOf,
  markCircuitOpened,
  saveConnectionHealth,
  waitingRunsOfConnection,
  type ClaimedHealthTest,
  type ConnectionStatus,
  type Db,
} from "@ipaas/db";
import { runJobId, type RunJob } from "@ipaas/jobs";
import type { Queue } from "bullmq";
import type { CircuitBreaker } from "../limits/circuit-breaker";
import type { Logger } from "../logger";
import type { MaintenanceTask } from "../maintenance";
import { scrubberFor, type ConnectionResolver } from "@ipaas/execution";

/** Tests per tick, and at once: each may wait for its target up to TEST_TIMEOUT_MS. */
const TESTS_PER_TICK = 20;
const TESTS_PARALLEL = 5;
const TEST_TIMEOUT_MS = 10_000;
/** A deferred step on an offline connection looks again at least this often (it is woken at recovery anyway). */
const MAX_OFFLINE_WAIT_MS = 60_000;
/** Waiting runs woken per recovery; the rest wake on their own schedule (at most MAX_OFFLINE_WAIT_MS later). */
const WAKE_LIMIT = 5000;

export interface HealthSettings {
  /** Re-test of a failing connection (RUNTIME_HEALTH_RETEST_MS), unless its config.limits.testIntervalSeconds says otherwise. */
  retestMs: number;
  /** Re-test of a healthy connection (RUNTIME_HEALTH_HEALTHY_MS). */
  healthyMs: number;
  /** Failed tests in a row that make a connection offline (RUNTIME_HEALTH_OFFLINE_AFTER). */
  offlineAfter: number;
}

export interface HealthDeps {
  db: Db;
  registry: ConnectorRegistry;
  /** Opens connections (OAuth refresh included) and owns the outbound policy the tests go through. */
  connections: ConnectionResolver;
  circuit: CircuitBreaker;
  /** Where waiting runs' continuation jobs are, to wake them when their connection recovers. */
  queue: Queue<RunJob>;
  settings: HealthSettings;
  logger: Pick<Logger, "info" | "warn">;
  now?: () => Date;
}

export interface HealthTick {
  circuitsOpened: number;
  tested: number;
  transitions: Array<{ connectionId: string; from: ConnectionStatus; to: ConnectionStatus }>;
  woken: number;
}

/**
 * One pass of the connection health monitor (docs/architecture.md "Connection
 * health"): circuits that opened on real traffic mark their connection degraded
 * and due for a test; then every due connection is tested. Safe on several
 * replicas at once: each due test is claimed in Postgres before it runs.
 */
export async function checkConnections(deps: HealthDeps): Promise<HealthTick> {
  const now = deps.now?.() ?? new Date();
  const tick: HealthTick = { circuitsOpened: 0, tested: 0, transitions: [], woken: 0 };
  for (const connectionId of await deps.circuit.takeOpened()) {
    const before = await markCircuitOpened(deps.db, { connectionId, message: "Calls kept failing: the circuit breaker opened", now });
    tick.circuitsOpened++;
    if (before === "healthy") tick.transitions.push({ connectionId, from: "healthy", to: "degraded" });
  }
  const firstTestAt = new Date(now.getTime() + deps.settings.healthyMs);
  const claimed = await claimDueHealthTests(deps.db, { now, limit: TESTS_PER_TICK, leaseMs: TEST_TIMEOUT_MS * 6, firstTestAt });
  for (let i = 0; i < claimed.length; i += TESTS_PARALLEL) {
    await Promise.all(claimed.slice(i, i + TESTS_PARALLEL).map((c) => testOne(deps, c, now, tick)));
  }
  return tick;
}

async function testOne(deps: HealthDeps, claimed: ClaimedHealthTest, now: Date, tick: HealthTick): Promise<void> {
  const { connectionId } = claimed;
  let interval = deps.settings.retestMs;
  let outcome: { ok: boolean; message: string; testable: boolean };
  try {
    const connection = await deps.connections.resolve({ connectionId }, "");
    const seconds = limitsOf(connection.config).testIntervalSeconds;
    if (seconds) interval = seconds * 1000;
    const connector = deps.registry.get(connection.connectorId);
    const scrubber = scrubberFor(connection.secrets);
    if (!connector?.test) {
      outcome = { ok: !(await deps.circuit.isOpen(connectionId)), message: "No connection test: the circuit breaker is open", testable: false };
    } else {
      const correlationId = `health-${connectionId}-${now.getTime()}`;
      const signal = AbortSignal.timeout(TEST_TIMEOUT_MS + 1_000);
      const http = createHttpClient({ policy: deps.connections.outbound, correlationId, signal, timeoutMs: TEST_TIMEOUT_MS });
      const result = await connector.test({ connection, http, correlationId, signal }).catch((err: unknown) => ({ ok: false, message: `The test failed: ${err instanceof Error ? err.message : String(err)}` }));
      outcome = { ...result, message: (scrubber ? scrubber.text(result.message) : result.message).slice(0, 1000), testable: true };
    }
  } catch (err) {
    // The connection could not be opened (deleted, refresh token rejected, wrong key): its calls fail alike.
    // Resolver errors name the connection and the reason, never a secret value.
    outcome = { ok: false, message: (err instanceof Error ? err.message : String(err)).slice(0, 1000), testable: true };
  }
  tick.tested++;
  const circuitOpen = !outcome.ok && (await deps.circuit.isOpen(connectionId));
  // A connector without a test can only be judged by its circuit: degraded at worst, never held offline.
  const judged = judgeTest(claimed, { ok: outcome.ok, circuitOpen: outcome.testable && circuitOpen }, outcome.testable ? deps.settings.offlineAfter : Number.POSITIVE_INFINITY);
  const nextTestAt = new Date(now.getTime() + (judged.status === "healthy" ? deps.settings.healthyMs : interval));
  const saved = await saveConnectionHealth(deps.db, { connectionId, ...judged, lastError: outcome.ok ? null : outcome.message, nextTestAt, now, tested: true });
  if (!saved) return; // deleted meanwhile
  if (judged.status === "offline") await deps.circuit.hold(connectionId, Math.min(interval, MAX_OFFLINE_WAIT_MS));
  if (outcome.ok && (saved.before !== "healthy" || (await deps.circuit.isOpen(connectionId)))) await deps.circuit.success(connectionId);
  if (saved.before !== saved.after) {
    tick.transitions.push({ connectionId, from: saved.before, to: saved.after });
    const log = saved.after === "healthy" ? deps.logger.info.bind(deps.logger) : deps.logger.warn.bind(deps.logger);
    log({ connectionId, from: saved.before, to: saved.after, error: outcome.ok ? undefined : outcome.message }, `connection ${saved.after}`);
  }
  if (saved.before === "offline" && saved.after === "healthy") tick.woken += await wakeWaitingRuns(deps, connectionId);
}

/**
 * Runs that deferred on the offline connection sleep until their wake time; the
 * connection is back, so their delayed continuation jobs run now. A job that is
 * not delayed (already running, or gone) is left alone: claimRun fences it anyway.
 */
async function wakeWaitingRuns(deps: HealthDeps, connectionId: string): Promise<number> {
  let woken = 0;
  // The queue's clock, not the tick's: delayed jobs wake by real time.
  for (const run of await waitingRunsOfConnection(deps.db, { connectionId, now: new Date(), limit: WAKE_LIMIT })) {
    const job = await deps.queue.getJob(runJobId(run.runId, run.jobSeq));
    if (!job || !(await job.isDelayed())) continue;
    await job.promote().then(
      () => woken++,
      () => undefined, // moved on meanwhile
    );
  }
  return woken;
}

export function healthTask(deps: Omit<HealthDeps, "now">, everyMs: number): MaintenanceTask {
  return { name: "connection-health", everyMs, run: () => checkConnections(deps) };
}
