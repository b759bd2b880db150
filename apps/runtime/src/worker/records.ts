import type { DeadLetterInput, StepInput } from "@ipaas/db";
import type { DeadItem, StepRecord } from "@ipaas/flow";

/**
 * Engine records → rows. A trigger step's input and output are the trigger payload,
 * already stored once on the run (runs.trigger_payload): writing it twice more per
 * run was a third of the hot path's WAL, so the step row keeps neither.
 */
export const toStepInputs = (steps: StepRecord[]): StepInput[] =>
  steps.map((s) => (s.nodeType.startsWith("trigger.") ? { ...s, input: null, output: null } : s));

export const toDeadLetterInputs = (items: DeadItem[]): DeadLetterInput[] =>
  items.map((d) => ({
    nodeId: d.item.nodeId,
    nodeName: d.nodeName,
    lineage: d.item.lineage,
    input: d.input,
    inputResolved: d.resolved,
    attempts: d.item.attempt,
    error: d.error,
  }));
