import { claimNewlyOverdue, staleQueuedInterchanges, type Db } from "@ipaas/db";
import { resendEdiDelivery, type EdiDeliveryJob } from "@ipaas/jobs";
import type { Queue } from "bullmq";
import type { Logger } from "../logger";
import type { MaintenanceTask } from "./index";

export const EDI_COMPLIANCE_EVERY_MS = 60_000;
/** A queued interchange untouched this long without a job gets one (its own job retries far more often). */
const STALE_QUEUED_MS = 2 * 60_000;

export interface EdiComplianceDeps {
  db: Db;
  /** The edi-deliveries queue; without it the delivery sweep is skipped. */
  deliveries?: Queue<EdiDeliveryJob>;
  logger?: Pick<Logger, "warn">;
  now?: Date;
}

/**
 * Compliance timers (docs/architecture.md "EDI compliance"): each expectation that went past its
 * due time unmet is stamped `alertedAt` and logged once — however many ticks or replicas look —
 * so the dashboard can tell when it was noticed. Alerting itself is the `edi_overdue` rule kind,
 * measured by the alerts task, which also resolves once the documents arrive. The same tick sweeps
 * outbound interchanges left `queued` (docs/architecture.md "EDI documents"): a lost enqueue or a
 * resend recorded without a queue at hand gets its delivery job (`resendEdiDelivery` leaves a live job alone).
 */
export async function checkEdiCompliance(deps: EdiComplianceDeps): Promise<{ overdue: number; requeued: number }> {
  const now = deps.now ?? new Date();
  const overdue = await claimNewlyOverdue(deps.db, { now });
  for (const e of overdue) deps.logger?.warn({ expectationId: e.id, partnerId: e.partnerId, kind: e.kind, reference: e.reference, dueAt: e.dueAt.toISOString() }, "EDI expectation overdue");
  const stale = deps.deliveries ? await staleQueuedInterchanges(deps.db, { before: new Date(now.getTime() - STALE_QUEUED_MS) }) : [];
  for (const interchangeId of stale) await resendEdiDelivery(deps.deliveries!, { interchangeId });
  return { overdue: overdue.length, requeued: stale.length };
}

export function ediComplianceTask(deps: Omit<EdiComplianceDeps, "now">): MaintenanceTask {
  return { name: "edi.compliance", everyMs: EDI_COMPLIANCE_EVERY_MS, run: () => checkEdiCompliance(deps) };
}
