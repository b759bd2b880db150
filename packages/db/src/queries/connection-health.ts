import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "../client";
import type { ConnectionStatus } from "../connection-health";
import { connectionHealth, connections, flows, flowVersions, runs } from "../schema";
import { definitionRefersTo } from "./connection-refs";

/*
 * Connection health (docs/architecture.md "Connection health"): the runtime's
 * monitor claims due tests and records their outcome; triggers and the designer
 * read which connections are offline and which flows they pause.
 */

/** A connection's health as every reader sees it; a connection never tested reads as healthy. */
export interface ConnectionHealthView {
  connectionId: string;
  name: string;
  connectorId: string;
  environment: string;
  status: ConnectionStatus;
  since: Date | null;
  lastTestedAt: Date | null;
  lastError: string | null;
  consecutiveFailures: number;
  nextTestAt: Date | null;
}

/** A test the monitor claimed: the connection and its health before the test. */
export interface ClaimedHealthTest {
  connectionId: string;
  status: ConnectionStatus;
  consecutiveFailures: number;
}

const view = {
  connectionId: connections.id,
  name: connections.name,
  connectorId: connections.connectorId,
  environment: connections.environment,
  status: sql<ConnectionStatus>`coalesce(${connectionHealth.status}, 'healthy')`,
  since: connectionHealth.since,
  lastTestedAt: connectionHealth.lastTestedAt,
  lastError: connectionHealth.lastError,
  consecutiveFailures: sql<number>`coalesce(${connectionHealth.consecutiveFailures}, 0)::int`,
  nextTestAt: connectionHealth.nextTestAt,
};

/** Every connection with its health, by environment and name. */
export async function listConnectionHealth(db: Db, filter: { connectionIds?: string[] } = {}): Promise<ConnectionHealthView[]> {
  return db
    .select(view)
    .from(connections)
    .leftJoin(connectionHealth, eq(connectionHealth.connectionId, connections.id))
    .where(filter.connectionIds ? inArray(connections.id, filter.connectionIds) : undefined)
    .orderBy(asc(connections.environment), asc(sql`lower(${connections.name})`));
}

/**
 * The connections a flow's published version calls (actions and a poll trigger,
 * by id or by name in the flow's environment) with their health: what pauses the
 * flow's triggers when one is offline, and what the flow page shows.
 */
export async function connectionsOfFlow(db: Db, flowId: string): Promise<ConnectionHealthView[]> {
  const definition = sql`${flowVersions.definition}`;
  return db
    .select(view)
    .from(flows)
    .innerJoin(flowVersions, eq(flowVersions.id, flows.publishedVersionId))
    .innerJoin(
      connections,
      sql`(${definitionRefersTo(definition, "connectionId", sql`${connections.id}`)} or (${flows.environment} = ${connections.environment} and ${definitionRefersTo(definition, "connectionName", sql`${connections.name}`)}))`,
    )
    .leftJoin(connectionHealth, eq(connectionHealth.connectionId, connections.id))
    .where(eq(flows.id, flowId))
    .orderBy(asc(connections.name));
}

/** The offline connections a flow's published version calls: a non-empty answer pauses its schedule or poll. */
export async function offlineConnectionsOfFlow(db: Db, flowId: string): Promise<ConnectionHealthView[]> {
  return (await connectionsOfFlow(db, flowId)).filter((c) => c.status === "offline");
}

/** Offline connections (of one flow's published version, or all): what a `connection_offline` alert rule measures. */
export async function offlineConnections(db: Db, filter: { flowId?: string | null } = {}): Promise<ConnectionHealthView[]> {
  if (filter.flowId) return offlineConnectionsOfFlow(db, filter.flowId);
  return db
    .select(view)
    .from(connections)
    .innerJoin(connectionHealth, and(eq(connectionHealth.connectionId, connections.id), eq(connectionHealth.status, "offline")))
    .orderBy(asc(connections.name));
}

/**
 * Claims up to `limit` connections whose test is due, and moves each claimed
 * row's next test `leaseMs` ahead before the test runs, so a second monitor
 * (another replica's overlapping tick) skips it; the outcome sets the real next
 * time. A connection without a health row gets one, healthy and first due at
 * `firstTestAt`: a new or never-failing connection is not called the moment a
 * runtime starts, only when its circuit opens or the healthy interval passes.
 */
