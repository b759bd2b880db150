import type { FlowDefinition } from "@ipaas/flow";
import type { NodeTestResult } from "@/components/canvas/test-results";

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
