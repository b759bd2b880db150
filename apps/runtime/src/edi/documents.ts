import type { TradingPartnerRow } from "@ipaas/db";
import { el, isX12DocumentSetId, readTransactionSet, X12ReadError, type FunctionalGroup, type Interchange, type Segment, type TransactionSet, type X12Document } from "@ipaas/x12";

/**
 * What a flow started by `trigger.edi` receives, and how a set is named in our records
 * (docs/architecture.md "EDI documents").
 */

/** The business document number of a set, by ST01: [segment, element]. */
const REFERENCE_OF: Record<string, [string, number]> = {
  "850": ["BEG", 3],
  "855": ["BAK", 3],
  "856": ["BSN", 2],
  "810": ["BIG", 2],
  "846": ["BIA", 3],
  "940": ["W05", 2],
  "945": ["W06", 2],
};

export function referenceOf(set: TransactionSet): string | null {
  const where = REFERENCE_OF[set.id];
  if (!where) return null;
  const value = el(
    set.segments.find((s) => s.id === where[0]),
    where[1],
  ).trim();
  return value === "" ? null : value;
}

/** One segment as the standard mappings' X12 JSON: elements as wire text, trailing empties left out. */
function segmentJson(s: Segment): { id: string; elements: string[] } {
  const elements = s.elements.map((e) => e.raw);
  while (elements.length > 0 && elements[elements.length - 1] === "") elements.pop();
  return { id: s.id, elements };
}

/** ST through SE, the shape `packages/standard-mappings` reads (`X12TransactionSet`). */
export function segmentsOf(set: TransactionSet): { id: string; elements: string[] }[] {
  return [set.header, ...set.segments, ...(set.trailer ? [set.trailer] : [])].map(segmentJson);
}

export interface EdiTriggerPayload {
  partner: { id: string; name: string };
  interchange: { id: string; controlNumber: string; sender: string; receiver: string; date: string; time: string; usage: string };
  group: { functionalId: string; controlNumber: string; sender: string; receiver: string; date: string; time: string; version: string };
  set: string;
  controlNumber: string;
  reference: string | null;
  /** The typed JSON of the set (docs/architecture.md "X12"), when @ipaas/x12 reads this set id. */
  document?: X12Document;
  /** Why there is no `document` for a set that has typed JSON: an element the model has no field for. The set itself is valid. */
  documentError?: string;
  segments: { id: string; elements: string[] }[];
}

/** The payload of one accepted set's run. */
export function triggerPayload(partner: Pick<TradingPartnerRow, "id" | "name">, interchangeId: string, ic: Interchange, group: FunctionalGroup, set: TransactionSet): EdiTriggerPayload {
  const h = ic.isa;
  return {
    ...typed(set, ic),
    partner: { id: partner.id, name: partner.name },
    interchange: {
      id: interchangeId,
      controlNumber: h.controlNumber,
      sender: `${h.senderQualifier}:${h.senderId.trim()}`,
      receiver: `${h.receiverQualifier}:${h.receiverId.trim()}`,
      date: h.date,
      time: h.time,
      usage: h.usage,
    },
    group: { functionalId: group.functionalId, controlNumber: group.controlNumber, sender: group.senderId, receiver: group.receiverId, date: group.date, time: group.time, version: group.version },
    set: set.id,
    controlNumber: set.controlNumber,
    reference: referenceOf(set),
    segments: segmentsOf(set),
  };
}

function typed(set: TransactionSet, ic: Interchange): Pick<EdiTriggerPayload, "document" | "documentError"> {
  if (!isX12DocumentSetId(set.id)) return {};
  try {
    return { document: readTransactionSet(set, ic.delimiters) };
  } catch (err) {
    if (err instanceof X12ReadError) return { documentError: err.message };
    throw err;
  }
}

/**
 * The trigger event id of a set: stable across deliveries of the same file (interchange, group
 * and set control numbers, leading zeros dropped), so a file read twice — a sender retrying
 * after we died before answering — starts each flow's run once.
 */
export function ediEventId(ic: Interchange, group: FunctionalGroup, set: TransactionSet): string {
  const n = (v: string) => v.trim().replace(/^0+(?=\d)/, "");
  return `edi:${n(ic.isa.controlNumber)}:${n(group.controlNumber)}:${n(set.controlNumber)}`;
}
