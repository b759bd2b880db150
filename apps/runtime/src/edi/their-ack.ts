import { applyFunctionalAck, type Db, type FunctionalAck } from "@ipaas/db";
import { el, type Segment, type TransactionSet } from "@ipaas/x12";

/** One error a partner's 997 reports about a set of ours, as stored in `edi_transactions.ack_errors`. */
export type AckError =
  | { level: "AK3"; segmentId: string; position: string; code: string }
  | { level: "AK4"; element: string; reference: string; code: string; data: string }
  | { level: "AK5" | "AK9"; code: string };

type AckStatus = FunctionalAck["ackStatus"];

/** AK501 / AK901: A accepted, E (and W) accepted with errors, P partially accepted, R (and M, X) rejected. */
function statusOf(code: string): AckStatus {
  if (code === "A") return "accepted";
  if (code === "E" || code === "W" || code === "P") return "accepted_with_errors";
  return "rejected";
}

interface SetAck {
  controlNumber: string;
  status: AckStatus;
  errors: AckError[];
}

/** The AK2..AK5 blocks of a 997, in order. */
function setAcks(segments: Segment[]): SetAck[] {
  const out: SetAck[] = [];
  let current: SetAck | null = null;
  for (const s of segments) {
    if (s.id === "AK2") {
      current = { controlNumber: el(s, 2), status: "accepted", errors: [] };
      out.push(current);
    } else if (current && s.id === "AK3") {
      current.errors.push({ level: "AK3", segmentId: el(s, 1), position: el(s, 2), code: el(s, 4) });
    } else if (current && s.id === "AK4") {
      current.errors.push({ level: "AK4", element: el(s, 1), reference: el(s, 2), code: el(s, 3), data: el(s, 4) });
    } else if (current && s.id === "AK5") {
      current.status = statusOf(el(s, 1));
      for (const code of s.elements.slice(1).map((e) => e.raw).filter(Boolean)) current.errors.push({ level: "AK5", code });
      current = null;
    }
  }
  return out;
}

/**
 * Their 997 for a group of ours (docs/architecture.md "EDI documents"): each AK2..AK5 block
 * updates the outbound set with that group (AK102) and set (AK202) control number; a 997
 * without AK2 (allowed when the whole group is accepted) answers every set of the group by its
 * AK9. The matching sets' `ack997_theirs` timers are met. Returns the ids of our sets updated.
 */
export async function applyTheirAck(db: Db, params: { partnerId: string; set: TransactionSet; ackTransactionId: string; at: Date }): Promise<string[]> {
  const { segments } = params.set;
  const ak1 = segments.find((s) => s.id === "AK1");
  const ak9 = segments.find((s) => s.id === "AK9");
  if (!ak1) return [];
  const base = { partnerId: params.partnerId, groupControlNumber: el(ak1, 2), at: params.at, ackTransactionId: params.ackTransactionId };
  const blocks = setAcks(segments);
  if (blocks.length === 0) {
    if (!ak9) return [];
    const errors: AckError[] = ak9.elements.slice(4).map((e) => e.raw).filter(Boolean).map((code) => ({ level: "AK9", code }));
    return applyFunctionalAck(db, { ...base, setControlNumber: null, ackStatus: statusOf(el(ak9, 1)), ackErrors: errors });
  }
  const updated: string[] = [];
  for (const b of blocks) updated.push(...(await applyFunctionalAck(db, { ...base, setControlNumber: b.controlNumber, ackStatus: b.status, ackErrors: b.errors })));
  return updated;
}
