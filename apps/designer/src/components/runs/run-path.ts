/**
 * The path a run took through its flow, and where each step sits in time. Pure
 * (no React), so the run page and the tests compute it the same way.
 */

/** A node as the run graph colours it. "not_reached": the run never executed it (yet). */
export type NodeRunStatus = "succeeded" | "failed" | "skipped" | "not_reached";

interface PathStep {
  seq: number;
  nodeId: string;
  lineage: string;
  status: "succeeded" | "failed" | "skipped";
}

interface Graph {
  nodes: Array<{ id: string }>;
  edges: Array<{ id: string; source: string; target: string }>;
}

export interface RunPath {
  nodes: Record<string, NodeRunStatus>;
  /** Edge id → both ends executed. */
  edges: Record<string, boolean>;
}

/**
 * Per node: each lineage (for-each item) counts with its last attempt, so a step
 * that failed once and then succeeded on retry is green. Any item still failed
 * makes the node red; otherwise any success makes it green; only skips, grey.
 */
export function runPath(graph: Graph, steps: readonly PathStep[]): RunPath {
  const last = new Map<string, PathStep>();
  for (const step of steps) {
    const key = `${step.nodeId}\u0000${step.lineage}`;
    const prev = last.get(key);
    if (!prev || step.seq > prev.seq) last.set(key, step);
  }
  const finals = new Map<string, Set<PathStep["status"]>>();
  for (const step of last.values()) {
    const set = finals.get(step.nodeId) ?? new Set();
    set.add(step.status);
    finals.set(step.nodeId, set);
  }
  const nodes: Record<string, NodeRunStatus> = {};
  for (const node of graph.nodes) {
    const seen = finals.get(node.id);
    nodes[node.id] = !seen ? "not_reached" : seen.has("failed") ? "failed" : seen.has("succeeded") ? "succeeded" : "skipped";
  }
  const edges: Record<string, boolean> = {};
  for (const edge of graph.edges) {
    edges[edge.id] = (nodes[edge.source] ?? "not_reached") !== "not_reached" && (nodes[edge.target] ?? "not_reached") !== "not_reached";
  }
  return { nodes, edges };
}

export interface TimelineBar {
  /** Milliseconds from the start of the run to the start of the step. */
  offsetMs: number;
  /** Position and width as percentages of the run's span (for a CSS bar). */
  left: number;
  width: number;
}

/** Thin enough to read as "instant", wide enough to see. */
const MIN_WIDTH = 0.6;

/**
 * Each step as a bar on the run's time axis. The axis runs from the run's start
 * (or its first step, if earlier) to its end (or the last step's end while it is
 * still going), so bars never fall outside it.
 */
export function timelineBars(steps: ReadonlyArray<{ startedAt: Date; finishedAt: Date }>, runStart: Date, runEnd: Date | null): TimelineBar[] {
  if (steps.length === 0) return [];
  const start = Math.min(runStart.getTime(), ...steps.map((s) => s.startedAt.getTime()));
  const end = Math.max(runEnd?.getTime() ?? 0, ...steps.map((s) => s.finishedAt.getTime()));
  const span = Math.max(end - start, 1);
  return steps.map((s) => {
    const from = s.startedAt.getTime() - start;
    const left = (from / span) * 100;
    const width = Math.max(((s.finishedAt.getTime() - s.startedAt.getTime()) / span) * 100, MIN_WIDTH);
    return { offsetMs: from, left: Math.min(left, 100 - MIN_WIDTH), width: Math.min(width, 100 - Math.min(left, 100 - MIN_WIDTH)) };
  });
}
