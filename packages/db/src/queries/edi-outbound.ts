import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../client";
import { ConflictError, NotFoundError } from "../errors";
import { ediInterchanges, ediTransactions } from "../schema";
import { allocateControlNumbers } from "./control-numbers";
import { createExpectations, meetExpectations, type ExpectationKind } from "./edi-expectations";
import { getTradingPartnerRow, type TradingPartnerRow } from "./trading-partners";
import { writeAudit, type AuditActor } from "./audit";
import { isUniqueViolation } from "./pg-errors";

/**
 * Outbound EDI (docs/architecture.md "EDI documents"): storing what a "Send X12" step sends,
 * numbered without gaps, and the delivery worker's bookkeeping.
 */

import type { EdiInterchangeRow } from "./edi-inbound";
export type { EdiInterchangeRow };

/** One transaction set of an outbound interchange. */
export interface OutboundSet {
  setId: string;
  /** GS01 of its group (SH for an 856). */
  functionalId: string;
  /** The business document number (BSN02, BIG02…), shown and searched. */
  reference: string | null;
}

/** Control numbers as written: ISA13, GS06 and each ST02. */
export interface OutboundControlNumbers {
  interchange: string;
  group: string;
  sets: string[];
}

export interface OutboundRecord {
  interchangeId: string;
  status: string;
  controlNumbers: OutboundControlNumbers;
  /** False when the send key had stored this interchange before (a retried step): nothing new was numbered. */
  created: boolean;
}

export interface StoreOutboundParams {
  partnerId: string;
  /** The step's idempotency key: one interchange per key, ever. */
  sendKey: string;
  runId: string | null;
  sets: OutboundSet[];
  /**
   * Writes the file with the numbers just allocated (called inside the transaction: throwing
   * rolls the allocation back, so a document that fails to generate burns no number).
   */
  render(numbers: { interchange: number; group: number; sets: number[] }, partner: TradingPartnerRow): { raw: string; controlNumbers: OutboundControlNumbers };
  /** Open expectations this document answers, by business reference (an 856 meets the PO's asn_856). */
  answers: Array<{ kind: ExpectationKind; references: string[] }>;
  now: Date;
}

/** The interchange a send key stored, with its sets' control numbers. */
async function findBySendKey(db: Db, sendKey: string): Promise<OutboundRecord | null> {
  const [row] = await db
    .select({ id: ediInterchanges.id, status: ediInterchanges.status, controlNumber: ediInterchanges.controlNumber })
    .from(ediInterchanges)
    .where(eq(ediInterchanges.sendKey, sendKey));
  if (!row) return null;
  const sets = await db
    .select({ group: ediTransactions.groupControlNumber, control: ediTransactions.controlNumber })
    .from(ediTransactions)
    .where(eq(ediTransactions.interchangeId, row.id))
    .orderBy(asc(ediTransactions.controlNumber));
  return { interchangeId: row.id, status: row.status, controlNumbers: { interchange: row.controlNumber ?? "", group: sets[0]?.group ?? "", sets: sets.map((s) => s.control) }, created: false };
}

/**
 * Stores an outbound interchange once per send key (docs/architecture.md "EDI documents"): in one
 * transaction, allocates the partner's next interchange, group and set numbers (the counter rows
 * stay locked until commit, so concurrent sends are numbered one after the other and a rollback
 * returns its numbers), renders the file, records interchange and sets (queued), starts the
 * timer for their 997 and meets the expectations the document answers. A send key seen before
 * returns what it stored: a retried step neither sends a second document nor burns numbers.
 */
export async function storeOutboundInterchange(db: Db, params: StoreOutboundParams): Promise<OutboundRecord> {
  const before = await findBySendKey(db, params.sendKey);
  if (before) return before;
  try {
    return await db.transaction(async (tx) => {
      const partner = await getTradingPartnerRow(tx, params.partnerId);
      const alloc = (kind: "interchange" | "group" | "transaction", count: number) => allocateControlNumbers(tx, { partnerId: partner.id, direction: "outbound", kind, count });
      // Always in this order (interchange, group, transaction): concurrent senders lock the counters alike and cannot deadlock.
      const [interchange] = await alloc("interchange", 1);
      const [group] = await alloc("group", 1);
      const sets = await alloc("transaction", params.sets.length);
      const { raw, controlNumbers } = params.render({ interchange: interchange!, group: group!, sets }, partner);
      const [stored] = await tx
        .insert(ediInterchanges)
        .values({
          partnerId: partner.id,
          environment: partner.environment,
          direction: "outbound",
          transport: (partner.transport as { kind?: string } | null)?.kind ?? null,
          raw: Buffer.from(raw, "utf8"),
          controlNumber: controlNumbers.interchange,
          status: "queued",
          sendKey: params.sendKey,
        })
        .returning({ id: ediInterchanges.id });
      const hours = (partner.acknowledgements as { expect997WithinHours?: number | null }).expect997WithinHours ?? null;
      const transactions = await tx
        .insert(ediTransactions)
        .values(
          params.sets.map((set, i) => ({
            interchangeId: stored!.id,
            partnerId: partner.id,
            environment: partner.environment,
            direction: "outbound",
            setId: set.setId,
            functionalId: set.functionalId,
            groupControlNumber: controlNumbers.group,
            controlNumber: controlNumbers.sets[i]!,
            reference: set.reference,
            status: "queued",
            ackStatus: hours === null ? "none" : "pending",
            runId: params.runId,
          })),
        )
        .returning({ id: ediTransactions.id, reference: ediTransactions.reference });
      if (hours !== null) {
        const dueAt = new Date(params.now.getTime() + hours * 3_600_000);
        await createExpectations(tx, transactions.map((t) => ({ partnerId: partner.id, environment: partner.environment, kind: "ack997_theirs", transactionId: t.id, reference: t.reference, dueAt })));
      }
      for (const answer of params.answers) {
        await meetExpectations(tx, { partnerId: partner.id, kind: answer.kind, references: answer.references, metByTransactionId: transactions[0]?.id ?? null, at: params.now });
      }
      return { interchangeId: stored!.id, status: "queued", controlNumbers, created: true };
    });
  } catch (err) {
    // The same step ran twice at once: the other one stored it (and this one's numbers rolled back).
    if (isUniqueViolation(err, "edi_interchanges_send_key")) {
      const stored = await findBySendKey(db, params.sendKey);
      if (stored) return stored;
    }
    throw err;
  }
}

