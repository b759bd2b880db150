import type { ParsedFile } from "@ipaas/x12";
import type { PartyRole } from "./parties";

export type TransportKind = "as2" | "sftp";

export interface DocumentSet {
  id: string;
  controlNumber: string;
  /** SE01 as written. */
  segmentCount: string;
  /** The business reference: BEG03 / BAK03 / BSN02 / BIG02 / BIA03 / W05-W06 order / AK1 group acknowledged. */
  reference: string;
}

export interface DocumentGroup {
  functionalId: string;
  controlNumber: string;
  sets: DocumentSet[];
}

/** The simulator's 997 for a received document, or the runtime's 997 for a sent one. */
export interface AckRecord {
  /** AK9 status (A, E, P, R), or "pending" (late mode, not sent yet), or "never" (never mode). */
  status: string;
  /** AK5 per acknowledged set: ST02 → status and codes. */
  sets: Array<{ id: string; controlNumber: string; status: string; codes: string[] }>;
  /** The 997 document in the store. */
  documentId?: number;
  at?: string;
}

export interface DeliveryRecord {
  ok: boolean;
  transport: TransportKind;
  detail: string;
  status?: number;
  at: string;
}

export interface PartnerDocument {
  id: number;
  direction: "received" | "sent";
  /** The party that sent or received it. */
  role: PartyRole;
  transport: TransportKind;
  at: string;
  /** The original bytes as text, exactly as sent or received. */
  raw: string;
  sender: string;
  receiver: string;
  interchangeControlNumber: string;
  groups: DocumentGroup[];
  /** Set ids in file order, e.g. ["856"]. */
  sets: string[];
  /** Strict validation (envelope, set definitions): only for received documents; sent ones are what we generated. */
  valid: boolean;
  issues: string[];
  /** Control numbers that do not follow the sender's previous ones (received only). */
  sequenceIssues: string[];
  /** Received: the 997 the simulator answered with. Sent: the 997 the runtime sent for it. */
  ack?: AckRecord;
  /** Sent: how the transport delivered it. */
  delivery?: DeliveryRecord;
  /** For a 997: the document (sent or received) it acknowledges. */
  acknowledges?: number;
  /** A 940 the 3PL received: the 945s it answered with; a 945: the 940 it answers. */
  answeredBy?: number[];
  answers?: number;
}

const REFERENCE: Record<string, [string, number]> = {
  "850": ["BEG", 3], "855": ["BAK", 3], "856": ["BSN", 2], "810": ["BIG", 2], "846": ["BIA", 3], "940": ["W05", 2], "945": ["W06", 2], "997": ["AK1", 2],
};

/** Envelope facts of a parsed file (its first interchange): what the state and the sequence checks read. */
export function describe(file: ParsedFile): Pick<PartnerDocument, "sender" | "receiver" | "interchangeControlNumber" | "groups" | "sets"> {
  const ic = file.interchanges[0];
  const groups: DocumentGroup[] = (ic?.groups ?? []).map((g) => ({
    functionalId: g.functionalId,
    controlNumber: g.controlNumber,
    sets: g.sets.map((s) => {
      const [segmentId, position] = REFERENCE[s.id] ?? ["", 0];
      const ref = s.segments.find((x) => x.id === segmentId)?.elements[position - 1]?.raw ?? "";
      return { id: s.id, controlNumber: s.controlNumber, segmentCount: s.trailer?.elements[0]?.raw ?? "", reference: ref };
    }),
  }));
  return {
    sender: ic ? `${ic.isa.senderQualifier}*${ic.isa.senderId.trim()}` : "",
    receiver: ic ? `${ic.isa.receiverQualifier}*${ic.isa.receiverId.trim()}` : "",
    interchangeControlNumber: ic?.isa.controlNumber ?? "",
    groups,
    sets: groups.flatMap((g) => g.sets.map((s) => s.id)),
  };
}

/** Everything the simulator received and sent, in memory, newest last. */
export class PartnerStore {
  documents: PartnerDocument[] = [];
  private nextId = 1;

  add(doc: Omit<PartnerDocument, "id">): PartnerDocument {
    const stored = { ...doc, id: this.nextId++ };
    this.documents.push(stored);
    return stored;
  }

  get(id: number): PartnerDocument | undefined {
    return this.documents.find((d) => d.id === id);
  }

  /** Documents from one direction and sender/receiver, oldest first. */
  list(direction: PartnerDocument["direction"], role?: PartyRole): PartnerDocument[] {
    return this.documents.filter((d) => d.direction === direction && (role === undefined || d.role === role));
  }

  /** The sent document holding the group a 997's AK1 acknowledges. */
  sentGroup(role: PartyRole, functionalId: string, groupControlNumber: string): PartnerDocument | undefined {
    const same = (a: string, b: string) => a.replace(/^0+/, "") === b.replace(/^0+/, "");
    return this.list("sent", role).find((d) => d.groups.some((g) => g.functionalId === functionalId && same(g.controlNumber, groupControlNumber)));
  }

  reset(): void {
    this.documents = [];
    this.nextId = 1;
  }
}
