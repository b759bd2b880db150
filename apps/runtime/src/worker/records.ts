import type { DeadLetterInput, StepInput } from "@ipaas/db";
import type { DeadItem, StepRecord } from "@ipaas/flow";

/** Engine records → rows. Kept apart so the worker and checkpoints map them the same way. */
export const toStepInputs = (steps: StepRecord[]): StepInput[] => steps;

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
