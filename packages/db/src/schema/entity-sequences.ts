import { doublePrecision, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Stale-update guard (docs/architecture.md "Run semantics"): the highest sequence
 * applied per entity. An update older than this is skipped and recorded as stale.
 */
export const entitySequences = pgTable(
  "entity_sequences",
  {
    scope: text("scope").notNull(),
    entityKey: text("entity_key").notNull(),
    sequence: doublePrecision("sequence").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.entityKey] })],
);
