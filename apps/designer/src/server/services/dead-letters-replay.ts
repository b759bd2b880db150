import { registry } from "@ipaas/connectors";
import { BULK_LIMIT, findEffect, lookupValue, lookupValues, matchingDeadLetterIds, type Db, type InputIssue, type WorkbenchSelection } from "@ipaas/db";
import { advance, configOf, StepError, type AdvanceResult, type EngineServices, type ReplayMode, type RunInfo } from "@ipaas/flow";
import { planReplay, plannedState, type ReplayPlan } from "@ipaas/jobs";
import { selectionFilter } from "./dead-letters-bulk";
import { diffValues, type ValueChange } from "./flow-diff";

/**
 * The dry run of "Replay on the latest version" (docs/architecture.md "Dead letters
 * and bulk operations"): per letter, the failed step's input as the latest version
 * computes it, next to the kept one, and whether the operation would accept it.
 * The run's state is advanced on the engine from where the replay would start, with
 * completed effects read from the ledger and no connector called: the first action
 * that would call one stops there (for the failed step, that is the point).
 */

/** More letters than this in one dry run are not looked at (the operator dry-runs a sample). */
export const DRY_RUN_LIMIT = 500;
/** How many letters' inputs and diffs are returned (all are counted). */
const SHOWN = 100;

const DRY_RUN_STOP = "DRY_RUN";
const notCalled = async (): Promise<never> => {
  throw new StepError("not called in a dry run", "non_retryable", DRY_RUN_STOP);
};

export type PreviewOutcome = "ready" | "invalid" | "fails" | "not_reached";
export interface ReplayPreview {
  deadLetterId: string;
  runId: string;
  businessKey: string | null;
  outcome: PreviewOutcome;
  /** The kept input and the one the latest version computes (undefined when the step is not reached). */
  before: unknown;
  after: unknown;
  changes: ValueChange[];
  /** Issues against the operation's input schema; null when there is no operation to check against. */
  issues: InputIssue[] | null;
  message: string | null;
}

function dryServices(db: Db, environment: string): EngineServices {
  return {
    runAction: notCalled,
    runSubflow: notCalled,
    findEffect: (key) => findEffect(db, key),
    checkpoint: async () => {},
    lookup: (table, key) => lookupValue(db, { environment, table, key }),
    lookupMany: (table, keys) => lookupValues(db, { environment, table, keys }),
  };
}

/** What the replayed run does at the failed step, judged from one engine pass. */
function judge(plan: ReplayPlan, result: AdvanceResult): Omit<ReplayPreview, "deadLetterId" | "runId" | "businessKey" | "before" | "changes"> {
  const { letter } = plan.source;
  const at = (item: { nodeId: string; lineage: string }) => item.nodeId === letter.nodeId && item.lineage === letter.lineage;
  const dead = result.deadLetters.find((d) => at(d.item));
  const step = result.steps.findLast((s) => at(s));
  const node = plan.target.definition.nodes.find((n) => n.id === letter.nodeId);
  if (dead?.error.code === DRY_RUN_STOP && node?.type === "action") {
    const config = configOf(node, "action");
    const schema = registry.get(config.connectorId)?.actions[config.operation]?.input;
    const parsed = schema?.safeParse(dead.input);
    const issues = !parsed ? null : parsed.success ? [] : parsed.error.issues.map((i: { path: PropertyKey[]; message: string }) => ({ path: i.path.map(String).join("."), message: i.message }));
    return { outcome: issues?.length ? "invalid" : "ready", after: dead.input, issues, message: null };
  }
  if (dead) return { outcome: "fails", after: dead.input, issues: null, message: dead.error.message };
  // A logic step (a map that failed) that now runs through.
  if (step?.status === "succeeded") return { outcome: "ready", after: step.input, issues: null, message: null };
  const stop = result.deadLetters[0];
  const message = stop ? (stop.error.code === DRY_RUN_STOP ? `stops at "${stop.nodeName}", which would call a connector first` : `"${stop.nodeName}" fails first: ${stop.error.message}`) : "the replayed run does not reach this step";
  return { outcome: "not_reached", after: undefined, issues: null, message };
}

async function previewOne(db: Db, deadLetterId: string, mode: ReplayMode): Promise<ReplayPreview> {
  const plan = await planReplay(db, deadLetterId);
  const { letter, run } = plan.source;
  const base = { deadLetterId, runId: run.id, businessKey: letter.businessKey, before: letter.input };
  let judged: ReturnType<typeof judge>;
  try {
    const info: RunInfo = { runId: run.id, flowId: run.flowId, correlationId: run.correlationId, businessKey: run.businessKey };
    const result = await advance(plan.target.definition, plannedState(plan, mode), { trigger: run.triggerPayload, run: info, services: dryServices(db, plan.environment) });
    judged = judge(plan, result);
  } catch (err) {
    // A replay the letter cannot have (the step is gone, the payload was not kept).
    judged = { outcome: "not_reached", after: undefined, issues: null, message: err instanceof Error ? err.message : String(err) };
  }
  return { ...base, ...judged, changes: judged.after === undefined ? [] : diffValues(letter.input, judged.after) };
}

/**
 * Dry-runs the replay of the selected letters (at most `sample`, oldest first):
 * counts by outcome over all of them, inputs and diffs for the first ones.
 */
export async function dryRunReplay(db: Db, me: string, params: { selection: WorkbenchSelection; mode: ReplayMode; sample?: number | undefined }) {
  const matching = await matchingDeadLetterIds(db, selectionFilter(params.selection, me), BULK_LIMIT + 1);
  const ids = matching.slice(0, Math.min(params.sample ?? DRY_RUN_LIMIT, DRY_RUN_LIMIT));
  const counts: Record<PreviewOutcome, number> = { ready: 0, invalid: 0, fails: 0, not_reached: 0 };
  const items: ReplayPreview[] = [];
  for (const id of ids) {
    const preview = await previewOne(db, id, params.mode);
    counts[preview.outcome]++;
    if (items.length < SHOWN) items.push(preview);
  }
  return { matched: Math.min(matching.length, BULK_LIMIT), checked: ids.length, counts, items };
}
