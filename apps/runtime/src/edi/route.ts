import { listEdiSubscribers, NotFoundError, ConflictError, type Db, type TradingPartnerRow } from "@ipaas/db";
import type { RejectedEdiDocument } from "@ipaas/flow";
import { dispatchRun, loadRunnableFlow, type RunJob } from "@ipaas/jobs";
import type { FunctionalGroup, Interchange, TransactionSet } from "@ipaas/x12";
import type { Queue } from "bullmq";
import { ediEventId, triggerPayload, type EdiTriggerPayload } from "./documents";

export interface RouteDeps {
  db: Db;
  runs: Queue<RunJob>;
}

export interface SetToRoute {
  partner: TradingPartnerRow;
  interchangeId: string;
  transport: string;
  interchange: Interchange;
  group: FunctionalGroup;
  set: TransactionSet;
  /** The whole file as text: kept in a rejected set's dead letter. */
  raw: string;
  /** Null for an accepted set; a rejected set's validation issues, one line each. */
  rejected: string[] | null;
}

/**
 * Starts one run of every enabled, published flow subscribed to the set's (partner, set id) in
 * the partner's environment (docs/architecture.md "EDI documents"). An accepted set's run gets
 * the set as JSON; a rejected set's run gets the raw text and its issues, and dead-letters at its
 * `trigger.edi` node without running anything else, so the letter can be corrected and resubmitted.
 * The event id is the set's control numbers: a file read twice starts each run once.
 * Returns the runs started (or found again), in flow order.
 */
export async function routeSet(deps: RouteDeps, s: SetToRoute): Promise<string[]> {
  const flowIds = await listEdiSubscribers(deps.db, { environment: s.partner.environment, partnerId: s.partner.id, set: s.set.id });
  if (flowIds.length === 0) return [];
  const payload: EdiTriggerPayload | RejectedEdiDocument = s.rejected
    ? { kind: "edi.rejected", partnerId: s.partner.id, set: s.set.id, controlNumber: s.set.controlNumber, interchangeId: s.interchangeId, transport: s.transport, raw: s.raw, issues: s.rejected }
    : triggerPayload(s.partner, s.interchangeId, s.interchange, s.group, s.set);
  const runIds: string[] = [];
  for (const flowId of flowIds) {
    let runnable;
    try {
      runnable = await loadRunnableFlow(deps.db, flowId);
    } catch (err) {
      // Disabled or unpublished since the subscriber query: that flow takes nothing now.
      if (err instanceof NotFoundError || err instanceof ConflictError) continue;
      throw err;
    }
    const result = await dispatchRun(
      { db: deps.db, queue: deps.runs },
      { flowId, runnable, triggerType: "trigger.edi", payload, triggerEventId: ediEventId(s.interchange, s.group, s.set), correlationId: `edi-${s.interchangeId}` },
    );
    runIds.push(result.runId);
  }
  return runIds;
}