export async function claimDueHealthTests(db: Db, params: { now: Date; limit: number; leaseMs: number; firstTestAt: Date }): Promise<ClaimedHealthTest[]> {
  await db
    .insert(connectionHealth)
    .select(
      db
        .select({
          connectionId: connections.id,
          status: sql`'healthy'::connection_status`.as("status"),
          since: sql`${params.now}::timestamptz`.as("since"),
          lastTestedAt: sql`null::timestamptz`.as("last_tested_at"),
          lastError: sql`null::text`.as("last_error"),
          consecutiveFailures: sql`0`.as("consecutive_failures"),
          nextTestAt: sql`${params.firstTestAt}::timestamptz`.as("next_test_at"),
          updatedAt: sql`${params.now}::timestamptz`.as("updated_at"),
        })
        .from(connections)
        .leftJoin(connectionHealth, eq(connectionHealth.connectionId, connections.id))
        .where(sql`${connectionHealth.connectionId} is null`),
    )
    .onConflictDoNothing();
  const due = db
    .select({ id: connectionHealth.connectionId })
    .from(connectionHealth)
    .where(lte(connectionHealth.nextTestAt, params.now))
    .orderBy(asc(connectionHealth.nextTestAt))
    .limit(params.limit)
    .for("update", { skipLocked: true });
  return db
    .update(connectionHealth)
    .set({ nextTestAt: new Date(params.now.getTime() + params.leaseMs) })
    .where(inArray(connectionHealth.connectionId, due))
    .returning({ connectionId: connectionHealth.connectionId, status: connectionHealth.status, consecutiveFailures: connectionHealth.consecutiveFailures });
}

/** Writes a judged health (after a test, or an opened circuit); `since` moves only when the status changes. */
export async function saveConnectionHealth(
  db: Db,
  params: { connectionId: string; status: ConnectionStatus; consecutiveFailures: number; lastError: string | null; nextTestAt: Date; now: Date; tested: boolean },
): Promise<{ before: ConnectionStatus; after: ConnectionStatus } | null> {
  const before = db.$with("before").as(db.select({ status: connectionHealth.status }).from(connectionHealth).where(eq(connectionHealth.connectionId, params.connectionId)));
  const [row] = await db
    .with(before)
    .update(connectionHealth)
    .set({
      status: params.status,
      since: sql`case when ${connectionHealth.status} = ${params.status}::connection_status then ${connectionHealth.since} else ${params.now}::timestamptz end`,
      consecutiveFailures: params.consecutiveFailures,
      lastError: params.lastError,
      nextTestAt: params.nextTestAt,
      updatedAt: params.now,
      ...(params.tested && { lastTestedAt: params.now }),
    })
    .where(eq(connectionHealth.connectionId, params.connectionId))
    .returning({ before: sql<ConnectionStatus>`(select status from ${before})`, after: connectionHealth.status });
  return row ?? null;
}

/**
 * A circuit opened on real traffic: a healthy connection becomes degraded and is
 * tested at the next tick (an offline one stays offline). Creates the row for a
 * connection never tested. Answers the status before.
 */
export async function markCircuitOpened(db: Db, params: { connectionId: string; message: string; now: Date }): Promise<ConnectionStatus | null> {
  const [row] = await db
    .insert(connectionHealth)
    .values({ connectionId: params.connectionId, status: "degraded", since: params.now, lastError: params.message, nextTestAt: params.now, updatedAt: params.now })
    .onConflictDoUpdate({
      target: connectionHealth.connectionId,
      set: {
        status: sql`case when ${connectionHealth.status} = 'offline' then ${connectionHealth.status} else 'degraded'::connection_status end`,
        since: sql`case when ${connectionHealth.status} = 'healthy' then ${params.now}::timestamptz else ${connectionHealth.since} end`,
        lastError: params.message,
        nextTestAt: sql`least(${connectionHealth.nextTestAt}, ${params.now}::timestamptz)`,
        updatedAt: params.now,
      },
    })
    .returning({ status: connectionHealth.status, since: connectionHealth.since });
  if (!row) return null;
  // `since` moved to now exactly when it was healthy (or had no row) before.
  return row.since.getTime() === params.now.getTime() ? "healthy" : row.status;
}

/** "Test now" from the designer: the monitor tests the connection at its next tick. */
export async function requestHealthTest(db: Db, connectionId: string): Promise<void> {
  await db
    .insert(connectionHealth)
    .values({ connectionId, nextTestAt: sql`now()` })
    .onConflictDoUpdate({ target: connectionHealth.connectionId, set: { nextTestAt: sql`now()` } });
}

/**
 * Runs waiting for a later wake-up (a retry backoff or a deferred step) whose
 * flow's published version calls the connection: on recovery the monitor wakes
 * their continuation jobs at once instead of letting each sleep out its delay.
 */
export async function waitingRunsOfConnection(db: Db, params: { connectionId: string; now: Date; limit: number }) {
  const [connection] = await db.select({ id: connections.id, name: connections.name, environment: connections.environment }).from(connections).where(eq(connections.id, params.connectionId));
  if (!connection) return [];
  const definition = sql`${flowVersions.definition}`;
  return db
    .select({ runId: runs.id, flowId: runs.flowId, flowVersionId: runs.flowVersionId, jobSeq: runs.jobSeq })
    .from(runs)
    .innerJoin(flows, eq(flows.id, runs.flowId))
    .innerJoin(flowVersions, eq(flowVersions.id, runs.flowVersionId))
    .where(
      and(
        sql`${runs.status} in ('queued', 'failed')`,
        sql`${runs.wakeAt} > ${params.now}::timestamptz`,
        sql`(${definitionRefersTo(definition, "connectionId", connection.id)} or (${flows.environment} = ${connection.environment} and ${definitionRefersTo(definition, "connectionName", connection.name)}))`,
      ),
    )
    .orderBy(asc(runs.wakeAt))
    .limit(params.limit);
}
