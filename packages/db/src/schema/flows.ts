import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { environments } from "./environments";
import { users } from "./users";

/**
 * A flow has one mutable draft and any number of immutable published versions
 * (docs/architecture.md "Flow model"). The runtime only ever runs `publishedVersionId`.
 */
export const flows = pgTable(
  "flows",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** Draft definition (FlowDefinition JSON from @ipaas/flow). */
    draft: jsonb("draft").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    /** Where the flow runs: its actions use this environment's connections, by name. */
    environment: text("environment")
      .notNull()
      .default("sandbox")
      .references(() => environments.name, { onUpdate: "cascade" }),
    publishedVersionId: uuid("published_version_id"),
    /** Retention (null = the defaults in @ipaas/db retention.ts): payloads are cleared after N days, run records deleted after M. */
    retentionPayloadDays: integer("retention_payload_days"),
    retentionRunDays: integer("retention_run_days"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("flows_name_key").on(sql`lower(${t.name})`)],
);

export const flowVersions = pgTable(
  "flow_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    flowId: uuid("flow_id")
      .notNull()
      .references(() => flows.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    definition: jsonb("definition").notNull(),
    message: text("message").notNull().default(""),
    publishedBy: uuid("published_by").references(() => users.id, { onDelete: "set null" }),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("flow_versions_flow_version_key").on(t.flowId, t.version), index("flow_versions_flow_idx").on(t.flowId)],
);
