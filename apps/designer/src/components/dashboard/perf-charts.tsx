"use client";

import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { Tabs } from "@/components/tabs";
import { ChartCard, GRID, isolatedDot, LEGEND, timeAxis, tooltipProps, valueAxis } from "./chart-card";
import { duration, P50_COLOR, P95_COLOR, rangeInfo, SERIES_COLORS } from "./format";
import type { Overview } from "./overview";

const msFormatter = (value: unknown) => duration(Number(value));
type LatencyView = "connector" | "time";
/** Connectors drawn as lines over time; the rest would be an unreadable tangle. */
const MAX_LINES = SERIES_COLORS.length;

/** One row per bucket with a p95 column per connector, for the over-time lines. */
function latencyRows(data: Overview, connectors: string[]) {
  const byTime = new Map<number, Record<string, number>>();
  for (const p of data.latency.overTime) {
    if (!connectors.includes(p.connector)) continue;
    const row = byTime.get(p.t.getTime()) ?? {};
    row[p.connector] = p.p95Ms;
    byTime.set(p.t.getTime(), row);
  }
  return data.runs.map((b) => ({ t: b.t.getTime(), ...byTime.get(b.t.getTime()) }));
}

/** Step latency per connector: p50/p95 bars over the window, or p95 per bucket. */
export function LatencyChart({ data }: { data: Overview }) {
  const [view, setView] = useState<LatencyView>("connector");
  const stats = data.latency.byConnector;
  const connectors = stats.slice(0, MAX_LINES).map((s) => s.connector);
  const overTime: Array<Record<string, number | undefined>> = latencyRows(data, connectors);
  return (
    <ChartCard
      title="Step latency by connector"
      caption="How long action and trigger steps took, median (p50) and 95th percentile (p95)."
      testId="chart-latency"
      empty={stats.length === 0 ? `No connector steps in ${rangeInfo(data.range).window}. Each connector's p50 and p95 step time will appear here.` : null}
      aside={
        stats.length > 0 && (
          <Tabs<LatencyView>
            label="Latency view"
            tabs={[
              { id: "connector", label: "By connector" },
              { id: "time", label: "p95 over time" },
            ]}
            active={view}
            onChange={setView}
          />
        )
      }
    >
      {view === "connector" ? (
        <BarChart data={stats} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barGap={2}>
          <CartesianGrid {...GRID} />
          <XAxis dataKey="connector" tick={{ fontSize: 11, fill: "#5f6b7a" }} stroke="#d5dae1" tickLine={false} interval={0} />
          <YAxis {...valueAxis((v) => duration(v), 56)} />
          <Tooltip formatter={(value, name) => [msFormatter(value), name]} labelFormatter={(label) => `${String(label)} (${stats.find((s) => s.connector === label)?.steps ?? 0} steps)`} />
          <Legend {...LEGEND} />
          <Bar dataKey="p50Ms" name="p50" fill={P50_COLOR} radius={[3, 3, 0, 0]} maxBarSize={36} isAnimationActive={false} />
          <Bar dataKey="p95Ms" name="p95" fill={P95_COLOR} radius={[3, 3, 0, 0]} maxBarSize={36} isAnimationActive={false} />
        </BarChart>
      ) : (
        <LineChart data={overTime} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid {...GRID} />
          <XAxis {...timeAxis(data.range)} />
          <YAxis {...valueAxis((v) => duration(v), 56)} />
          <Tooltip {...tooltipProps(data.bucketMs)} formatter={(value, name) => [msFormatter(value), `${String(name)} p95`]} />
          <Legend {...LEGEND} />
          {connectors.map((connector, i) => (
            <Line key={connector} type="monotone" dataKey={connector} stroke={SERIES_COLORS[i]} strokeWidth={2} dot={isolatedDot(overTime, (r) => r[connector], SERIES_COLORS[i] ?? P95_COLOR, { connectNulls: true })} connectNulls isAnimationActive={false} />
          ))}
        </LineChart>
      )}
    </ChartCard>
  );
}

/** Sync lag per flow: horizontal p50/p95 bars, the busiest flows first. */
export function SyncLagChart({ data }: { data: Overview }) {
  const rows = data.syncLag.map((f) => ({ ...f, label: f.flowName.length > 34 ? `${f.flowName.slice(0, 33)}…` : f.flowName }));
  return (
    <ChartCard
      title="Sync lag per flow"
      caption={
        <>
          From the source event reaching ingress (the run is created) to the target&apos;s effect (the run finishes), for succeeded runs.
        </>
      }
      testId="chart-sync-lag"
      wide
      empty={rows.length === 0 ? `No succeeded runs in ${rangeInfo(data.range).window}. Each flow's p50 and p95 time from source event to target effect will appear here.` : null}
      height={Math.max(180, 46 * rows.length + 50)}
    >
      <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 8 }} barGap={2}>
        <CartesianGrid stroke="#eceff3" horizontal={false} />
        <XAxis type="number" tickFormatter={(v: number) => duration(v)} tick={{ fontSize: 11, fill: "#5f6b7a" }} stroke="#d5dae1" tickLine={false} />
        <YAxis type="category" dataKey="label" width={260} tick={{ fontSize: 12, fill: "#1b1f24" }} tickLine={false} axisLine={false} />
        <Tooltip
          formatter={(value, name) => [msFormatter(value), name]}
          labelFormatter={(label) => {
            const flow = rows.find((r) => r.label === label);
            return flow ? `${flow.flowName} · ${flow.runs} succeeded runs` : String(label);
          }}
        />
        <Legend {...LEGEND} />
        <Bar dataKey="p50Ms" name="p50" fill={P50_COLOR} radius={[0, 3, 3, 0]} maxBarSize={16} isAnimationActive={false} />
        <Bar dataKey="p95Ms" name="p95" fill={P95_COLOR} radius={[0, 3, 3, 0]} maxBarSize={16} isAnimationActive={false} />
      </BarChart>
    </ChartCard>
  );
}
