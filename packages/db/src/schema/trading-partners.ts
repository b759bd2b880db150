import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Delimiters, PartnerAcknowledgements, PartnerTransactionSet, PartnerTransport } from "../trading-partner-schema";
import { environments } from "./environments";
import { users } from "./users";

/**
 * EDI trading partners (docs/architecture.md "Trading partners"), scoped like connections:
 * unique by name per environment. `secrets` holds the transport's credentials as sealed
 * envelopes (same key ring as connection secrets); the API shows only which are set.
 */
export const tradingPartners = pgTable(
  "trading_partners",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    environment: text("environment")
      .notNull()
      .default("sandbox")
      .references(() => environments.name, { onUpdate: "cascade" }),
    ourIsaQualifier: text("our_isa_qualifier").notNull(),
    ourIsaId: text("our_isa_id").notNull(),
    ourGsId: text("our_gs_id").notNull(),
    theirIsaQualifier: text("their_isa_qualifier").notNull(),
    theirIsaId: text("their_isa_id").notNull(),
    theirGsId: text("their_gs_id").notNull(),
    /** GS08 version (004010, 005010); ISA12 is its first five characters. */
    version: text("version").notNull(),
    /** ISA15: T (test) or P (production). */
    usageIndicator: text("usage_indicator").notNull(),
    delimiters: jsonb("delimiters").$type<Delimiters>().notNull(),
    transactionSets: jsonb("transaction_sets").$type<PartnerTransactionSet[]>().notNull().default([]),
    transport: jsonb("transport").$type<PartnerTransport | null>(),
    acknowledgements: jsonb("acknowledgements").$type<PartnerAcknowledgements>().notNull(),
    crossReferenceTables: jsonb("cross_reference_tables").$type<string[]>().notNull().default([]),
    contact: jsonb("contact").$type<{ name: string; email: string; phone: string; notes: string }>().notNull(),
    secrets: jsonb("secrets").notNull().default({}),
    secretsUpdatedAt: jsonb("secrets_updated_at").$type<Record<string, string>>().notNull().default({}),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("trading_partners_env_name_key").on(t.environment, t.name),
    // Inbound routing finds the partner by the interchange's sender.
    index("trading_partners_their_isa_idx").on(t.theirIsaQualifier, t.theirIsaId),
  ],
);

/**
 * The last control number handed out per partner, direction and kind (interchange,
 * group, transaction). Allocation is one upsert on this row, so concurrent processes
 * serialize on its lock and never see a gap or a repeat.
 */
export const partnerControlNumbers = pgTable(
  "partner_control_numbers",
  {
    partnerId: uuid("partner_id")
      .notNull()
      .references(() => tradingPartners.id, { onDelete: "cascade" }),
    direction: text("direction").notNull(),
    kind: text("kind").notNull(),
    lastValue: bigint("last_value", { mode: "number" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.direction, t.kind] })],
);

/** Interchange control numbers received from each partner: a second arrival is a duplicate. */
export const partnerInboundInterchanges = pgTable(
  "partner_inbound_interchanges",
  {
    partnerId: uuid("partner_id")
      .notNull()
      .references(() => tradingPartners.id, { onDelete: "cascade" }),
    controlNumber: text("control_number").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.controlNumber] })],
);
