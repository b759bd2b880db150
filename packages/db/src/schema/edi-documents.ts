import { customType, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tradingPartners } from "./trading-partners";

/** The original bytes of a document, kept as received or sent (never re-encoded). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/**
 * One EDI file exchanged with a partner (docs/architecture.md "EDI documents"): an inbound
 * interchange as received (raw bytes always, even when it does not parse) or an outbound one
 * as generated, with its transport state. Inbound statuses: received → accepted |
 * accepted_with_errors | rejected | duplicate | unparseable. Outbound: queued → sent | failed.
 */
export const ediInterchanges = pgTable(
  "edi_interchanges",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnerId: uuid("partner_id")
      .notNull()
      .references(() => tradingPartners.id, { onDelete: "cascade" }),
    environment: text("environment").notNull(),
    direction: text("direction").notNull(),
    /** as2 | sftp | upload (designer) | api; null before a transport is known. */
    transport: text("transport"),
    /** AS2 Message-ID or SFTP file name: what the partner calls this file. */
    transportRef: text("transport_ref"),
    raw: bytea("raw").notNull(),
    /** ISA13 as written; null when the file did not parse. */
    controlNumber: text("control_number"),
    status: text("status").notNull(),
    /** X12Issue[] from @ipaas/x12 validation (TA1/AK9/AK5/AK3/AK4 codes). */
    issues: jsonb("issues").notNull().default([]),
    /** AS2: the MDN received (outbound) or sent (inbound), without secrets. */
    mdn: jsonb("mdn"),
    /** For an acknowledgement we generate (997/TA1): the inbound interchange it answers. */
    acknowledgesId: uuid("acknowledges_id"),
    /**
     * Outbound: the "Send X12" step's idempotency key (flow:run:node:lineage), so a retried step
     * finds the interchange it stored instead of sending (and numbering) a second one.
     */
    sendKey: text("send_key"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    index("edi_interchanges_partner_created_idx").on(t.partnerId, t.createdAt),
    index("edi_interchanges_status_idx").on(t.direction, t.status),
    uniqueIndex("edi_interchanges_send_key").on(t.sendKey),
  ],
);

/**
 * One transaction set (ST..SE) inside an interchange: what the dashboard counts and what
 * acknowledgements refer to. `ackStatus` is their 997 for an outbound set, ours for an
 * inbound one: none | pending | accepted | accepted_with_errors | rejected.
 */
export const ediTransactions = pgTable(
  "edi_transactions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    interchangeId: uuid("interchange_id")
      .notNull()
      .references(() => ediInterchanges.id, { onDelete: "cascade" }),
    partnerId: uuid("partner_id")
      .notNull()
      .references(() => tradingPartners.id, { onDelete: "cascade" }),
    environment: text("environment").notNull(),
    direction: text("direction").notNull(),
    /** ST01: 850, 856… */
    setId: text("set_id").notNull(),
    /** GS01: PO, SH… */
    functionalId: text("functional_id").notNull(),
    groupControlNumber: text("group_control_number").notNull(),
    /** ST02. */
    controlNumber: text("control_number").notNull(),
    /** The business document number (BEG03 PO number, BSN02 shipment id, BIG02 invoice number…). */
    reference: text("reference"),
    /** Inbound: accepted | accepted_with_errors | rejected | routed | unrouted. Outbound: queued | sent | failed. */
    status: text("status").notNull(),
    ackStatus: text("ack_status").notNull().default("none"),
    /** AK3/AK4/AK5 detail of a 997 received for this set (or the issues we reported in ours). */
    ackErrors: jsonb("ack_errors").notNull().default([]),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    runId: uuid("run_id"),
    deadLetterId: uuid("dead_letter_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("edi_transactions_partner_created_idx").on(t.partnerId, t.createdAt),
    index("edi_transactions_interchange_idx").on(t.interchangeId),
    // A received 997 finds the sets it acknowledges by group and set control numbers.
    index("edi_transactions_ack_lookup_idx").on(t.partnerId, t.direction, t.groupControlNumber, t.controlNumber),
  ],
);

/**
 * A compliance timer (docs/architecture.md "EDI compliance"): something a partner or we owe
 * by `dueAt`. kind: ack997_theirs (their 997 for our set), ack997_ours (our 997 for their
 * group), po_ack_855, asn_856, invoice_810. Met when `metAt` is set; overdue when not met by
 * `dueAt`; `alertedAt` records that the alert rules were told.
 */
export const ediExpectations = pgTable(
  "edi_expectations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnerId: uuid("partner_id")
      .notNull()
      .references(() => tradingPartners.id, { onDelete: "cascade" }),
    environment: text("environment").notNull(),
    kind: text("kind").notNull(),
    /** The set that started the clock (their 850, our 856…). */
    transactionId: uuid("transaction_id")
      .notNull()
      .references(() => ediTransactions.id, { onDelete: "cascade" }),
    /** The business reference a response must carry (the PO number for an 855/856/810). */
    reference: text("reference"),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    metAt: timestamp("met_at", { withTimezone: true }),
    metByTransactionId: uuid("met_by_transaction_id"),
    alertedAt: timestamp("alerted_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("edi_expectations_kind_transaction_key").on(t.kind, t.transactionId),
    index("edi_expectations_open_idx").on(t.dueAt),
    index("edi_expectations_partner_idx").on(t.partnerId, t.kind, t.reference),
  ],
);
