import { allocateControlNumbers, insertAcknowledgement, type Db, type TradingPartnerRow } from "@ipaas/db";
import { enqueueEdiDelivery, type EdiDeliveryJob } from "@ipaas/jobs";
import { acknowledgeInterchange, generateTA1, generateX12, type InterchangeResult } from "@ipaas/x12";
import type { Queue } from "bullmq";

export interface AckDeps {
  db: Db;
  deliveries: Queue<EdiDeliveryJob>;
}

/** ST02 as the generator writes a number (zero-padded to 4), so a 997 row names its set as the wire does. */
const st02 = (n: number) => String(n).padStart(4, "0");

/**
 * Our acknowledgement of one received interchange (docs/architecture.md "EDI documents"): a 997
 * per functional group — never for their FA groups, a 997 is not acknowledged — with AK3/AK4/AK5
 * detail, and a TA1 when they asked (ISA14 = 1) or the envelope itself is bad, in which case no
 * group is acknowledged. Control numbers come from the partner's outbound counters; the reply is
 * stored as an outbound interchange (`queued`, acknowledgesId) and handed to the delivery worker.
 * Nothing when the partner's `acknowledgements.send997` is off. Returns the reply's id.
 */
export async function acknowledge(deps: AckDeps, partner: TradingPartnerRow, interchangeId: string, result: InterchangeResult, at: Date): Promise<string | null> {
  if (!partner.acknowledgements.send997) return null;
  const envelopeOk = result.note === "000";
  const groups = envelopeOk ? result.groups.filter((g) => g.group.functionalId !== "FA") : [];
  const wantTa1 = result.interchange.isa.ackRequested === "1" || !envelopeOk;
  if (groups.length === 0 && !wantTa1) return null;

  const allocate = (kind: "interchange" | "group" | "transaction", count: number) => allocateControlNumbers(deps.db, { partnerId: partner.id, direction: "outbound", kind, count });
  const [interchange] = await allocate("interchange", 1);
  const [group] = groups.length > 0 ? await allocate("group", 1) : [0];
  const sets = groups.length > 0 ? await allocate("transaction", groups.length) : [];
  const reply = acknowledgeInterchange({ ...result, groups }, { interchange: interchange!, group: group!, sets }, at);
  if (wantTa1 && !reply.ta1) reply.ta1 = [generateTA1(result)];
  const raw = generateX12(reply, { delimiters: partner.delimiters, lineBreak: "\n" });

  const ack = await insertAcknowledgement(deps.db, {
    partnerId: partner.id,
    environment: partner.environment,
    transport: partner.transport?.kind ?? null,
    raw: Buffer.from(raw, "utf8"),
    controlNumber: String(interchange).padStart(9, "0"),
    acknowledgesId: interchangeId,
    sets: groups.map((g, i) => ({ functionalId: "FA", groupControlNumber: String(group), controlNumber: st02(sets[i]!), acknowledges: `${g.group.functionalId} ${g.group.controlNumber}` })),
  });
  await enqueueEdiDelivery(deps.deliveries, { interchangeId: ack.id });
  return ack.id;
}
