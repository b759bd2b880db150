import { claimNewlyOverdue, type Db } from "@ipaas/db";
import type { Logger } from "../logger";
import type { MaintenanceTask } from "./index";

export const EDI_COMPLIANCE_EVERY_MS = 60_000;

/**
 * Compliance timers (docs/architecture.md "EDI compliance"): each expectation that went past its
 * due time unmet is stamped `alertedAt` and logged once — however many ticks or replicas look —
 * so the dashboard can tell when it was noticed. Alerting itself is the `edi_overdue` rule kind,
 * measured by the alerts task, which also resolves once the documents arrive.
 */
export async function checkEdiCompliance(deps: { db: Db; logger?: Pick<Logger, "warn">; now?: Date }): Promise<{ overdue: number }> {
  const overdue = await claimNewlyOverdue(deps.db, { now: deps.now ?? new Date() });
  for (const e of overdue) deps.logger?.warn({ expectationId: e.id, partnerId: e.partnerId, kind: e.kind, reference: e.reference, dueAt: e.dueAt.toISOString() }, "EDI expectation overdue");
  return { overdue: overdue.length };
}

export function ediComplianceTask(deps: { db: Db; logger?: Pick<Logger, "warn"> }): MaintenanceTask {
  return { name: "edi.compliance", everyMs: EDI_COMPLIANCE_EVERY_MS, run: () => checkEdiCompliance(deps) };
}
