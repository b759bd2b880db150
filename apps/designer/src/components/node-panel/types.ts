/** What the canvas knows about one node after "Test step" / "Test flow" (shown on the card and in the Data tab). */
export interface NodeTestResult {
  status: "succeeded" | "failed" | "skipped" | "not_run";
  itemCount: number;
  input?: unknown;
  output?: unknown;
  error?: { message: string };
}
