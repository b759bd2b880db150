import { storeOutboundInterchange, type Db } from "@ipaas/db";
import { ANSWERED_EXPECTATION, documentReferences, outboundSegments, partnerForSend, renderOutboundX12 } from "@ipaas/execution";
import { SET_DEFINITIONS } from "@ipaas/x12";
import type { SendX12Call, SendX12Result } from "@ipaas/flow";
import { enqueueEdiDelivery, type EdiDeliveryJob } from "@ipaas/jobs";
import type { Queue } from "bullmq";

export interface EdiSenderDeps {
  db: Db;
  /** The edi-deliveries queue: the delivery worker sends what is stored (delivery.ts). */
  deliveries: Queue<EdiDeliveryJob>;
  now?: () => Date;
}

/**
 * The runtime's "Send X12" (docs/architecture.md "EDI documents"): checks the input and the
 * partner, stores the interchange numbered once per step (storeOutboundInterchange: a retried
 * step finds what it stored), then enqueues its delivery — again for a stored one, which repairs
 * an enqueue lost to a crash (the job id is the interchange id, so a live job is not doubled).
 */
export function createEdiSender(deps: EdiSenderDeps): (call: SendX12Call) => Promise<SendX12Result> {
  return async (call) => {
    const segments = outboundSegments(call.set, call.input);
    const partner = await partnerForSend(deps.db, call);
    const now = deps.now?.() ?? new Date();
    const { reference, poNumbers } = documentReferences(call.set, segments);
    const answers = ANSWERED_EXPECTATION[call.set] && poNumbers.length > 0 ? [{ kind: ANSWERED_EXPECTATION[call.set]!, references: poNumbers }] : [];
    const stored = await storeOutboundInterchange(deps.db, {
      partnerId: partner.id,
      sendKey: call.idempotencyKey,
      runId: call.runId,
      sets: [{ setId: call.set, functionalId: SET_DEFINITIONS.get(call.set)?.functionalId ?? "", reference }],
      render: (numbers, row) => renderOutboundX12(row, call.set, segments, numbers, now),
      answers,
      now,
    });
    if (stored.status === "queued") await enqueueEdiDelivery(deps.deliveries, { interchangeId: stored.interchangeId });
    return { interchangeId: stored.interchangeId, controlNumbers: stored.controlNumbers, status: stored.status };
  };
}
