"use client";

import type { ReactNode } from "react";
import { ResponsiveContainer } from "recharts";
import { bucketLabel, timeTick, type Range } from "./format";

/**
 * A titled card with a chart of fixed height (recharts measures its container, so
 * the container must have one), or, without data, a sentence saying what will
 * appear there.
 */
export function ChartCard(props: {
  title: string;
  caption?: ReactNode;
  testId: string;
  /** Shown instead of the chart when there is nothing to draw yet. */
  empty?: string | null;
  height?: number;
  aside?: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <section className={props.wide ? "card dash-card dash-card-wide" : "card dash-card"} data-testid={props.testId} data-empty={props.empty ? "true" : "false"}>
      <header className="dash-card-header">
        <h2>{props.title}</h2>
        {props.aside}
      </header>
      {props.caption && <p className="dash-caption">{props.caption}</p>}
      <div className="dash-chart" style={{ height: props.height ?? 220 }}>
        {props.empty ? (
          <div className="dash-empty" data-testid={`${props.testId}-empty`}>
            {props.empty}
          </div>
        ) : (
          <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 520, height: props.height ?? 220 }}>
            {props.children as React.ReactElement}
          </ResponsiveContainer>
        )}
      </div>
      {props.footer}
    </section>
  );
}

const AXIS_TICK = { fontSize: 11, fill: "#5f6b7a" };

/** Props of the bucket axis shared by every time chart (buckets are even, so a category axis is exact). */
export function timeAxis(range: Range) {
  return { dataKey: "t", tickFormatter: timeTick(range), minTickGap: 48, tick: AXIS_TICK, stroke: "#d5dae1", tickLine: false } as const;
}

export function valueAxis(format?: (value: number) => string, width = 44) {
  return { tick: AXIS_TICK, stroke: "#d5dae1", tickLine: false, axisLine: false, width, allowDecimals: false, ...(format && { tickFormatter: format }) } as const;
}

export const GRID = { stroke: "#eceff3", vertical: false } as const;

/** Tooltip look and its bucket heading. */
export function tooltipProps(bucketMs: number) {
  return {
    labelFormatter: (label: unknown) => (typeof label === "number" ? bucketLabel(label, bucketMs) : String(label)),
    contentStyle: { borderRadius: 6, border: "1px solid #e2e5ea", fontSize: 12, boxShadow: "0 4px 14px rgba(0,0,0,0.08)" },
    labelStyle: { fontWeight: 600, marginBottom: 4 },
  } as const;
}

export const LEGEND = { iconType: "circle", iconSize: 8, wrapperStyle: { fontSize: 12, paddingTop: 4 } } as const;

/**
 * A line with gaps (buckets without data are null, not zero) draws nothing for a
 * point whose neighbours are both gaps, so a single busy minute would be invisible.
 * This dot marks exactly those points and leaves the rest of the line plain. With
 * `connectNulls` a point is alone only when it is the series' single value.
 */
export function isolatedDot<Row>(rows: readonly Row[], value: (row: Row) => number | null | undefined, color: string, options: { connectNulls?: boolean } = {}) {
  const has = (i: number) => {
    const row = rows[i];
    return row !== undefined && value(row) != null;
  };
  const points = rows.filter((_, i) => has(i)).length;
  const alone = (i: number) => has(i) && (options.connectNulls ? points === 1 : !has(i - 1) && !has(i + 1));
  return function IsolatedDot(props: { cx?: number; cy?: number; index?: number }) {
    const i = props.index ?? -1;
    if (props.cx == null || props.cy == null || !alone(i)) return <g key={`gap-${i}`} />;
    return <circle key={`dot-${i}`} cx={props.cx} cy={props.cy} r={3.5} fill={color} stroke="#fff" strokeWidth={1} />;
  };
}
