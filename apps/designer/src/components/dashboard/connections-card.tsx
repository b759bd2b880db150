"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { HEALTH_REFRESH_MS, HealthBadge } from "@/components/connections/health";
import { useTRPC } from "@/trpc/client";

/** The dashboard's connection health: every connection that is not healthy, or that all are (docs/architecture.md "Connection health"). */
export function ConnectionsCard() {
  const trpc = useTRPC();
  const health = useQuery(trpc.connections.health.queryOptions(undefined, { refetchInterval: HEALTH_REFRESH_MS }));
  const all = health.data ?? [];
  const failing = all.filter((c) => c.status !== "healthy");
  return (
    <section className="card" data-testid="dash-connections">
      <h2>Connections</h2>
      {health.isPending && <p className="muted">Loading…</p>}
      {health.data && failing.length === 0 && <p className="muted">All {all.length} connections are healthy.</p>}
      {failing.length > 0 && (
        <ul>
          {failing.map((c) => (
            <li key={c.connectionId} data-testid="dash-connection" data-connection-name={c.name}>
              <HealthBadge health={c} /> <Link href="/connections">{c.name}</Link> <span className="muted small">({c.environment})</span>
              {c.lastError && <div className="muted small">{c.lastError}</div>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
