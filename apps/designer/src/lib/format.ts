/** Display helpers shared by the pages. Pure, so they behave the same in every component. */

export function formatDuration(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "—" : `${ms} ms`;
}

export function formatDateTime(date: Date | null | undefined): string {
  return date ? date.toLocaleString() : "—";
}

const UNITS: Array<[limitSeconds: number, divisor: number, unit: Intl.RelativeTimeFormatUnit]> = [
  [60, 1, "second"],
  [3600, 60, "minute"],
  [86_400, 3600, "hour"],
  [30 * 86_400, 86_400, "day"],
  [365 * 86_400, 30 * 86_400, "month"],
  [Infinity, 365 * 86_400, "year"],
];
const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto", style: "short" });

/** "5 min. ago", "yesterday", … relative to `now`. */
export function formatRelative(date: Date, now: number = Date.now()): string {
  const seconds = Math.round((date.getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 5) return "just now";
  for (const [limit, divisor, unit] of UNITS) {
    if (abs < limit) return relative.format(Math.round(seconds / divisor), unit);
  }
  return date.toLocaleDateString();
}

/** Payloads as the user would read them; `undefined`/`null` both show as null. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value ?? null, null, 2) ?? "null";
}

/** The message of a recorded error object (`{ message, class, code }`), if it has one. */
export function errorMessage(error: unknown): string | null {
  if (error && typeof error === "object" && "message" in error && typeof error.message === "string") return error.message;
  return null;
}

/** Statuses that will still change: pages keep polling while a run is in one of them. */
export function isActiveStatus(status: string): boolean {
  // "failed" is a run waiting for its next retry attempt, not a final state.
  return status === "queued" || status === "running" || status === "failed";
}
