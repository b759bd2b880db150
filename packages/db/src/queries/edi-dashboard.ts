import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { EXPECTATION_STATES, expectationStateAt, type ExpectationState } from "./edi-expectations";
import type { Db } from "../client";
import { NotFoundError } from "../errors";
import { ediExpectations, ediInterchanges, ediTransactions, tradingPartners } from "../schema";

/**
 * The EDI dashboard's reads (docs/architecture.md "EDI dashboard and onboarding"): documents per
 * partner and day, acceptance rates, compliance timers and the documents list with its detail.
 * Writes belong to the inbound and outbound pipelines; nothing here changes a row.
 */

/** A compliance timer's state, defined once in edi-expectations.ts. */
export const EDI_EXPECTATION_STATES = EXPECTATION_STATES;
export type EdiExpectationState = ExpectationState;

const ts = (date: Date) => sql`${date.toISOString()}::timestamptz`;

const expectationState = expectationStateAt;

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}
const date = (value: string | Date): Date => (value instanceof Date ? value : new Date(value));
/** jsonb arrives as text through db.execute (the client leaves JSON to the caller). */
const json = (value: unknown): unknown => (typeof value === "string" ? JSON.parse(value) : value);
const list = (value: unknown): unknown[] => {
  const parsed = json(value);
  return Array.isArray(parsed) ? parsed : [];
};

export const EDI_DASHBOARD_DAYS = 14;

export interface EdiAckCounts {
  sets: number;
  accepted: number;
  acceptedWithErrors: number;
  rejected: number;
  pending: number;
  /** (accepted + accepted with errors) / acknowledged; null when nothing was acknowledged. */
  rate: number | null;
}

export interface EdiPartnerSummary {
  partnerId: string;
  name: string;
  environment: string;
  perDay: Array<{ day: Date; inbound: number; outbound: number }>;
  /** Their sets, acknowledged by our 997s. */
  inbound: EdiAckCounts;
  /** Our sets, acknowledged by their 997s. */
  outbound: EdiAckCounts;
  expectations: Record<EdiExpectationState, number>;
}

export interface EdiExpectationItem {
  id: string;
  partnerId: string;
  partnerName: string;
  kind: string;
  reference: string | null;
  state: EdiExpectationState;
  dueAt: Date;
  metAt: Date | null;
  alertedAt: Date | null;
  transactionId: string;
  interchangeId: string;
  setId: string;
  direction: string;
}

export interface EdiRejectedItem {
  transactionId: string;
  interchangeId: string;
  partnerId: string;
  partnerName: string;
  direction: string;
  setId: string;
  controlNumber: string;
  reference: string | null;
  ackErrors: unknown[];
  createdAt: Date;
}

export interface EdiDashboard {
  from: Date;
  to: Date;
  partners: EdiPartnerSummary[];
  /** Open and overdue timers, soonest due first. */
  pending: EdiExpectationItem[];
  /** Sets rejected by a 997 (theirs or ours) in the window, newest first. */
  rejected: EdiRejectedItem[];
}

const ACK_STATUSES = ["accepted", "accepted_with_errors", "rejected", "pending"] as const;
function ackCounts(found: Array<{ ack_status: string; n: number }>): EdiAckCounts {
  const n = (status: string) => found.filter((r) => r.ack_status === status).reduce((sum, r) => sum + r.n, 0);
  const [accepted, acceptedWithErrors, rejected, pending] = ACK_STATUSES.map(n) as [number, number, number, number];
  const acknowledged = accepted + acceptedWithErrors + rejected;
  return { sets: found.reduce((sum, r) => sum + r.n, 0), accepted, acceptedWithErrors, rejected, pending, rate: acknowledged === 0 ? null : (accepted + acceptedWithErrors) / acknowledged };
}

const environmentFilter = (column: SQL, environment: string | undefined) => (environment ? sql`and ${column} = ${environment}` : sql``);

