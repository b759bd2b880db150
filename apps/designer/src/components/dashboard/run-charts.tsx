"use client";

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { ChartCard, GRID, isolatedDot, LEGEND, timeAxis, tooltipProps, valueAxis } from "./chart-card";
import { percent, rangeInfo, STATUS_COLORS, type RunStatusKey } from "./format";
import type { Overview } from "./overview";

const STATUSES = Object.keys(STATUS_COLORS) as RunStatusKey[];

/** Stacked runs per bucket by (current) status; only statuses that occur get a bar and a legend entry. */
export function RunsChart({ data }: { data: Overview }) {
  const info = rangeInfo(data.range);
  const rows = data.runs.map((b) => ({ ...b, t: b.t.getTime() }));
  const shown = STATUSES.filter((s) => data.runs.some((b) => b[s] > 0));
  return (
    <ChartCard
      title={`Runs ${info.bucket} by status`}
      caption={`Runs created in each ${info.bucket.replace("per ", "")} bucket, coloured by their status now.`}
      testId="chart-runs"
      empty={data.headline.runs === 0 ? `No runs in ${info.window}. As flows run, their runs stack up here by status.` : null}
      wide
      height={240}
    >
      <BarChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }} barCategoryGap={1}>
        <CartesianGrid {...GRID} />
        <XAxis {...timeAxis(data.range)} />
        <YAxis {...valueAxis()} />
        <Tooltip {...tooltipProps(data.bucketMs)} cursor={{ fill: "rgba(31, 95, 191, 0.06)" }} />
        <Legend {...LEGEND} />
        {shown.map((status) => (
          <Bar key={status} dataKey={status} name={status} stackId="runs" fill={STATUS_COLORS[status]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartCard>
  );
}

/** Round percentage ticks up to the peak: 0–10 by 2, 0–25 by 5, 0–50 by 10, else by 25. */
function percentTicks(peak: number): number[] {
  const step = peak <= 10 ? 2 : peak <= 25 ? 5 : peak <= 50 ? 10 : 25;
  const top = Math.min(100, Math.max(step, Math.ceil(peak / step) * step));
  return Array.from({ length: top / step + 1 }, (_, i) => i * step);
}

/** (failed + dead) / finished runs per bucket; buckets where nothing finished are gaps, not zeros. */
export function ErrorRateChart({ data }: { data: Overview }) {
  const info = rangeInfo(data.range);
  const rows = data.runs.map((b) => ({ t: b.t.getTime(), rate: b.errorRate === null ? null : b.errorRate * 100 }));
  const finished = data.runs.some((b) => b.errorRate !== null);
  const ticks = percentTicks(Math.max(...rows.map((r) => r.rate ?? 0)));
  return (
    <ChartCard
      title="Error rate"
      caption="Failed (retrying) and dead-lettered runs as a share of the runs that finished in each bucket."
      testId="chart-error-rate"
      empty={finished ? null : `No finished runs in ${info.window}. The share that failed or went to dead letters will show here.`}
    >
      <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid {...GRID} />
        <XAxis {...timeAxis(data.range)} />
        <YAxis {...valueAxis((v) => `${v}%`)} domain={[0, ticks.at(-1)!]} ticks={ticks} />
        <Tooltip {...tooltipProps(data.bucketMs)} formatter={(value) => [percent(Number(value) / 100), "error rate"]} />
        <Line type="monotone" dataKey="rate" name="error rate" stroke={STATUS_COLORS.dead} strokeWidth={2} dot={isolatedDot(rows, (r) => r.rate, STATUS_COLORS.dead)} connectNulls={false} isAnimationActive={false} />
      </LineChart>
    </ChartCard>
  );
}
