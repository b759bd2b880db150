"use client";

import Link from "next/link";
import { Area, AreaChart, CartesianGrid, Legend, Line, ComposedChart, Tooltip, XAxis, YAxis } from "recharts";
import { ChartCard, GRID, isolatedDot, LEGEND, timeAxis, tooltipProps, valueAxis } from "./chart-card";
import { integer, rangeInfo, STATUS_COLORS } from "./format";
import type { Overview } from "./overview";

const QUEUE_COLOR = "#1f5fbf";

/** Queue depth as the runtime sampled it (every 15 s): the peak per bucket, and the mean. */
export function QueueChart({ data }: { data: Overview }) {
  const rows = data.queueDepth.map((p) => ({ t: p.t.getTime(), peak: p.max, mean: p.avg === null ? null : Math.round(p.avg * 10) / 10 }));
  const sampled = rows.some((r) => r.peak !== null);
  const now = data.headline.queue;
  return (
    <ChartCard
      title="Queue depth"
      caption={
        now
          ? `Jobs waiting, delayed or running in the runs queue, which all flows share; now ${now.total} (${now.waiting} waiting · ${now.delayed} delayed · ${now.active} active).`
          : "Jobs waiting, delayed or running in the runs queue, which all flows share (Redis did not answer just now)."
      }
      testId="chart-queue"
      empty={sampled ? null : `No samples in ${rangeInfo(data.range).window}. A running runtime records the queue depth every 15 seconds; the line will appear here.`}
    >
      <ComposedChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <defs>
          <linearGradient id="queue-fill" x1="0" y1="0" x2="0" y2="1">
            <stop offset="0%" stopColor={QUEUE_COLOR} stopOpacity={0.25} />
            <stop offset="100%" stopColor={QUEUE_COLOR} stopOpacity={0.02} />
          </linearGradient>
        </defs>
        <CartesianGrid {...GRID} />
        <XAxis {...timeAxis(data.range)} />
        <YAxis {...valueAxis()} />
        <Tooltip {...tooltipProps(data.bucketMs)} />
        <Legend {...LEGEND} />
        <Area type="monotone" dataKey="peak" name="peak" stroke={QUEUE_COLOR} strokeWidth={2} fill="url(#queue-fill)" dot={isolatedDot(rows, (r) => r.peak, QUEUE_COLOR)} connectNulls={false} isAnimationActive={false} />
        <Line type="monotone" dataKey="mean" name="mean" stroke="#8fb3e8" strokeWidth={1.5} strokeDasharray="4 3" dot={false} connectNulls={false} isAnimationActive={false} />
      </ComposedChart>
    </ChartCard>
  );
}

/** Open dead letters at the end of each bucket, and the flows holding the most now. */
export function DeadLettersChart({ data }: { data: Overview }) {
  const rows = data.deadLetters.overTime.map((p) => ({ t: p.t.getTime(), open: p.open }));
  const any = rows.some((r) => r.open > 0);
  return (
    <ChartCard
      title="Open dead letters"
      caption="Dead letters waiting for a person at the end of each bucket."
      testId="chart-dead-letters"
      empty={any ? null : `No open dead letters in ${rangeInfo(data.range).window}. Failed steps that need a person will be counted here.`}
      footer={
        data.deadLetters.byFlow.length > 0 && (
          <ul className="dash-toplist" data-testid="dash-dead-letters-by-flow">
            {data.deadLetters.byFlow.map((f) => (
              <li key={f.flowId}>
                <Link href={`/dead-letters?flow=${f.flowId}`}>{f.flowName}</Link>
                <span className="dash-toplist-count">{integer(f.count)}</span>
              </li>
            ))}
          </ul>
        )
      }
    >
      <AreaChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <defs>
          <linearGradient id="dead-fill" x1="0" y1="0" x2="0" y2="1">
            <stop offset="0%" stopColor={STATUS_COLORS.dead} stopOpacity={0.25} />
            <stop offset="100%" stopColor={STATUS_COLORS.dead} stopOpacity={0.02} />
          </linearGradient>
        </defs>
        <CartesianGrid {...GRID} />
        <XAxis {...timeAxis(data.range)} />
        <YAxis {...valueAxis()} />
        <Tooltip {...tooltipProps(data.bucketMs)} />
        <Area type="stepAfter" dataKey="open" name="open" stroke={STATUS_COLORS.dead} strokeWidth={2} fill="url(#dead-fill)" isAnimationActive={false} />
      </AreaChart>
    </ChartCard>
  );
}
