/**
 * The audit page's filters as they live in the URL (shareable, survive reload)
 * and as the audit.list procedure takes them. Pure, so tests can check both ways.
 */
export const FILTER_KEYS = ["actor", "action", "targetType", "targetId", "from", "to"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
/** Strings as typed: dates are yyyy-mm-dd days in the browser's time zone, both ends inclusive. */
export type AuditFilters = Partial<Record<FilterKey, string>>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function filtersFromSearch(search: URLSearchParams): AuditFilters {
  const filters: AuditFilters = {};
  for (const key of FILTER_KEYS) {
    const value = search.get(key)?.trim();
    if (value) filters[key] = value;
  }
  return filters;
}

/** The query string for the filters, without empty ones; "" when none is set. */
export function searchFromFilters(filters: AuditFilters): string {
  const search = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key]?.trim();
    if (value) search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** Local midnight of a yyyy-mm-dd day, `addDays` later; undefined for anything else. */
function localDay(day: string | undefined, addDays = 0): Date | undefined {
  if (!day || !DAY.test(day)) return undefined;
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const date = new Date(y, m - 1, d + addDays);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The procedure's input: `to` becomes the start of the next day, since the API's upper bound is exclusive. */
export function queryFromFilters(filters: AuditFilters) {
  const from = localDay(filters.from);
  const to = localDay(filters.to, 1);
  return {
    ...(filters.actor ? { actor: filters.actor } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.targetType ? { targetType: filters.targetType } : {}),
    ...(filters.targetId ? { targetId: filters.targetId } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}
