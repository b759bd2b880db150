/**
 * A run's resumable state (persisted on the run row at every checkpoint). The
 * engine is a work-list machine: each pending item is "run node X with input Y in
 * lineage L"; executing a node removes its item and adds its successors.
 */
export interface WorkItem {
  nodeId: string;
  input: unknown;
  /** "0" for the main path; foreach items get "<parent>.<index>", so (node, lineage) is unique in a run. */
  lineage: string;
  /** 1 for the first try; counts retries of this node in this lineage. */
  attempt: number;
  /** Not to be run before this time (epoch ms): retry backoff, delay nodes, open circuits. */
  notBefore?: number;
  /**
   * For action nodes: `input` is already the operation's input (a resubmission with
   * edited input), so the node's input mapping is not evaluated again.
   */
  resolved?: boolean;
}

export interface RunState {
  pending: WorkItem[];
  /** Outputs by lineage, then node name: `$steps.<name>` looks up the lineage and its ancestors. */
  outputs: Record<string, Record<string, unknown>>;
  /** Next step sequence number (steps of one run are ordered across checkpoints). */
  nextSeq: number;
}

export function initialState(triggerNodeId: string, payload: unknown): RunState {
  return { pending: [{ nodeId: triggerNodeId, input: payload, lineage: "0", attempt: 1 }], outputs: {}, nextSeq: 0 };
}

/** `$steps` for a lineage: its own outputs over its ancestors' ("0.3.1" sees "0.3" and "0"). */
export function stepsFor(state: RunState, lineage: string): Record<string, unknown> {
  const parts = lineage.split(".");
  const merged: Record<string, unknown> = {};
  for (let i = 1; i <= parts.length; i++) Object.assign(merged, state.outputs[parts.slice(0, i).join(".")]);
  return merged;
}

/** Ready items first; among waiting ones, the earliest wake-up time. */
export function earliestWake(state: RunState): number | null {
  let earliest: number | null = null;
  for (const item of state.pending) {
    const at = item.notBefore ?? 0;
    if (earliest === null || at < earliest) earliest = at;
  }
  return earliest;
}

/**
 * Bounds on what one run may hold, so a runaway input fails visibly (a dead letter
 * that keeps the payload) instead of exhausting memory or the database row.
 */
export interface RunLimits {
  /** Most items one foreach may fan out to (each becomes a step, a lineage and a row). */
  maxForeachItems: number;
  /** Largest run state, in bytes of JSON, that a run may save to continue later. */
  maxStateBytes: number;
}

/** The runtime's defaults (RUNTIME_MAX_FOREACH_ITEMS, RUNTIME_MAX_RUN_STATE_BYTES); designer test runs use them as they are. */
export const DEFAULT_RUN_LIMITS: RunLimits = { maxForeachItems: 10_000, maxStateBytes: 32 * 1024 * 1024 };

/** UTF-8 size of JSON text, counted only when the UTF-16 length cannot settle a comparison with `limit`. */
export function exceedsBytes(text: string, limit: number): number | null {
  if (text.length * 3 <= limit) return null;
  const bytes = typeof Buffer !== "undefined" ? Buffer.byteLength(text) : new TextEncoder().encode(text).length;
  return bytes > limit ? bytes : null;
}
