import type { Problem } from "@ipaas/flow";

/** A node's result from a test run or a loaded production run, keyed by node id on the canvas. */
export interface NodeTestResult {
  status: "succeeded" | "failed" | "skipped" | "not_run";
  itemCount: number;
  input?: unknown;
  output?: unknown;
  error?: { message: string };
}

export type TestResults = Record<string, NodeTestResult>;
export type { Problem };
