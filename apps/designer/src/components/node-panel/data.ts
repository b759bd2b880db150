import type { FlowDefinition, Problem } from "@ipaas/flow";
import type { NodeTestResult } from "./types";

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

/** Sample data a node stores in its config: a pinned output, or a trigger's sample payload. */
function storedSample(config: Record<string, unknown>): unknown {
  if (config.pinnedOutput !== undefined) return config.pinnedOutput;
  return config.sample;
}

/**
 * The data a node's expressions see as `$`, for autocomplete and the Data tab
 * before a test: the last test input, else the (single) predecessor's pinned output
 * or last known sample. Undefined when nothing is known.
 */
export function inputSampleOf(definition: FlowDefinition, nodeId: string, testResult?: NodeTestResult): unknown {
  if (testResult?.input !== undefined) return testResult.input;
  const sources = definition.edges.filter((e) => e.target === nodeId).map((e) => e.source);
  for (const source of sources) {
    const node = definition.nodes.find((n) => n.id === source);
    const sample = node ? storedSample(node.config) : undefined;
    if (sample !== undefined) return sample;
  }
  return undefined;
}

/** The config path a problem points at, relative to the node's config (`cases.0.condition`), or "" when it is about the node itself. */
export function configPathOf(problem: Pick<Problem, "path">): string {
  const match = /^nodes\.\d+\.config\.?(.*)$/.exec(problem.path);
  return match ? (match[1] ?? "") : "";
}

/** Problems whose path is the field (`input`) or inside it (`retry.attempts` for `retry`). */
export function problemsAt(problems: readonly Problem[], field: string): Problem[] {
  return problems.filter((p) => {
    const path = configPathOf(p);
    return path === field || path.startsWith(`${field}.`);
  });
}

/** Problems that no field of the form shows (node-level ones, and fields without a control). */
export function unplacedProblems(problems: readonly Problem[], shownFields: readonly string[]): Problem[] {
  return problems.filter((p) => {
    const path = configPathOf(p);
    return path === "" || !shownFields.some((f) => path === f || path.startsWith(`${f}.`));
  });
}

/** The message without the `Node "X": ` prefix validate adds (the panel already says which node). */
export function shortMessage(problem: Pick<Problem, "message">): string {
  return problem.message.replace(/^Node "[^"]*":\s*/, "");
}

/** The config with `patch` applied; keys patched to undefined are removed (absent, not null, in the saved JSON). */
export function patchConfig(config: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const next: Record<string, unknown> = { ...config };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return next;
}
