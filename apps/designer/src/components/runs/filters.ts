import { RUN_STATUSES, type RunStatus } from "@ipaas/db/enums";
import type { RouterInputs } from "@/trpc/types";

/**
 * The runs explorer's filters as they live in the URL (a filtered view is a
 * shareable link) and as runs.list takes them. Pure, so tests can check both ways.
 */

// The driver-free enums module: the list the database's run_status enum is built from.
export { RUN_STATUSES };

/** What a status means to an operator: a failed run is waiting for its next attempt, a skipped one carried a stale update. */
export const STATUS_LABELS: Record<RunStatus, string> = {
  queued: "queued",
  running: "running",
  succeeded: "succeeded",
  failed: "failed / retrying",
  dead: "dead",
  discarded: "discarded",
  skipped: "skipped (stale)",
};

/** Status choices besides the single ones: the combination ops look at most. */
export const STATUS_GROUPS: Array<{ value: RunStatus[]; label: string }> = [
  { value: ["failed", "dead"], label: "needs attention (failed / retrying + dead)" },
  { value: ["queued", "running", "failed"], label: "in progress (queued, running, retrying)" },
];

export const RANGES = [
  { value: "1h", label: "Last hour" },
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "custom", label: "Custom…" },
] as const;
export type RangeChoice = (typeof RANGES)[number]["value"];

export interface RunFilters {
  flow?: string;
  status?: RunStatus[];
  range?: RangeChoice;
  /** Custom range ends as `<input type="datetime-local">` has them (browser time zone). */
  from?: string;
  to?: string;
  connector?: string;
  errorClass?: string;
  /** The search box: business key, correlation id or run id. */
  q?: string;
}

/** URL parameter of each filter (short, readable links). */
const PARAM: Record<keyof RunFilters, string> = { flow: "flow", status: "status", range: "range", from: "from", to: "to", connector: "connector", errorClass: "error", q: "q" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOCAL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

function isRange(value: string): value is RangeChoice {
  return RANGES.some((r) => r.value === value);
}

/** Status list ⇄ the comma-separated form of the URL and of the status <select>. */
export function statusKey(statuses: readonly RunStatus[] | undefined): string {
  return (statuses ?? []).join(",");
}

export function parseStatuses(text: string | null | undefined): RunStatus[] {
  const list = (text ?? "").split(",").map((s) => s.trim());
  return RUN_STATUSES.filter((s) => list.includes(s));
}

export function filtersFromSearch(search: URLSearchParams): RunFilters {
  const text = (key: keyof RunFilters) => search.get(PARAM[key])?.trim() || undefined;
  const filters: RunFilters = {};
  for (const key of ["connector", "errorClass", "q"] as const) {
    const value = text(key);
    if (value) filters[key] = value;
  }
  // A mangled flow id in a pasted link is dropped rather than failing the whole page.
  const flow = text("flow");
  if (flow && UUID.test(flow)) filters.flow = flow;
  const status = parseStatuses(text("status"));
  if (status.length > 0) filters.status = status;
  const range = text("range");
  const valid = (value: string | undefined) => (value && LOCAL_DATETIME.test(value) ? value : undefined);
  const from = valid(text("from"));
  const to = valid(text("to"));
  // from/to without range=custom: a hand-edited link still means a custom range.
  if (range && isRange(range)) filters.range = range;
  else if (from || to) filters.range = "custom";
  if (filters.range === "custom") {
    if (from) filters.from = from;
    if (to) filters.to = to;
  }
  return filters;
}

/** The query string for the filters, without empty ones; "" when none is set (so /runs stays /runs). */
export function searchFromFilters(filters: RunFilters): string {
  const search = new URLSearchParams();
  const set = (key: keyof RunFilters, value: string | undefined) => {
    if (value?.trim()) search.set(PARAM[key], value.trim());
  };
  set("flow", filters.flow);
  set("status", statusKey(filters.status));
  set("range", filters.range);
  if (filters.range === "custom") {
    set("from", filters.from);
    set("to", filters.to);
  }
  set("connector", filters.connector);
  set("errorClass", filters.errorClass);
  set("q", filters.q);
  // Commas are fine in a query string and keep "status=failed,dead" readable in a shared link.
  const text = search.toString().replace(/%2C/gi, ",");
  return text ? `?${text}` : "";
}

function localDateTime(text: string | undefined): Date | undefined {
  if (!text || !LOCAL_DATETIME.test(text)) return undefined;
  const date = new Date(text); // no zone suffix: read as the browser's local time, like the input shows it
  return Number.isNaN(date.getTime()) ? undefined : date;
}

type ListInput = Omit<RouterInputs["runs"]["list"], "limit" | "cursor">;

/**
 * The procedure's input. Presets travel as `range` and are resolved on the server:
 * a `from` computed here would change every render and restart the polled query.
 */
export function queryFromFilters(filters: RunFilters): ListInput {
  const from = filters.range === "custom" ? localDateTime(filters.from) : undefined;
  const to = filters.range === "custom" ? localDateTime(filters.to) : undefined;
  const range = filters.range && filters.range !== "custom" ? filters.range : undefined;
  return {
    ...(filters.flow ? { flowId: filters.flow } : {}),
    ...(filters.status?.length ? { status: filters.status.length === 1 ? filters.status[0]! : filters.status } : {}),
    ...(range ? { range } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(filters.connector ? { connector: filters.connector } : {}),
    ...(filters.errorClass ? { errorClass: filters.errorClass } : {}),
    ...(filters.q ? { search: filters.q } : {}),
  };
}

export function hasFilters(filters: RunFilters): boolean {
  return Object.values(filters).some((v) => (Array.isArray(v) ? v.length > 0 : Boolean(v)));
}
