import type { Problem } from "@ipaas/flow";

/** A node's result from a test run or a loaded production run, keyed by node id on the canvas. */
export interface NodeTestResult {
  status: "succeeded" | "failed" | "skipped" | "not_run";
  itemCount: number;
  input?: unknown;
  output?: unknown;
  /** `details.issues` (INVALID_INPUT) lists every field of an invalid action input. */
  error?: { message: string; code?: string; details?: unknown };
}

/** The field-by-field issues of a failed node's error, when it has them. */
export function issuesOf(error: NodeTestResult["error"]): Array<{ path: string; message: string }> {
  const issues = (error?.details as { issues?: unknown } | undefined)?.issues;
  return Array.isArray(issues) ? issues.filter((i): i is { path: string; message: string } => typeof i?.path === "string" && typeof i?.message === "string") : [];
}

export type TestResults = Record<string, NodeTestResult>;
export type { Problem };
