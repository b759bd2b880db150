import { urlFilterSchema, type UrlFilter } from "@ipaas/db/dead-letter-filter";
import { z } from "zod";

/**
 * The workbench's state in the URL: filters (a filtered view is a shareable link),
 * the open letter (?letter=, so the run page can link to it) and the bulk
 * operation being watched (?bulk=, survives a reload). Pure, so it is testable.
 * The filter is the API's own schema (@ipaas/db/dead-letter-filter) minus the time range.
 */
export type Filter = UrlFilter;

/** URL parameter of each filter field. `flow` is what other pages and tests link with. */
const PARAMS = { flowId: "flow", nodeId: "node", errorClass: "errorClass", errorCode: "code", search: "q", assignee: "assignee" } as const satisfies Record<keyof Filter, string>;
const KEYS = Object.keys(PARAMS) as Array<keyof Filter>;

/** The filter in the URL; values the API would refuse (a malformed flow id) are dropped rather than failing the page. */
export function filterFromSearch(search: URLSearchParams): Filter {
  const filter: Filter = {};
  for (const key of KEYS) {
    const parsed = urlFilterSchema.shape[key].safeParse(search.get(PARAMS[key])?.trim() || undefined);
    if (parsed.success && parsed.data) filter[key] = parsed.data;
  }
  return filter;
}

/** The current query string with the filter replaced (and the rest — letter, bulk — kept unless overridden). */
export function searchWith(current: URLSearchParams, changes: { filter?: Filter; letter?: string | null; bulk?: string | null }): string {
  const next = new URLSearchParams(current);
  if (changes.filter) {
    for (const key of KEYS) {
      const value = changes.filter[key]?.trim();
      if (value) next.set(PARAMS[key], value);
      else next.delete(PARAMS[key]);
    }
  }
  for (const key of ["letter", "bulk"] as const) {
    const value = changes[key];
    if (value) next.set(key, value);
    else if (value === null) next.delete(key);
  }
  const text = next.toString();
  return text ? `?${text}` : "";
}

/** A UUID as the API takes it, or null (the URL is user-editable). */
export function uuidParam(search: URLSearchParams, key: string): string | null {
  const parsed = z.uuid().safeParse(search.get(key));
  return parsed.success ? parsed.data : null;
}
