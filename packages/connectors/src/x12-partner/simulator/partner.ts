import { formatIssue, parseX12, validateX12, type InterchangeResult, type ParsedFile, type TransactionSet } from "@ipaas/x12";
import { build997, forceReject, readAck, rejectSets, type AckMode } from "./acks";
import { envelope, injectError, poLines, purchaseOrderSegments, shippingAdviceSegments, type PurchaseOrderOptions } from "./documents";
import { roleOf, type ControlCounters, type EnvelopeSettings, type PartyRole, type X12Party } from "./parties";
import { sequenceIssues } from "./sequence";
import { describe, type PartnerDocument, type PartnerStore, type TransportKind } from "./store";
import type { OutboundTransport } from "./transport";

export interface PartnerConfig {
  ackMode: AckMode;
  /** Late mode: seconds between receiving a document and sending its 997. */
  lateSeconds: number;
  /** The 3PL: seconds between a 940 and its 945. */
  shipDelaySeconds: number;
  /** Our runtime's AS2 endpoint (e.g. `<runtime>/as2`). */
  targetUrl: string | null;
  /** How the retailer sends 850s; answers (997, 945) go back the way the document came. */
  transport: TransportKind;
}

export interface PartnerDeps {
  parties: Record<PartyRole, X12Party>;
  /** Us, the receiver of everything the simulator sends. */
  us: X12Party;
  envelope: EnvelopeSettings;
  numbers: ControlCounters;
  store: PartnerStore;
  config: PartnerConfig;
  as2Names: Record<PartyRole, string>;
  ourAs2Name: string;
  transports: Partial<Record<TransportKind, OutboundTransport>>;
}

/** The sets each party takes from us; anything else is reported (and rejected in its 997). */
const TAKES: Record<PartyRole, readonly string[]> = { retailer: ["855", "856", "810", "846", "997"], "3pl": ["940", "997"] };
const same = (a: string, b: string) => a.replace(/^0+/, "") === b.replace(/^0+/, "");
const ymd = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, "");

/**
 * The retailer and the 3PL (docs/architecture.md "Simulators"): what they send, and how
 * they validate and answer what they receive. Transport-free: documents come in through
 * `receive` and leave through the configured OutboundTransport.
 */