/** An outbound interchange and its partner (sealed credentials included): for the delivery worker only. */
export async function getOutboundDelivery(db: Db, interchangeId: string): Promise<{ interchange: EdiInterchangeRow; partner: TradingPartnerRow } | null> {
  const [interchange] = await db
    .select()
    .from(ediInterchanges)
    .where(and(eq(ediInterchanges.id, interchangeId), eq(ediInterchanges.direction, "outbound")));
  if (!interchange) return null;
  return { interchange, partner: await getTradingPartnerRow(db, interchange.partnerId) };
}

export type DeliveryOutcome =
  | { ok: true; transportRef: string | null; mdn: unknown }
  | { ok: false; error: string; mdn?: unknown; /** The last attempt: the interchange becomes `failed` (resendable). */ final: boolean };

/**
 * Records one delivery attempt: attempts + 1; a success marks interchange and sets `sent` with
 * sentAt, the MDN and the partner's reference for the file; a failure keeps the error and, on the
 * last attempt, marks them `failed`. Only a `queued` interchange changes: a late attempt after a
 * success changes nothing.
 */
export async function recordDeliveryAttempt(db: Db, params: { interchangeId: string; outcome: DeliveryOutcome; at: Date }): Promise<void> {
  const { outcome } = params;
  await db.transaction(async (tx) => {
    const status = outcome.ok ? "sent" : outcome.final ? "failed" : "queued";
    const [row] = await tx
      .update(ediInterchanges)
      .set({
        attempts: sql`${ediInterchanges.attempts} + 1`,
        status,
        updatedAt: params.at,
        ...(outcome.ok ? { sentAt: params.at, lastError: null, transportRef: outcome.transportRef, mdn: outcome.mdn ?? null } : { lastError: outcome.error.slice(0, 2000), ...(outcome.mdn !== undefined ? { mdn: outcome.mdn } : {}) }),
      })
      .where(and(eq(ediInterchanges.id, params.interchangeId), eq(ediInterchanges.status, "queued")))
      .returning({ id: ediInterchanges.id });
    if (row && status !== "queued") await tx.update(ediTransactions).set({ status }).where(eq(ediTransactions.interchangeId, row.id));
  });
}

/** A failed outbound interchange goes back to `queued` (audited); the caller enqueues its delivery. */
export async function resendOutboundInterchange(db: Db, params: { interchangeId: string; actor: AuditActor | null }): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ status: ediInterchanges.status, direction: ediInterchanges.direction, controlNumber: ediInterchanges.controlNumber, partnerId: ediInterchanges.partnerId })
      .from(ediInterchanges)
      .where(eq(ediInterchanges.id, params.interchangeId))
      .for("update");
    if (!row || row.direction !== "outbound") throw new NotFoundError(`Outbound interchange ${params.interchangeId} does not exist`);
    if (row.status !== "failed") throw new ConflictError(`Interchange ${row.controlNumber} is ${row.status}: only a failed one can be sent again`);
    await tx.update(ediInterchanges).set({ status: "queued", updatedAt: sql`now()` }).where(eq(ediInterchanges.id, params.interchangeId));
    await tx.update(ediTransactions).set({ status: "queued" }).where(eq(ediTransactions.interchangeId, params.interchangeId));
    await writeAudit(tx, params.actor, { action: "edi.resend", targetType: "edi_interchange", targetId: params.interchangeId, summary: { partnerId: row.partnerId, controlNumber: row.controlNumber } });
  });
}

/**
 * Outbound interchanges still `queued` and untouched since `before`: the runtime's sweep makes sure
 * each has a delivery job (an enqueue lost to a crash, or a resend made where no queue is at hand).
 */
export async function staleQueuedInterchanges(db: Db, params: { before: Date; limit?: number }): Promise<string[]> {
  const rows = await db
    .select({ id: ediInterchanges.id })
    .from(ediInterchanges)
    .where(and(eq(ediInterchanges.direction, "outbound"), eq(ediInterchanges.status, "queued"), lt(ediInterchanges.updatedAt, params.before)))
    .orderBy(asc(ediInterchanges.updatedAt))
    .limit(params.limit ?? 200);
  return rows.map((r) => r.id);
}
