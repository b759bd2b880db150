"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { QueryError } from "@/components/query-error";
import { useTRPC } from "@/trpc/client";
import { DeadLettersChart, QueueChart } from "./backlog-charts";
import { ConnectionsCard } from "./connections-card";
import { integer, percent, RANGES, rangeInfo, type Range } from "./format";
import { LatencyChart, SyncLagChart } from "./perf-charts";
import { ErrorRateChart, RunsChart } from "./run-charts";
import type { Overview } from "./overview";

const REFRESH_MS = 10_000;
const ALL_FLOWS = "";

/**
 * The operations dashboard: the figures /metrics exports, as charts over the last
 * hour, day or week, for every flow or one. Refreshes every 10 seconds.
 */
export function DashboardView() {
  const trpc = useTRPC();
  const [range, setRange] = useState<Range>("hour");
  const [flowId, setFlowId] = useState(ALL_FLOWS);
  const flows = useQuery(trpc.flows.list.queryOptions(undefined, { staleTime: 60_000 }));
  const overview = useQuery(
    trpc.dashboard.overview.queryOptions(
      { range, ...(flowId !== ALL_FLOWS && { flowId }) },
      // Keep the old charts on screen while another range or flow loads instead of flashing empty.
      { refetchInterval: REFRESH_MS, placeholderData: (previous) => previous },
    ),
  );
  const data = overview.data;

  return (
    <div className="page page-dashboard">
      <header className="page-header page-header-row">
        <div>
          <h1>Dashboard</h1>
          <p className="muted">Runs, errors, latency and backlog over {rangeInfo(range).window}.</p>
          <p className="muted dash-updated" data-testid="dash-updated">
            {data ? `Updated ${data.to.toLocaleTimeString()} · refreshes every 10 s` : "\u00a0"}
          </p>
        </div>
        <div className="dash-toolbar">
          <label className="field">
            Flow
            <select value={flowId} onChange={(e) => setFlowId(e.target.value)} data-testid="dash-flow-filter">
              <option value={ALL_FLOWS}>All flows</option>
              {(flows.data ?? []).map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          </label>
          <div className="segmented" role="group" aria-label="Time range">
            {RANGES.map((r) => (
              <button
                key={r.id}
                type="button"
                className={r.id === range ? "segment segment-active" : "segment"}
                aria-pressed={r.id === range}
                onClick={() => setRange(r.id)}
                data-testid={`dash-range-${r.id}`}
              >
                {r.label}
              </button>
            ))}
          </div>
        </div>
      </header>
      <QueryError error={overview.error} />
      {!data && overview.isPending && <p className="muted">Loading…</p>}
      {data && (
        <div className={overview.isPlaceholderData ? "dash-body dash-stale" : "dash-body"} data-testid="dashboard" data-range={data.range}>
          <Headline data={data} />
          <ConnectionsCard />
          <div className="dash-grid">
            <RunsChart data={data} />
            <ErrorRateChart data={data} />
            <LatencyChart data={data} />
            <QueueChart data={data} />
            <DeadLettersChart data={data} />
            <SyncLagChart data={data} />
          </div>
          <p className="muted small dash-footnote">
            The same figures, machine-readable, are at the runtime&apos;s <code>/metrics</code> (Prometheus format).
          </p>
        </div>
      )}
    </div>
  );
}

function Stat(props: { label: string; value: ReactNode; detail?: ReactNode; testId: string; tone?: "bad" | "good"; href?: string }) {
  const value = props.href ? <Link href={props.href}>{props.value}</Link> : props.value;
  return (
    <div className={`card dash-stat${props.tone ? ` dash-stat-${props.tone}` : ""}`}>
      <span className="dash-stat-label">{props.label}</span>
      <span className="dash-stat-value" data-testid={props.testId}>
        {value}
      </span>
      {props.detail && <span className="dash-stat-detail">{props.detail}</span>}
    </div>
  );
}

function Headline({ data }: { data: Overview }) {
  const h = data.headline;
  return (
    <div className="dash-stats">
      <Stat label="Runs" value={integer(h.runs)} detail={`${integer(h.succeeded)} succeeded`} testId="dash-runs-total" />
      <Stat label="Error rate" value={percent(h.errorRate)} detail="failed + dead / finished" testId="dash-error-rate" tone={h.errorRate !== null && h.errorRate > 0.05 ? "bad" : undefined} />
      <Stat label="Open dead letters" value={integer(h.openDeadLetters)} detail="waiting for a person now" testId="dash-open-dead-letters" href="/dead-letters" tone={h.openDeadLetters > 0 ? "bad" : "good"} />
      <Stat label="Firing alerts" value={integer(h.firingAlerts)} detail={h.firingAlerts > 0 ? "see Alerts" : "all clear"} testId="dash-firing-alerts" href="/alerts" tone={h.firingAlerts > 0 ? "bad" : "good"} />
      <Stat
        label="Queue depth"
        value={h.queue ? integer(h.queue.total) : "?"}
        detail={h.queue ? `${h.queue.waiting} waiting · ${h.queue.delayed} delayed · ${h.queue.active} active` : "Redis did not answer"}
        testId="dash-queue-depth"
      />
    </div>
  );
}