/**
 * Every partner of the environment (or all) with its last `days` UTC days of transaction sets in
 * and out (edi_transactions_partner_created_idx), its acknowledgement counts over the same window,
 * and its timers by state; plus the open/overdue timers and the rejected sets themselves.
 */
export async function ediDashboard(db: Db, params: { environment?: string; days?: number; now?: Date; limit?: number }): Promise<EdiDashboard> {
  const now = params.now ?? new Date();
  const days = params.days ?? EDI_DASHBOARD_DAYS;
  const limit = params.limit ?? 100;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = new Date(today - (days - 1) * 86_400_000);
  const envOf = (column: SQL) => environmentFilter(column, params.environment);
  const state = expectationState(now);

  const [partners, perDay, acks, timers, pending, rejected] = await Promise.all([
    rows<{ id: string; name: string; environment: string }>(
      db,
      sql`select id, name, environment from ${tradingPartners} where true ${envOf(sql`environment`)} order by environment, lower(name)`,
    ),
    rows<{ partner_id: string; day: string; direction: string; n: number }>(
      db,
      sql`select partner_id, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day, direction, count(*)::int as n
        from ${ediTransactions} where created_at >= ${ts(from)} ${envOf(sql`environment`)} group by 1, 2, 3`,
    ),
    rows<{ partner_id: string; direction: string; ack_status: string; n: number }>(
      db,
      sql`select partner_id, direction, ack_status, count(*)::int as n
        from ${ediTransactions} where created_at >= ${ts(from)} and set_id <> '997' ${envOf(sql`environment`)} group by 1, 2, 3`,
    ),
    rows<{ partner_id: string; state: EdiExpectationState; n: number }>(
      db,
      sql`select partner_id, ${state} as state, count(*)::int as n from ${ediExpectations}
        where (met_at is null or created_at >= ${ts(from)}) ${envOf(sql`environment`)} group by 1, 2`,
    ),
    rows<ExpectationRow>(
      db,
      sql`select e.id, e.partner_id, p.name as partner_name, e.kind, e.reference, ${state} as state, e.due_at, e.met_at, e.alerted_at,
          e.transaction_id, t.interchange_id, t.set_id, t.direction
        from ${ediExpectations} e join ${tradingPartners} p on p.id = e.partner_id join ${ediTransactions} t on t.id = e.transaction_id
        where e.met_at is null ${envOf(sql`e.environment`)} order by e.due_at limit ${limit}`,
    ),
    rows<RejectedRow>(
      db,
      sql`select t.id, t.interchange_id, t.partner_id, p.name as partner_name, t.direction, t.set_id, t.control_number, t.reference, t.ack_errors, t.created_at
        from ${ediTransactions} t join ${tradingPartners} p on p.id = t.partner_id
        where t.ack_status = 'rejected' and t.created_at >= ${ts(from)} ${envOf(sql`t.environment`)} order by t.created_at desc limit ${limit}`,
    ),
  ]);

  const dayStarts = Array.from({ length: days }, (_, i) => new Date(from.getTime() + i * 86_400_000));
  return {
    from,
    to: now,
    partners: partners.map((p) => {
      const mine = perDay.filter((r) => r.partner_id === p.id);
      const count = (day: Date, direction: string) => mine.find((r) => r.direction === direction && r.day === day.toISOString().slice(0, 10))?.n ?? 0;
      const states = Object.fromEntries(EDI_EXPECTATION_STATES.map((s) => [s, timers.find((r) => r.partner_id === p.id && r.state === s)?.n ?? 0])) as Record<EdiExpectationState, number>;
      return {
        partnerId: p.id,
        name: p.name,
        environment: p.environment,
        perDay: dayStarts.map((day) => ({ day, inbound: count(day, "inbound"), outbound: count(day, "outbound") })),
        inbound: ackCounts(acks.filter((r) => r.partner_id === p.id && r.direction === "inbound")),
        outbound: ackCounts(acks.filter((r) => r.partner_id === p.id && r.direction === "outbound")),
        expectations: states,
      };
    }),
    pending: pending.map(expectationItem),
    rejected: rejected.map((r) => ({
      transactionId: r.id,
      interchangeId: r.interchange_id,
      partnerId: r.partner_id,
      partnerName: r.partner_name,
      direction: r.direction,
      setId: r.set_id,
      controlNumber: r.control_number,
      reference: r.reference,
      ackErrors: list(r.ack_errors),
      createdAt: date(r.created_at),
    })),
  };
}

