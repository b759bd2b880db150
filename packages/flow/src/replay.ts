import { StepError } from "./errors";
import { isTriggerType, type FlowDefinition, type FlowNode } from "./model";
import { stepsFor, type RunState, type WorkItem } from "./state";

/**
 * Replaying a dead-lettered run on another (the latest published) version
 * (docs/architecture.md "Dead letters and bulk operations", replay on the latest
 * version). Pure: the state the run continues from; the caller saves it, moves the
 * run to the version and enqueues it — or, for a dry run, advances it without
 * calling any connector.
 *
 * - `rerun` starts again at the trigger with the run's payload. The run keeps its
 *   id, so every side effect keeps its idempotency key (`flow:run:node:lineage`,
 *   no version in it) and the ones already completed return from the effect ledger.
 * - `resume` starts at the failed step with its input computed again by the new
 *   version: the step is re-entered with its predecessor's recorded output, and a
 *   `map` node feeding a failed action runs again too, so a fixed mapping applies.
 */
export type ReplayMode = "rerun" | "resume";
export const REPLAY_MODES = ["rerun", "resume"] as const satisfies readonly ReplayMode[];

/** What replay needs from a dead letter. */
export interface ReplayLetter {
  nodeId: string;
  lineage: string;
  /** The kept input: the operation input when `inputResolved`, else the node's own input. */
  input: unknown;
  inputResolved: boolean;
}

export interface ReplayParams {
  mode: ReplayMode;
  /** The version the run continues on. */
  definition: FlowDefinition;
  /** The version the run ran (its node names key the recorded outputs); the new one when absent. */
  previous?: FlowDefinition | undefined;
  /** The run's saved state (outputs by lineage); null when nothing was saved. */
  state: RunState | null;
  trigger: unknown;
  letter: ReplayLetter;
}

const refuse = (message: string) => new StepError(message, "non_retryable", "REPLAY_REFUSED");

/** The input `lineage` received from `source`: its recorded output, or one element of a foreach's output. */
function recordedOutput(state: RunState, source: FlowNode, name: string, lineage: string): { found: boolean; value?: unknown } {
  if (source.type === "foreach") {
    const cut = lineage.lastIndexOf(".");
    if (cut < 0) return { found: false };
    const items = stepsFor(state, lineage.slice(0, cut))[name];
    const index = Number(lineage.slice(cut + 1));
    return Array.isArray(items) && index < items.length ? { found: true, value: items[index] } : { found: false };
  }
  const outputs = stepsFor(state, lineage);
  return name in outputs ? { found: true, value: outputs[name] } : { found: false };
}

/** The one node feeding `nodeId` in `def`, or undefined (none, or a merge of several). */
function predecessorOf(def: FlowDefinition, nodeId: string): FlowNode | undefined {
  const sources = [...new Set(def.edges.filter((e) => e.target === nodeId).map((e) => e.source))];
  return sources.length === 1 ? def.nodes.find((n) => n.id === sources[0]) : undefined;
}

/** Where `resume` re-enters: the failed node (or the map node feeding a failed action) with its input from the recorded outputs. */
function resumeItem(params: ReplayParams, state: RunState): WorkItem {
  const { definition: def, letter } = params;
  const node = def.nodes.find((n) => n.id === letter.nodeId);
  if (!node) throw refuse(`Step ${letter.nodeId} is not in the latest version: re-run from the trigger instead`);
  const item = (nodeId: string, input: unknown): WorkItem => ({ nodeId, input, lineage: letter.lineage, attempt: 1 });
  if (isTriggerType(node.type)) return item(node.id, params.trigger);
  const nameOf = (n: FlowNode) => params.previous?.nodes.find((p) => p.id === n.id)?.name ?? n.name;
  const inputFrom = (source: FlowNode | undefined) => (source ? recordedOutput(state, source, nameOf(source), letter.lineage) : { found: false });

  const feeder = predecessorOf(def, node.id);
  if (node.type === "action" && feeder?.type === "map") {
    const mapInput = inputFrom(predecessorOf(def, feeder.id));
    if (mapInput.found) return item(feeder.id, mapInput.value);
  }
  const input = inputFrom(feeder);
  if (input.found) return item(node.id, input.value);
  // Without its predecessor's output, only a node's own (unmapped) kept input can go back in.
  if (!letter.inputResolved) return item(node.id, letter.input);
  throw refuse(`The input of step ${letter.nodeId} cannot be computed again (its previous step's output was not kept): re-run from the trigger instead`);
}

/** The state a replayed run continues from on `params.definition`. */
export function replayState(params: ReplayParams): RunState {
  const state: RunState = params.state ?? { pending: [], outputs: {}, nextSeq: 0 };
  if (params.mode === "resume") return { ...state, pending: [...state.pending, resumeItem(params, state)] };
  const trigger = params.definition.nodes.find((n) => isTriggerType(n.type));
  if (!trigger) throw refuse("The latest version has no trigger node");
  // Step numbers go on from where the run was, so its timeline stays in order.
  return { pending: [{ nodeId: trigger.id, input: params.trigger, lineage: "0", attempt: 1 }], outputs: {}, nextSeq: state.nextSeq };
}
