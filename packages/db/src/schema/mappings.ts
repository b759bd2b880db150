import { sql } from "drizzle-orm";
import { integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * A saved JSONata mapping with its sample and test cases, edited in the mapping
 * editor and referenced by `map` nodes. `version` is bumped on every save and is
 * the optimistic-concurrency token: a save must name the version it edited.
 */
export const mappings = pgTable(
  "mappings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** The source document the analyst maps from (pasted, uploaded or taken from a run). */
    sourceSample: jsonb("source_sample"),
    /** Name of a canonical schema (@ipaas/canonical) the output must satisfy; null = unchecked. */
    targetSchema: text("target_schema"),
    expression: text("expression").notNull().default(""),
    /** Run by the mapping engine's test runner. */
    tests: jsonb("tests").$type<Array<{ name: string; input: unknown; expected: unknown }>>().notNull().default([]),
    version: integer("version").notNull().default(1),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // Case-insensitive like flow names: "Shopify order" and "shopify order" would be confusing twins.
  (t) => [uniqueIndex("mappings_name_key").on(sql`lower(${t.name})`)],
);
