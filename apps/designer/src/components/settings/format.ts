import type { RouterOutputs } from "@/trpc/types";

const UNITS = ["B", "KB", "MB", "GB", "TB", "PB"] as const;

/** 1536 → "1.5 KB": binary units (what Postgres' pg_size_pretty prints), one decimal below 10. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return "0 B";
  const exponent = Math.min(UNITS.length - 1, Math.floor(Math.log(bytes) / Math.log(1024)));
  const value = bytes / 1024 ** exponent;
  const digits = exponent === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[exponent]}`;
}

/** 1234567 → "1,234,567". */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

type PruneResult = RouterOutputs["retention"]["pruneNow"];

/** The result as a sentence: only what actually happened. */
export function describePrune(r: PruneResult): string {
  const counted = (n: number, what: string) => (n > 0 ? [`${formatCount(n)} ${what}`] : []);
  const deleted = [
    ...counted(r.runsDeleted, "runs"),
    ...counted(r.samplesDeleted, "gauge samples"),
    ...counted(r.alertsDeleted, "resolved alerts"),
    ...counted(r.bulkOperationsDeleted, "bulk operations"),
  ];
  const parts = [
    ...(r.payloadsCleared > 0 ? [`cleared the payloads of ${formatCount(r.payloadsCleared)} runs (${formatCount(r.stepPayloadsCleared)} steps)`] : []),
    ...(deleted.length > 0 ? [`deleted ${deleted.join(", ")}`] : []),
  ];
  const sentence = parts.join("; ");
  const what = sentence === "" ? "Nothing was due" : sentence.charAt(0).toUpperCase() + sentence.slice(1);
  const time = `${(r.elapsedMs / 1000).toFixed(1)} s`;
  return r.done ? `${what} (${time}).` : `${what} in ${time}; more is due and the scheduled job continues.`;
}
