import { jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { environments } from "./environments";

/**
 * Cross-reference tables (SKU maps, location codes, …) edited in the UI and read by `lookup` nodes.
 * A table is global by name (flows name it); its entries belong to one environment each
 * (docs/architecture.md "Cross-reference tables").
 */
export const lookupTables = pgTable("lookup_tables", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  description: text("description").notNull().default(""),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const lookupEntries = pgTable(
  "lookup_entries",
  {
    tableId: uuid("table_id")
      .notNull()
      .references(() => lookupTables.id, { onDelete: "cascade" }),
    /** Sandbox and production map the same SKU to different ERP ids; the default matches `flows.environment`'s. */
    environment: text("environment")
      .notNull()
      .default("sandbox")
      .references(() => environments.name, { onUpdate: "cascade" }),
    key: text("key").notNull(),
    /** A plain text value is a JSON string; analysts may enter any JSON (docs/architecture.md "Cross-reference tables"). */
    value: jsonb("value").notNull(),
    description: text("description").notNull().default(""),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // The primary key's index (table_id, environment, key) is also what keyset paging by key walks.
  (t) => [primaryKey({ columns: [t.tableId, t.environment, t.key] })],
);
