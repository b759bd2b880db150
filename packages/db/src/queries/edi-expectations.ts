import { and, asc, desc, eq, inArray, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { ediExpectations, ediTransactions, tradingPartners } from "../schema";

/**
 * Compliance timers (docs/architecture.md "EDI compliance"): what a partner or we owe, by when.
 * ack997_theirs: their 997 for a set we sent; ack997_ours: our 997 for a group they sent;
 * po_ack_855 / asn_856 / invoice_810: our response to their 850, matched by the PO number.
 */
export const EXPECTATION_KINDS = ["ack997_theirs", "ack997_ours", "po_ack_855", "asn_856", "invoice_810"] as const;
export type ExpectationKind = (typeof EXPECTATION_KINDS)[number];

/** open: not met, not yet due; overdue: not met and past due; met: met in time; late: met after its due time. */
export const EXPECTATION_STATES = ["open", "overdue", "met", "late"] as const;
export type ExpectationState = (typeof EXPECTATION_STATES)[number];

export interface NewExpectation {
  partnerId: string;
  environment: string;
  kind: ExpectationKind;
  transactionId: string;
  reference: string | null;
  dueAt: Date;
}

/** Starts timers; one per (kind, transaction), so recording the same document twice starts one. */
export async function createExpectations(db: Db | Tx, rows: NewExpectation[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(ediExpectations).values(rows).onConflictDoNothing();
}

/**
 * Meets the open expectations of `kind` for a partner that a document answers: by business
 * reference (an 856 for PO 4501 meets that PO's asn_856) or by the transactions it acknowledges
 * (a 997 meets ack997_theirs of the sets it names). Returns how many it met.
 */
export async function meetExpectations(
  db: Db | Tx,
  params: { partnerId: string; kind: ExpectationKind; references?: string[]; transactionIds?: string[]; metByTransactionId: string | null; at: Date },
): Promise<number> {
  const matches: SQL[] = [];
  if (params.references?.length) matches.push(inArray(ediExpectations.reference, params.references));
  if (params.transactionIds?.length) matches.push(inArray(ediExpectations.transactionId, params.transactionIds));
  if (matches.length === 0) return 0;
  const met = await db
    .update(ediExpectations)
    .set({ metAt: params.at, metByTransactionId: params.metByTransactionId })
    .where(and(eq(ediExpectations.partnerId, params.partnerId), eq(ediExpectations.kind, params.kind), isNull(ediExpectations.metAt), ...matches))
    .returning({ id: ediExpectations.id });
  return met.length;
}

/**
 * The one definition of a timer's state, derived from metAt and dueAt at `now` (never stored, so it
 * cannot go stale); the dashboard's queries use it too. Unqualified columns: only edi_expectations has
 * due_at/met_at, so the expression works under any alias.
 */
export const expectationStateAt = (now: Date) =>
  sql<ExpectationState>`case
    when met_at is null and due_at < ${now.toISOString()}::timestamptz then 'overdue'
    when met_at is null then 'open'
    when met_at > due_at then 'late'
    else 'met' end`;
const stateAt = expectationStateAt;

const overdueAt = (now: Date) => and(isNull(ediExpectations.metAt), lt(ediExpectations.dueAt, now));

export interface ExpectationView {
  id: string;
  partnerId: string;
  partnerName: string;
  environment: string;
  kind: ExpectationKind;
  /** The set that started the clock (their 850, our 856) and its control number. */
  transactionId: string;
  setId: string;
  controlNumber: string;
  reference: string | null;
  dueAt: Date;
  metAt: Date | null;
  alertedAt: Date | null;
  state: ExpectationState;
}

const view = (now: Date) => ({
  id: ediExpectations.id,
  partnerId: ediExpectations.partnerId,
  partnerName: tradingPartners.name,
  environment: ediExpectations.environment,
  kind: sql<ExpectationKind>`${ediExpectations.kind}`,
  transactionId: ediExpectations.transactionId,
  setId: ediTransactions.setId,
  controlNumber: ediTransactions.controlNumber,
  reference: ediExpectations.reference,
  dueAt: ediExpectations.dueAt,
  metAt: ediExpectations.metAt,
  alertedAt: ediExpectations.alertedAt,
  state: stateAt(now),
});

/** Expectations with their derived state, newest due first; filtered by partner, environment and state. */
export async function listExpectations(
  db: Db,
  params: { now: Date; partnerId?: string; environment?: string; state?: ExpectationState; limit?: number },
): Promise<ExpectationView[]> {
  return db
    .select(view(params.now))
    .from(ediExpectations)
    .innerJoin(tradingPartners, eq(tradingPartners.id, ediExpectations.partnerId))
    .innerJoin(ediTransactions, eq(ediTransactions.id, ediExpectations.transactionId))
    .where(
      and(
        params.partnerId ? eq(ediExpectations.partnerId, params.partnerId) : undefined,
        params.environment ? eq(ediExpectations.environment, params.environment) : undefined,
        params.state ? sql`${stateAt(params.now)} = ${params.state}` : undefined,
      ),
    )
    .orderBy(desc(ediExpectations.dueAt), asc(ediExpectations.id))
    .limit(params.limit ?? 200);
}

/** Overdue expectations (of one partner, or all): how many, and the longest overdue few for a message. */
export async function overdueExpectations(db: Db, params: { now: Date; partnerId: string | null; sample?: number }): Promise<{ count: number; oldest: ExpectationView[] }> {
  const where = and(overdueAt(params.now), params.partnerId ? eq(ediExpectations.partnerId, params.partnerId) : undefined);
  const [counted] = await db.select({ n: sql<number>`count(*)::int` }).from(ediExpectations).where(where);
  const oldest = await db
    .select(view(params.now))
    .from(ediExpectations)
    .innerJoin(tradingPartners, eq(tradingPartners.id, ediExpectations.partnerId))
    .innerJoin(ediTransactions, eq(ediTransactions.id, ediExpectations.transactionId))
    .where(where)
    .orderBy(asc(ediExpectations.dueAt), asc(ediExpectations.id))
    .limit(params.sample ?? 5);
  return { count: Number(counted?.n ?? 0), oldest };
}

/**
 * Stamps `alertedAt` on expectations that became overdue since the last look and returns them:
 * each overdue item is reported once, however many ticks or replicas look (the runtime's
 * compliance task). Met ones are never stamped.
 */
export async function claimNewlyOverdue(db: Db, params: { now: Date; limit?: number }): Promise<Array<{ id: string; partnerId: string; kind: string; reference: string | null; dueAt: Date }>> {
  const due = db
    .select({ id: ediExpectations.id })
    .from(ediExpectations)
    .where(and(overdueAt(params.now), isNull(ediExpectations.alertedAt)))
    .orderBy(asc(ediExpectations.dueAt))
    .limit(params.limit ?? 500)
    .for("update", { skipLocked: true });
  return db
    .update(ediExpectations)
    .set({ alertedAt: params.now })
    .where(and(inArray(ediExpectations.id, due), isNull(ediExpectations.alertedAt)))
    .returning({ id: ediExpectations.id, partnerId: ediExpectations.partnerId, kind: ediExpectations.kind, reference: ediExpectations.reference, dueAt: ediExpectations.dueAt });
}

/** Expectations a transaction started (its own timers), e.g. to show "their 997 is overdue" on a sent document. */
export async function expectationsOfTransaction(db: Db, params: { transactionId: string; now: Date }): Promise<ExpectationView[]> {
  return db
    .select(view(params.now))
    .from(ediExpectations)
    .innerJoin(tradingPartners, eq(tradingPartners.id, ediExpectations.partnerId))
    .innerJoin(ediTransactions, eq(ediTransactions.id, ediExpectations.transactionId))
    .where(eq(ediExpectations.transactionId, params.transactionId))
    .orderBy(asc(ediExpectations.kind));
}
