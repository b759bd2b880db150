import { openConnection, SecretScrubber } from "@ipaas/connectors";
import { findConnectionRow, getFlowEnvironment, getRunGraph, getRunWithSteps, NotFoundError, type Db, type KeyRing } from "@ipaas/db";

/**
 * "Open in editor with this data": a production run's trigger payload and each
 * step's recorded output, for a test run of the current draft that reproduces the
 * run (docs/architecture.md "Dead letters and bulk operations", replay). Every
 * secret of the connections the run's version uses is scrubbed from what leaves,
 * in case a step's output echoed one (a header, an error text).
 */

export interface RecordedOutput {
  nodeName: string;
  status: "succeeded" | "failed" | "skipped";
  output: unknown;
}

export interface RunReplayData {
  runId: string;
  flowId: string;
  version: number;
  payload: unknown;
  /**
   * By node id: the output of its last step on the main path (lineage "0"). Steps
   * inside a for-each have one output per item and cannot stand for the node, so
   * they are left out: the test run computes them.
   */
  outputs: Record<string, RecordedOutput>;
}

/** Collects the run version's connection secrets into a scrubber; one that cannot be opened refuses the read (fail closed). */
async function secretsOf(db: Db, keyRing: KeyRing | null, definition: unknown, environment: string): Promise<SecretScrubber> {
  const scrubber = new SecretScrubber({ minLength: 4 });
  const nodes = (definition as { nodes?: Array<{ config?: Record<string, unknown> }> }).nodes ?? [];
  for (const node of nodes) {
    const { connectionId, connectionName } = node.config ?? {};
    if (typeof connectionId !== "string" && typeof connectionName !== "string") continue;
    const row = await findConnectionRow(db, { ...(typeof connectionId === "string" ? { connectionId } : {}), ...(typeof connectionName === "string" ? { connectionName } : {}) }, environment);
    if (row) scrubber.add(Object.values(openConnection(row, keyRing).secrets));
  }
  return scrubber;
}

export async function runReplayData(db: Db, keyRing: KeyRing | null, runId: string): Promise<RunReplayData> {
  const found = await getRunWithSteps(db, runId);
  if (!found) throw new NotFoundError(`Run ${runId} does not exist`);
  const graph = await getRunGraph(db, runId);
  const environment = (await getFlowEnvironment(db, found.run.flowId)) ?? "";
  const outputs: Record<string, RecordedOutput> = {};
  for (const step of found.steps) {
    if (step.lineage !== "0") continue;
    // Steps come in order: a later attempt of the same node replaces an earlier one.
    outputs[step.nodeId] = { nodeName: step.nodeName, status: step.status, output: step.output };
  }
  const scrubber = await secretsOf(db, keyRing, graph.definition, environment);
  return scrubber.json({ runId, flowId: found.run.flowId, version: graph.version, payload: found.run.triggerPayload, outputs });
}
