/** Display helpers of the dashboard's charts. Pure, so axes, tooltips and cards agree. */

// Kept in the client bundle by hand: importing from @ipaas/db would pull the database driver into the browser.
export const RANGES = [
  { id: "hour", label: "Last hour", bucket: "per minute", window: "the last hour" },
  { id: "day", label: "Last day", bucket: "per 15 min", window: "the last 24 hours" },
  { id: "week", label: "Last week", bucket: "per 2 h", window: "the last 7 days" },
] as const;
export type Range = (typeof RANGES)[number]["id"];

export const rangeInfo = (range: Range) => RANGES.find((r) => r.id === range)!;

/** Axis ticks: clock time within a day, weekday + time across a week. */
export function timeTick(range: Range): (t: number) => string {
  const options: Intl.DateTimeFormatOptions = range === "week" ? { weekday: "short", hour: "2-digit", minute: "2-digit" } : { hour: "2-digit", minute: "2-digit" };
  const format = new Intl.DateTimeFormat(undefined, options);
  return (t) => format.format(new Date(t));
}

/** Tooltip heading: the bucket's start and end. */
export function bucketLabel(t: number, bucketMs: number): string {
  const start = new Date(t);
  const end = new Date(t + bucketMs);
  const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
  const day = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short" });
  return `${day.format(start)}, ${time.format(start)}–${time.format(end)}`;
}

/** 0.0423 → "4.2 %"; null (nothing finished) → "—". */
export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return "—";
  const value = rate * 100;
  return `${value === 0 || value >= 10 ? value.toFixed(0) : value.toFixed(1)} %`;
}

/** Durations from milliseconds to the unit a person reads: 850 ms, 2.4 s, 3.5 min, 1.2 h. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

export const integer = (n: number | null | undefined) => (n === null || n === undefined ? "—" : n.toLocaleString());

/** Run statuses in stacking order, with their colours (the badge palette, saturated for charts). */
export const STATUS_COLORS = {
  succeeded: "#2f9e5b",
  failed: "#e0a100",
  dead: "#d64545",
  running: "#3b7dd8",
  queued: "#9aa4b1",
  discarded: "#c3c9d2",
  skipped: "#dde1e7",
} as const;
export type RunStatusKey = keyof typeof STATUS_COLORS;

/** Distinct colours for per-connector / per-flow series. */
export const SERIES_COLORS = ["#1f5fbf", "#d9822b", "#2f9e5b", "#9c4dcc", "#d64545", "#0f9ba8", "#8a6d3b", "#5f6b7a"];
export const P50_COLOR = "#8fb3e8";
export const P95_COLOR = "#1f5fbf";
