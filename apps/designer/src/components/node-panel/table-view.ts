/** Rows of a table view shown before "… n more": the Data tab is for looking, not paging. */
export const MAX_TABLE_ROWS = 200;

export interface TableView {
  columns: string[];
  rows: Array<Record<string, unknown>>;
}

/**
 * An array of objects (or one object) as a table: the union of keys, in first-seen
 * order. Undefined for anything else (scalars, arrays of scalars), where the tree is
 * the only useful view.
 */
export function tableOf(value: unknown): TableView | undefined {
  const items = Array.isArray(value) ? value : value !== null && typeof value === "object" ? [value] : undefined;
  if (!items || items.length === 0) return undefined;
  if (!items.every((item) => item !== null && typeof item === "object" && !Array.isArray(item))) return undefined;
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const item of items as Array<Record<string, unknown>>) {
    for (const key of Object.keys(item)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  return { columns, rows: items as Array<Record<string, unknown>> };
}

/** A cell's text: scalars as they are, containers abbreviated (the tree shows them in full). */
export function cellText(value: unknown): string {
  if (value === undefined) return "";
  if (value === null) return "null";
  if (Array.isArray(value)) return `[${value.length} items]`;
  if (typeof value === "object") return `{${Object.keys(value).length} fields}`;
  return String(value);
}
