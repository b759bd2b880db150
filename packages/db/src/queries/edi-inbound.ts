import { and, eq, isNotNull, ne, sql } from "drizzle-orm";
import { meetExpectations } from "./edi-expectations";
import type { Db } from "../client";
import { ediInterchanges, ediTransactions, flows, flowVersions, tradingPartners } from "../schema";
import type { TradingPartnerRow } from "./trading-partners";

/**
 * The inbound EDI pipeline's SQL (docs/architecture.md "EDI documents"): received files,
 * their transaction sets, the acknowledgements we generate, the compliance timers an
 * inbound set starts, their 997s applied to what we sent, and the flows subscribed to a
 * (partner, set).
 */

export type EdiInterchangeRow = typeof ediInterchanges.$inferSelect;
export type EdiTransactionRow = typeof ediTransactions.$inferSelect;

/** Leading zeros are not significant in control numbers (GS06 "1" = "000000001"). */
const digits = (column: typeof ediTransactions.controlNumber | typeof ediInterchanges.controlNumber | typeof ediTransactions.groupControlNumber) =>
  sql`ltrim(${column}, '0')`;
const stripZeros = (v: string) => v.trim().replace(/^0+/, "");

/** Stores a received file before anything reads it: the raw bytes are kept even when nothing parses. */
export async function insertInboundInterchange(
  db: Db,
  params: { partnerId: string; environment: string; transport: string; transportRef: string | null; raw: Buffer },
): Promise<{ id: string; createdAt: Date }> {
  const [row] = await db
    .insert(ediInterchanges)
    .values({ ...params, direction: "inbound", status: "received" })
    .returning({ id: ediInterchanges.id, createdAt: ediInterchanges.createdAt });
  if (!row) throw new Error("interchange insert returned no row");
  return row;
}

/** The outcome of reading a received file: accepted | accepted_with_errors | rejected | duplicate | unparseable. */
export async function finishInboundInterchange(db: Db, params: { id: string; status: string; controlNumber: string | null; issues: unknown[] }): Promise<void> {
  await db
    .update(ediInterchanges)
    .set({ status: params.status, controlNumber: params.controlNumber, issues: params.issues, updatedAt: sql`now()` })
    .where(eq(ediInterchanges.id, params.id));
}

/**
 * Whether this partner's interchange `controlNumber` was fully read before (any status past
 * `received`). A receipt that stopped half-way (process died before it answered the sender)
 * does not count, so the sender's retry is read again instead of being refused as a duplicate.
 */
export async function wasInterchangeRead(db: Db, params: { partnerId: string; controlNumber: string; excludeId: string }): Promise<boolean> {
  const [row] = await db
    .select({ id: ediInterchanges.id })
    .from(ediInterchanges)
    .where(
      and(
        eq(ediInterchanges.partnerId, params.partnerId),
        eq(ediInterchanges.direction, "inbound"),
        ne(ediInterchanges.status, "received"),
        ne(ediInterchanges.id, params.excludeId),
        sql`${digits(ediInterchanges.controlNumber)} = ${stripZeros(params.controlNumber)}`,
      ),
    )
    .limit(1);
  return row !== undefined;
}

export interface NewEdiTransaction {
  interchangeId: string;
  partnerId: string;
  environment: string;
  direction: "inbound" | "outbound";
  setId: string;
  functionalId: string;
  groupControlNumber: string;
  controlNumber: string;
  reference: string | null;
  status: string;
  ackStatus?: string;
  ackErrors?: unknown[];
}

/** One row per transaction set, in the order given; returns their ids in that order. */
export async function insertEdiTransactions(db: Db, rows: NewEdiTransaction[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await db.insert(ediTransactions).values(rows).returning({ id: ediTransactions.id });
  return inserted.map((r) => r.id);
}

/** Where an inbound set went: `routed` with the run it started, `unrouted` (no flow subscribed), or a rejected set's dead run. */
export async function setInboundTransactionRoute(db: Db, params: { id: string; status?: string; runId?: string | null }): Promise<void> {
  await db
    .update(ediTransactions)
    .set({ ...(params.status ? { status: params.status } : {}), ...(params.runId !== undefined ? { runId: params.runId } : {}) })
    .where(eq(ediTransactions.id, params.id));
}

/** A rejected set read again after correction (a resubmitted dead letter) now runs: found by the run it started. */
export async function markCorrectedTransaction(db: Db, params: { runId: string; status: string }): Promise<void> {
  await db
    .update(ediTransactions)
    .set({ status: params.status })
    .where(and(eq(ediTransactions.runId, params.runId), eq(ediTransactions.direction, "inbound")));
}

/**
 * An acknowledgement we generated (997s, TA1) for a received interchange, stored as an outbound
 * interchange `queued` for the delivery worker, with a row per 997 set.
 */
export async function insertAcknowledgement(
  db: Db,
  params: {
    partnerId: string;
    environment: string;
    transport: string | null;
    raw: Buffer;
    controlNumber: string;
    acknowledgesId: string;
    sets: { functionalId: string; groupControlNumber: string; controlNumber: string; acknowledges: string }[];
  },
): Promise<{ id: string }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(ediInterchanges)
      .values({
        partnerId: params.partnerId,
        environment: params.environment,
        direction: "outbound",
        transport: params.transport,
        raw: params.raw,
        controlNumber: params.controlNumber,
        status: "queued",
        acknowledgesId: params.acknowledgesId,
      })
      .returning({ id: ediInterchanges.id });
    if (!row) throw new Error("acknowledgement insert returned no row");
    if (params.sets.length > 0) {
      await tx.insert(ediTransactions).values(
        params.sets.map((s) => ({
          interchangeId: row.id,
          partnerId: params.partnerId,
          environment: params.environment,
          direction: "outbound",
          setId: "997",
          functionalId: s.functionalId,
          groupControlNumber: s.groupControlNumber,
          controlNumber: s.controlNumber,
          reference: s.acknowledges,
          status: "queued",
        })),
      );
    }
    return row;
  });
}