interface ExpectationRow {
  id: string;
  partner_id: string;
  partner_name: string;
  kind: string;
  reference: string | null;
  state: EdiExpectationState;
  due_at: string | Date;
  met_at: string | Date | null;
  alerted_at: string | Date | null;
  transaction_id: string;
  interchange_id: string;
  set_id: string;
  direction: string;
}
interface RejectedRow {
  id: string;
  interchange_id: string;
  partner_id: string;
  partner_name: string;
  direction: string;
  set_id: string;
  control_number: string;
  reference: string | null;
  ack_errors: unknown;
  created_at: string | Date;
}

const expectationItem = (r: ExpectationRow): EdiExpectationItem => ({
  id: r.id,
  partnerId: r.partner_id,
  partnerName: r.partner_name,
  kind: r.kind,
  reference: r.reference,
  state: r.state,
  dueAt: date(r.due_at),
  metAt: r.met_at === null ? null : date(r.met_at),
  alertedAt: r.alerted_at === null ? null : date(r.alerted_at),
  transactionId: r.transaction_id,
  interchangeId: r.interchange_id,
  setId: r.set_id,
  direction: r.direction,
});

/** The documents list's filter, defined once: the designer's router takes it as its input. */
export const ediDocumentFilterSchema = z.object({
  environment: z.string().min(1).max(40).optional(),
  partnerId: z.uuid().optional(),
  direction: z.enum(["inbound", "outbound"]).optional(),
  /** ST01: documents holding at least one set of this id. */
  setId: z.string().regex(/^\d{3}$/).optional(),
  /** The interchange's status (received, accepted, rejected, queued, sent, …). */
  status: z.string().min(1).max(40).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(100_000).default(0),
});
export type EdiDocumentFilter = z.input<typeof ediDocumentFilterSchema>;

