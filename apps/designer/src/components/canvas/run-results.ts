import type { NodeTestResult, TestResults } from "./test-results";

interface RecordedStep {
  seq: number;
  nodeId: string;
  status: "succeeded" | "failed" | "skipped";
  input: unknown;
  output: unknown;
  error: unknown;
}

function errorMessage(error: unknown): string {
  if (error && typeof error === "object" && "message" in error && typeof error.message === "string") return error.message;
  return typeof error === "string" ? error : JSON.stringify(error);
}

/**
 * A production run's steps → per-node results for replay on the canvas. A node
 * inside a for-each has one step per item: the count is its steps, the status
 * the worst of them, input/output those of the last step.
 */
export function resultsFromRun(steps: RecordedStep[]): TestResults {
  const results: TestResults = {};
  for (const step of [...steps].sort((a, b) => a.seq - b.seq)) {
    const prev = results[step.nodeId];
    const failed = step.status === "failed" || prev?.status === "failed";
    const result: NodeTestResult = {
      status: failed ? "failed" : step.status === "succeeded" || prev?.status === "succeeded" ? "succeeded" : "skipped",
      itemCount: (prev?.itemCount ?? 0) + 1,
      input: step.input,
      output: step.output,
      ...(step.error != null ? { error: { message: errorMessage(step.error) } } : prev?.error ? { error: prev.error } : {}),
    };
    results[step.nodeId] = result;
  }
  return results;
}

/** For "Test step": the node's input (its predecessor's last output) and earlier outputs by node name for `$steps`. */
export function stepInputs(
  definition: { nodes: Array<{ id: string; name: string; config: Record<string, unknown> }>; edges: Array<{ source: string; target: string }> },
  nodeId: string,
  results: TestResults,
): { input?: unknown; steps: Record<string, unknown> } {
  const steps: Record<string, unknown> = {};
  for (const n of definition.nodes) if (results[n.id]?.output !== undefined) steps[n.name] = results[n.id]!.output;
  const source = definition.edges.find((e) => e.target === nodeId)?.source;
  const sourceNode = definition.nodes.find((n) => n.id === source);
  // A pinned sample on the previous node wins over its last test output (n8n's "pin data").
  const input = sourceNode ? (sourceNode.config.pinnedOutput ?? results[sourceNode.id]?.output) : undefined;
  return input === undefined ? { steps } : { input, steps };
}

/**
 * "Open in editor with this data": the draft with each connector step's recorded
 * output pinned (by node id), so a test run reproduces the production run without
 * calling those systems again while mapping and logic steps run on the draft. Only
 * steps that succeeded are pinned: the failed one is what the analyst is fixing.
 */
export function pinRecordedOutputs<D extends { nodes: Array<{ id: string; type: string; config: Record<string, unknown> }> }>(
  definition: D,
  outputs: Record<string, { status: string; output: unknown }>,
): { definition: D; pinned: string[] } {
  const pinned: string[] = [];
  const nodes = definition.nodes.map((n) => {
    const recorded = outputs[n.id];
    if (n.type !== "action" || recorded?.status !== "succeeded" || recorded.output === undefined) return n;
    pinned.push(n.id);
    return { ...n, config: { ...n.config, pinnedOutput: recorded.output } };
  });
  return { definition: { ...definition, nodes }, pinned };
}