/**
 * Enabled flows with a published version started by `trigger.edi` for this partner and set, in
 * the environment: every one of them gets a run per accepted set. One containment test on the
 * published definition (nodes are few; published versions are per flow).
 */
export async function listEdiSubscribers(db: Db, params: { environment: string; partnerId: string; set: string }): Promise<string[]> {
  const wanted = JSON.stringify([{ type: "trigger.edi", config: { partnerId: params.partnerId, set: params.set } }]);
  const rows = await db
    .select({ flowId: flows.id })
    .from(flows)
    .innerJoin(flowVersions, eq(flowVersions.id, flows.publishedVersionId))
    .where(and(eq(flows.enabled, true), isNotNull(flows.publishedVersionId), eq(flows.environment, params.environment), sql`${flowVersions.definition}->'nodes' @> ${wanted}::jsonb`))
    .orderBy(flows.createdAt);
  return rows.map((r) => r.flowId);
}

export interface FunctionalAck {
  partnerId: string;
  /** AK102: the group of ours being acknowledged. */
  groupControlNumber: string;
  /** AK202; null for a group-level answer (AK9 without AK2) that covers every set of the group. */
  setControlNumber: string | null;
  ackStatus: "accepted" | "accepted_with_errors" | "rejected";
  /** AK3/AK4/AK5 detail. */
  ackErrors: unknown[];
  at: Date;
  /** Their 997 as we recorded it (inbound transaction), which meets the `ack997_theirs` timers. */
  ackTransactionId: string;
}

/**
 * Their 997 applied to the sets we sent (docs/architecture.md "EDI documents"): the matching
 * outbound transactions get the ack status and errors, and their `ack997_theirs` timers are
 * met. Returns the ids of the sets updated (none when the 997 names nothing we sent).
 */
export async function applyFunctionalAck(db: Db, ack: FunctionalAck): Promise<string[]> {
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(ediTransactions)
      .set({ ackStatus: ack.ackStatus, ackErrors: ack.ackErrors, acknowledgedAt: ack.at })
      .where(
        and(
          eq(ediTransactions.partnerId, ack.partnerId),
          eq(ediTransactions.direction, "outbound"),
          ne(ediTransactions.setId, "997"),
          sql`${digits(ediTransactions.groupControlNumber)} = ${stripZeros(ack.groupControlNumber)}`,
          ack.setControlNumber === null ? undefined : sql`${digits(ediTransactions.controlNumber)} = ${stripZeros(ack.setControlNumber)}`,
        ),
      )
      .returning({ id: ediTransactions.id });
    const ids = updated.map((r) => r.id);
    await meetExpectations(tx, { partnerId: ack.partnerId, kind: "ack997_theirs", transactionIds: ids, metByTransactionId: ack.ackTransactionId, at: ack.at });
    return ids;
  });
}

/**
 * The partner an AS2 message comes from: its AS2-From is the partner's id (our settings' `as2To`)
 * and its AS2-To ours (`as2From`). Oldest first when several environments share the ids.
 */
export async function findPartnerByAs2Ids(db: Db, params: { from: string; to: string; partnerId?: string }): Promise<TradingPartnerRow | null> {
  const [row] = await db
    .select()
    .from(tradingPartners)
    .where(
      and(
        sql`${tradingPartners.transport}->>'kind' = 'as2'`,
        sql`${tradingPartners.transport}->'settings'->>'as2To' = ${params.from}`,
        sql`${tradingPartners.transport}->'settings'->>'as2From' = ${params.to}`,
        params.partnerId === undefined ? undefined : eq(tradingPartners.id, params.partnerId),
      ),
    )
    .orderBy(tradingPartners.createdAt)
    .limit(1);
  return row ?? null;
}

/** What the transport exchanged about a file (AS2: the MDN we answered with), without secrets. */
export async function setInterchangeMdn(db: Db, params: { id: string; mdn: Record<string, unknown> }): Promise<void> {
  await db.update(ediInterchanges).set({ mdn: params.mdn, updatedAt: sql`now()` }).where(eq(ediInterchanges.id, params.id));
}

/** Partners whose transport is SFTP: the runtime polls their inbound folders. */
export async function listSftpPartners(db: Db): Promise<TradingPartnerRow[]> {
  return db.select().from(tradingPartners).where(sql`${tradingPartners.transport}->>'kind' = 'sftp'`).orderBy(tradingPartners.createdAt);
}