export interface EdiDocumentSummary {
  id: string;
  partnerId: string;
  partnerName: string;
  environment: string;
  direction: string;
  transport: string | null;
  transportRef: string | null;
  controlNumber: string | null;
  status: string;
  size: number;
  /** The sets inside, in file order ("850", "850", "856"). */
  sets: string[];
  /** Worst acknowledgement of its sets: rejected > accepted_with_errors > pending > accepted > none. */
  ackStatus: string;
  issueCount: number;
  acknowledgesId: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

interface DocumentRow {
  id: string;
  partner_id: string;
  partner_name: string;
  environment: string;
  direction: string;
  transport: string | null;
  transport_ref: string | null;
  control_number: string | null;
  status: string;
  size: number;
  sets: string[] | null;
  ack_status: string | null;
  issue_count: number;
  acknowledges_id: string | null;
  created_at: string | Date;
  sent_at: string | Date | null;
}

const ACK_RANK = sql`case ack_status when 'rejected' then 4 when 'accepted_with_errors' then 3 when 'pending' then 2 when 'accepted' then 1 else 0 end`;
const documentColumns = sql`i.id, i.partner_id, p.name as partner_name, i.environment, i.direction, i.transport, i.transport_ref, i.control_number, i.status,
  octet_length(i.raw)::int as size, jsonb_array_length(i.issues)::int as issue_count, i.acknowledges_id, i.created_at, i.sent_at,
  (select array_agg(t.set_id order by t.created_at, t.control_number) from ${ediTransactions} t where t.interchange_id = i.id) as sets,
  (select t.ack_status from ${ediTransactions} t where t.interchange_id = i.id order by ${ACK_RANK} desc limit 1) as ack_status`;

const documentSummary = (r: DocumentRow): EdiDocumentSummary => ({
  id: r.id,
  partnerId: r.partner_id,
  partnerName: r.partner_name,
  environment: r.environment,
  direction: r.direction,
  transport: r.transport,
  transportRef: r.transport_ref,
  controlNumber: r.control_number,
  status: r.status,
  size: r.size,
  sets: r.sets ?? [],
  ackStatus: r.ack_status ?? "none",
  issueCount: r.issue_count,
  acknowledgesId: r.acknowledges_id,
  createdAt: date(r.created_at),
  sentAt: r.sent_at === null ? null : date(r.sent_at),
});

/** Interchanges newest first, filtered; `total` counts every match for paging. */
export async function listEdiDocuments(db: Db, input: EdiDocumentFilter): Promise<{ items: EdiDocumentSummary[]; total: number }> {
  const f = ediDocumentFilterSchema.parse(input);
  const where = sql.join(
    [
      sql`true`,
      ...(f.environment ? [sql`i.environment = ${f.environment}`] : []),
      ...(f.partnerId ? [sql`i.partner_id = ${f.partnerId}::uuid`] : []),
      ...(f.direction ? [sql`i.direction = ${f.direction}`] : []),
      ...(f.status ? [sql`i.status = ${f.status}`] : []),
      ...(f.setId ? [sql`exists (select 1 from ${ediTransactions} t where t.interchange_id = i.id and t.set_id = ${f.setId})`] : []),
    ],
    sql` and `,
  );
  const [found, [total]] = await Promise.all([
    rows<DocumentRow>(
      db,
      sql`select ${documentColumns} from ${ediInterchanges} i join ${tradingPartners} p on p.id = i.partner_id where ${where} order by i.created_at desc, i.id limit ${f.limit} offset ${f.offset}`,
    ),
    rows<{ n: number }>(db, sql`select count(*)::int as n from ${ediInterchanges} i where ${where}`),
  ]);
  return { items: found.map(documentSummary), total: total?.n ?? 0 };
}

export interface EdiTransactionItem {
  id: string;
  setId: string;
  functionalId: string;
  groupControlNumber: string;
  controlNumber: string;
  reference: string | null;
  status: string;
  ackStatus: string;
  ackErrors: unknown[];
  acknowledgedAt: Date | null;
  runId: string | null;
  deadLetterId: string | null;
  expectations: Array<{ id: string; kind: string; state: EdiExpectationState; dueAt: Date; metAt: Date | null }>;
}

export interface EdiDocumentDetail extends EdiDocumentSummary {
  issues: unknown[];
  mdn: unknown;
  attempts: number;
  lastError: string | null;
  /** One page of the raw bytes (display only; the download has them all). */
  raw: { offset: number; bytes: Buffer; size: number };
  transactions: EdiTransactionItem[];
}

/** The raw page shown by default: X12 files are mostly small, and a browser chokes on megabytes of text. */
export const EDI_RAW_PAGE_BYTES = 64 * 1024;

/** One interchange with a page of its raw bytes, its sets and their timers. */
export async function getEdiDocument(db: Db, params: { id: string; rawOffset?: number; rawLength?: number; now?: Date }): Promise<EdiDocumentDetail> {
  const offset = params.rawOffset ?? 0;
  const length = params.rawLength ?? EDI_RAW_PAGE_BYTES;
  const [found] = await rows<DocumentRow & { issues: unknown; mdn: unknown; attempts: number; last_error: string | null; page: Buffer }>(
    db,
    sql`select ${documentColumns}, i.issues, i.mdn, i.attempts, i.last_error, substring(i.raw from ${offset + 1}::int for ${length}::int) as page
      from ${ediInterchanges} i join ${tradingPartners} p on p.id = i.partner_id where i.id = ${params.id}::uuid`,
  );
  if (!found) throw new NotFoundError(`EDI document ${params.id} does not exist`);
  const [sets, timers] = await Promise.all([
    rows<{ id: string; set_id: string; functional_id: string; group_control_number: string; control_number: string; reference: string | null; status: string; ack_status: string; ack_errors: unknown; acknowledged_at: string | Date | null; run_id: string | null; dead_letter_id: string | null }>(
      db,
      sql`select * from ${ediTransactions} where interchange_id = ${params.id}::uuid order by created_at, control_number`,
    ),
    rows<{ id: string; transaction_id: string; kind: string; state: EdiExpectationState; due_at: string | Date; met_at: string | Date | null }>(
      db,
      sql`select e.id, e.transaction_id, e.kind, ${expectationState(params.now ?? new Date())} as state, e.due_at, e.met_at from ${ediExpectations} e
        join ${ediTransactions} t on t.id = e.transaction_id where t.interchange_id = ${params.id}::uuid order by e.due_at`,
    ),
  ]);
  return {
    ...documentSummary(found),
    issues: list(found.issues),
    mdn: json(found.mdn),
    attempts: found.attempts,
    lastError: found.last_error,
    raw: { offset, bytes: found.page, size: found.size },
    transactions: sets.map((t) => ({
      id: t.id,
      setId: t.set_id,
      functionalId: t.functional_id,
      groupControlNumber: t.group_control_number,
      controlNumber: t.control_number,
      reference: t.reference,
      status: t.status,
      ackStatus: t.ack_status,
      ackErrors: list(t.ack_errors),
      acknowledgedAt: t.acknowledged_at === null ? null : date(t.acknowledged_at),
      runId: t.run_id,
      deadLetterId: t.dead_letter_id,
      expectations: timers.filter((e) => e.transaction_id === t.id).map((e) => ({ id: e.id, kind: e.kind, state: e.state, dueAt: date(e.due_at), metAt: e.met_at === null ? null : date(e.met_at) })),
    })),
  };
}

/** The full original bytes, for the download. */
export async function getEdiDocumentRaw(db: Db, id: string): Promise<{ raw: Buffer; direction: string; controlNumber: string | null; partnerName: string }> {
  const [found] = await rows<{ raw: Buffer; direction: string; control_number: string | null; partner_name: string }>(
    db,
    sql`select i.raw, i.direction, i.control_number, p.name as partner_name from ${ediInterchanges} i join ${tradingPartners} p on p.id = i.partner_id where i.id = ${id}::uuid`,
  );
  if (!found) throw new NotFoundError(`EDI document ${id} does not exist`);
  return { raw: found.raw, direction: found.direction, controlNumber: found.control_number, partnerName: found.partner_name };
}

/**
 * The 997s that may answer a document: those that name it (`acknowledges_id`, set for the 997s we
 * generate) and the partner's 997 interchanges in the other direction since it was created (the
 * caller reads their AK1/AK2 to keep the ones that acknowledge its groups).
 */
export async function listEdiAckCandidates(db: Db, params: { id: string; limit?: number }): Promise<Array<{ id: string; direction: string; status: string; acknowledgesId: string | null; raw: Buffer; createdAt: Date }>> {
  const found = await rows<{ id: string; direction: string; status: string; acknowledges_id: string | null; raw: Buffer; created_at: string | Date }>(
    db,
    sql`select a.id, a.direction, a.status, a.acknowledges_id, a.raw, a.created_at
      from ${ediInterchanges} d join ${ediInterchanges} a on a.partner_id = d.partner_id and a.id <> d.id
      where d.id = ${params.id}::uuid and (a.acknowledges_id = d.id or (a.direction <> d.direction and a.created_at >= d.created_at
        and exists (select 1 from ${ediTransactions} t where t.interchange_id = a.id and t.set_id = '997')))
      order by a.created_at limit ${params.limit ?? 20}`,
  );
  return found.map((r) => ({ id: r.id, direction: r.direction, status: r.status, acknowledgesId: r.acknowledges_id, raw: r.raw, createdAt: date(r.created_at) }));
}