export function createPartner(d: PartnerDeps) {
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  const later = (seconds: number, work: () => Promise<unknown>) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      const job = work().catch(() => undefined);
      running.add(job);
      void job.finally(() => running.delete(job));
    }, Math.max(0, seconds * 1000));
    timers.add(timer);
  };
  let poSequence = 0;

  /** Stores and sends one interchange; `stored` links it before it leaves (the answer to it may come back first). */
  async function deliver(role: PartyRole, text: string, kind: TransportKind = d.config.transport, stored?: (doc: PartnerDocument) => void): Promise<PartnerDocument> {
    const file = parseX12(text);
    const check = validateX12(file);
    const facts = describe(file);
    const doc = d.store.add({ direction: "sent", role, transport: kind, at: new Date().toISOString(), raw: text, ...facts, valid: check.valid, issues: check.issues.map(formatIssue), sequenceIssues: [] });
    stored?.(doc);
    const transport = d.transports[kind];
    const filename = `${role}-${facts.sets.join("-") || "x12"}-${facts.interchangeControlNumber}.x12`;
    const outcome = transport
      ? await transport.send({ role, text, filename, as2From: d.as2Names[role], as2To: d.ourAs2Name })
      : { ok: false, detail: `the ${kind} transport is not running` };
    doc.delivery = { ...outcome, transport: kind, at: new Date().toISOString() };
    return doc;
  }

  async function sendAck(role: PartyRole, result: InterchangeResult, mode: AckMode, doc: PartnerDocument): Promise<void> {
    const { text, record } = build997(role, mode === "reject" ? forceReject(result) : result, d.numbers, d.envelope, new Date());
    // Answered by the transport the document came by.
    await deliver(role, text, doc.transport, (stored) => {
      stored.acknowledges = doc.id;
      doc.ack = { ...record, documentId: stored.id };
    });
  }

  async function ship(order: TransactionSet, doc: PartnerDocument): Promise<void> {
    const at = new Date();
    const tracking = `1Z3PL${ymd(at)}${String(order.controlNumber).padStart(6, "0")}`;
    const { text } = envelope("3pl", d.parties["3pl"], d.us, "SW", [{ id: "945", segments: shippingAdviceSegments(order, tracking, at) }], d.numbers, d.envelope, at);
    await deliver("3pl", text, doc.transport, (sent) => {
      sent.answers = doc.id;
      doc.answeredBy = [...(doc.answeredBy ?? []), sent.id];
    });
  }

  /** A 997 from the runtime: recorded on the sent document whose group it acknowledges. */
  function takeAck(role: PartyRole, file: ParsedFile, doc: PartnerDocument): void {
    const ack = readAck(file);
    const sent = ack && d.store.sentGroup(role, ack.functionalId, ack.groupControlNumber);
    if (!ack || !sent) return;
    sent.ack = { ...ack.record, documentId: doc.id, at: doc.at };
    doc.acknowledges = sent.id;
  }

  async function receive(text: string, meta: { transport: TransportKind }): Promise<PartnerDocument> {
    const base = { direction: "received" as const, transport: meta.transport, at: new Date().toISOString(), raw: text, sequenceIssues: [] };
    let file: ParsedFile;
    try {
      file = parseX12(text);
    } catch (err) {
      const empty = { sender: "", receiver: "", interchangeControlNumber: "", groups: [], sets: [] };
      return d.store.add({ ...base, role: "retailer", ...empty, valid: false, issues: [err instanceof Error ? err.message : String(err)] });
    }
    const facts = describe(file);
    const ic = file.interchanges[0];
    const role = roleOf(d.parties, ic?.isa.receiverId ?? "");
    const party = role ?? "retailer";
    const before = d.store.list("received", party).filter((x) => x.sender === facts.sender && x.interchangeControlNumber !== "");
    const result = validateX12(file, {
      requireDefinition: true,
      isDuplicateInterchange: (isa) => before.some((x) => same(x.interchangeControlNumber, isa.controlNumber)),
    });
    const issues = result.issues.map(formatIssue);
    if (!role) issues.push(`ISA08 ${ic?.isa.receiverId.trim() ?? "?"} addresses neither ${d.parties.retailer.isaId} nor ${d.parties["3pl"].isaId}`);
    if (ic && `${ic.isa.senderQualifier}*${ic.isa.senderId.trim()}` !== `${d.us.qualifier}*${d.us.isaId}`) issues.push(`ISA05/06 ${facts.sender} is not ${d.us.qualifier}*${d.us.isaId}, the sender this partner expects`);
    for (const g of ic?.groups ?? []) {
      if (g.senderId !== d.us.gsId || g.receiverId !== d.parties[party].gsId) issues.push(`GS02/GS03 ${g.senderId}/${g.receiverId} of group ${g.controlNumber}: expected ${d.us.gsId}/${d.parties[party].gsId}`);
    }
    for (const set of new Set(facts.sets)) if (!TAKES[party].includes(set)) issues.push(`the ${party} simulator does not take ${set}s`);
    const doc = d.store.add({ ...base, role: party, ...facts, valid: issues.length === 0, issues, sequenceIssues: sequenceIssues(before[before.length - 1], facts) });

    if (facts.sets.length > 0 && facts.sets.every((s) => s === "997")) {
      takeAck(party, file, doc);
      return doc;
    }
    const validated = result.interchanges[0];
    const icResult = validated && rejectSets(validated, (s) => (TAKES[party].includes(s.set.id) ? null : "1"));
    const mode = d.config.ackMode;
    if (icResult && icResult.groups.length > 0) {
      if (mode === "never") doc.ack = { status: "never", sets: [] };
      else {
        if (mode === "late") doc.ack = { status: "pending", sets: [] };
        // After the MDN: the 997 goes out once this message's answer has.
        later(mode === "late" ? d.config.lateSeconds : 0, () => sendAck(party, icResult, mode, doc));
      }
    }
    if (party === "3pl" && doc.valid) {
      for (const order of ic?.groups.flatMap((g) => g.sets).filter((s) => s.id === "940") ?? []) later(d.config.shipDelaySeconds, () => ship(order, doc));
    }
    return doc;
  }

  return {
    receive,
    /** An 850 from the retailer, sent at once; `error` breaks it on purpose. */
    async send850(options: PurchaseOrderOptions & { transport?: TransportKind } = {}): Promise<PartnerDocument> {
      const at = new Date();
      poSequence += 1;
      const poNumber = options.poNumber ?? `RS${String(at.getTime()).slice(-7)}${String(poSequence).padStart(3, "0")}`;
      const segments = purchaseOrderSegments(poNumber, poLines(options.lines), at);
      const { text } = envelope("retailer", d.parties.retailer, d.us, "PO", [{ id: "850", segments }], d.numbers, d.envelope, at);
      return deliver("retailer", options.error ? injectError(text, d.envelope, options.error) : text, options.transport);
    },
    /** Drops pending 997s and 945s and waits for the ones being sent (reset and close). */
    async stop(): Promise<void> {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all(running);
    },
  };
}

export type Partner = ReturnType<typeof createPartner>;
