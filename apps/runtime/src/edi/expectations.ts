import type { NewExpectation, TradingPartnerRow } from "@ipaas/db";
import { el, type TransactionSet } from "@ipaas/x12";
import { referenceOf } from "./documents";

const HOUR_MS = 3_600_000;
/** An 850 naming no ship date (DTM*010 requested ship, DTM*037 ship not before): the 856 is due this long after it arrived. */
export const DEFAULT_ASN_DAYS = 7;

/** DTM02 (CCYYMMDD) as midnight UTC, or null when it is not a date. */
function dateOf(text: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The 850's requested ship date: DTM*010, else DTM*037. */
export function requestedShipDate(set: TransactionSet): Date | null {
  for (const qualifier of ["010", "037"]) {
    const dtm = set.segments.find((s) => s.id === "DTM" && el(s, 1) === qualifier);
    const date = dtm ? dateOf(el(dtm, 2)) : null;
    if (date) return date;
  }
  return null;
}

/**
 * The compliance timers an accepted inbound set starts (docs/architecture.md "EDI compliance"):
 * for an 850, our 855 within the partner's `poAckWithinHours`, and our 856 by the requested ship
 * date (start of that day for "before-shipment", its end for "at-shipment"; without a date
 * DEFAULT_ASN_DAYS after receipt). Our 997 is not timed: it is generated as the file is read.
 */
export function expectationsFor(
  partner: Pick<TradingPartnerRow, "id" | "environment" | "acknowledgements">,
  set: TransactionSet,
  transactionId: string,
  receivedAt: Date,
): NewExpectation[] {
  if (set.id !== "850") return [];
  const base = { partnerId: partner.id, environment: partner.environment, transactionId, reference: referenceOf(set) };
  const { poAckWithinHours, asnDue } = partner.acknowledgements;
  const out: NewExpectation[] = [];
  if (poAckWithinHours) out.push({ ...base, kind: "po_ack_855", dueAt: new Date(receivedAt.getTime() + poAckWithinHours * HOUR_MS) });
  if (asnDue) {
    const ship = requestedShipDate(set);
    const dueAt = ship ? new Date(ship.getTime() + (asnDue === "at-shipment" ? 24 * HOUR_MS - 1 : 0)) : new Date(receivedAt.getTime() + DEFAULT_ASN_DAYS * 24 * HOUR_MS);
    out.push({ ...base, kind: "asn_856", dueAt });
  }
  return out;
}
