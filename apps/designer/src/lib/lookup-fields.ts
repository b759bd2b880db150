/**
 * A cross-reference entry as the Lookups grid and its CSV files show it
 * (docs/architecture.md "Cross-reference tables"): a text `value` is stored as a
 * JSON string, a `json` value as the JSON it spells; one of the two, never both.
 * Shared by the server (parsing, export) and the grid, so it lives outside src/server.
 */
export interface EntryFields {
  key: string;
  value: string;
  json: string;
  description: string;
}

/** The columns of a CSV file, in export order. */
export const ENTRY_COLUMNS = ["key", "value", "json", "description"] as const;

export const LOOKUP_LIMITS = {
  key: 200,
  value: 2000,
  json: 10_000,
  description: 500,
  /**
   * Characters of CSV text per import: about 100k short rows. JSON quoting can
   * double the request body, and the designer accepts 8 MB by default
   * (DESIGNER_MAX_BODY_BYTES); bigger files are split, or the limit raised.
   */
  csv: 4_000_000,
} as const;

/** The grid's columns of a stored entry: strings in `value`, anything else as JSON text. */
export function fieldsOfEntry(entry: { key: string; value: unknown; description: string }): EntryFields {
  const plain = typeof entry.value === "string";
  return { key: entry.key, value: plain ? (entry.value as string) : "", json: plain ? "" : JSON.stringify(entry.value), description: entry.description };
}
