"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatRelative } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";

export type ConnectionHealth = RouterOutputs["connections"]["health"][number];

/** How often the pages showing health look again: the runtime's monitor changes it on its own. */
export const HEALTH_REFRESH_MS = 5_000;

/** The run-status colours, reused: healthy reads as succeeded, degraded as failed-and-retrying, offline as dead. */
const TONE: Record<ConnectionHealth["status"], string> = { healthy: "badge-succeeded", degraded: "badge-failed", offline: "badge-dead" };

/** A connection's status as a pill; the title says since when and why (docs/architecture.md "Connection health"). */
export function HealthBadge({ health }: { health: Pick<ConnectionHealth, "status" | "since" | "lastError" | "lastTestedAt" | "consecutiveFailures"> }) {
  const why = [
    health.since && health.status !== "healthy" ? `${health.status} since ${health.since.toLocaleString()}` : null,
    health.consecutiveFailures > 0 ? `${health.consecutiveFailures} failed test${health.consecutiveFailures === 1 ? "" : "s"} in a row` : null,
    health.lastError,
    health.lastTestedAt ? `last tested ${formatRelative(health.lastTestedAt)}` : "not tested yet",
  ].filter(Boolean);
  return (
    <span className={`badge ${TONE[health.status]}`} title={why.join(" · ")} data-testid="connection-health" data-status={health.status}>
      {health.status}
    </span>
  );
}

/**
 * The connections a flow's published version calls, with their status; when one
 * is offline the flow is paused: schedules and polls do not fire, webhook runs wait.
 */
export function FlowConnectionsHealth({ flowId }: { flowId: string }) {
  const trpc = useTRPC();
  const connections = useQuery(trpc.connections.ofFlow.queryOptions({ flowId }, { refetchInterval: HEALTH_REFRESH_MS }));
  const list = connections.data ?? [];
  if (list.length === 0) return null;
  const offline = list.filter((c) => c.status === "offline");
  return (
    <div className="editor-problems" data-testid="flow-connections-health">
      {offline.length > 0 && (
        <span className="notice notice-error" style={{ marginLeft: 0 }} role="status" data-testid="flow-paused">
          Paused: {offline.map((c) => `connection ${c.name} offline`).join(", ")} — schedules and polls do not fire and webhook runs wait until it recovers.
        </span>
      )}
      <span className="small muted">Connections:</span>
      {list.map((c) => (
        <span key={c.connectionId} className="small" data-testid="flow-connection" data-connection-name={c.name}>
          <Link href="/connections">{c.name}</Link> <HealthBadge health={c} />
        </span>
      ))}
    </div>
  );
}
