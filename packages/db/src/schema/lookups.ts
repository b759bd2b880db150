import { jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** Cross-reference tables (SKU maps, location codes, …) edited in the UI and read by `lookup` nodes. */
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
    key: text("key").notNull(),
    value: jsonb("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tableId, t.key] })],
);
