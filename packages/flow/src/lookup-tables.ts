/**
 * The cross-reference tables a flow reads (docs/architecture.md "Cross-reference tables"),
 * found statically for flow export/import and template installs: `lookup` nodes' `table`,
 * and every `$lookup("name", …)` / `$lookupOr("name", …)` with a string-literal name in
 * any expression of the definition (node configs, embedded mappings). A call whose table
 * is itself an expression cannot be resolved without running it: it is counted in `dynamic`.
 */
export interface LookupTableUse {
  /** Table names, sorted, each once. */
  tables: string[];
  /** `$lookup` calls whose table name is not a string literal. */
  dynamic: number;
}

// `$lookup(` or `$lookupOr(`, then either a quoted literal (either quote, escapes allowed) or anything else.
const CALL = /\$lookup(?:Or)?\s*\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(?=[^\s)]))/g;

interface NodeLike {
  type: string;
  config?: Record<string, unknown>;
}

function scanStrings(value: unknown, found: Set<string>, counts: { dynamic: number }): void {
  if (typeof value === "string") {
    if (!value.includes("$lookup")) return;
    for (const match of value.matchAll(CALL)) {
      const literal = match[1] ?? match[2];
      if (literal === undefined) counts.dynamic++;
      else found.add(literal.replace(/\\(.)/g, "$1"));
    }
  } else if (Array.isArray(value)) {
    for (const item of value) scanStrings(item, found, counts);
  } else if (value && typeof value === "object") {
    for (const item of Object.values(value)) scanStrings(item, found, counts);
  }
}

export function lookupTablesOf(definition: { nodes: readonly NodeLike[] }): LookupTableUse {
  const found = new Set<string>();
  const counts = { dynamic: 0 };
  for (const node of definition.nodes) {
    if (node.type === "lookup" && typeof node.config?.table === "string" && node.config.table.trim()) found.add(node.config.table.trim());
    scanStrings(node.config, found, counts);
  }
  return { tables: [...found].sort(), dynamic: counts.dynamic };
}
