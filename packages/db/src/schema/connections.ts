import { jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/**
 * Connector credentials. `config` holds non-secret fields; `secrets` maps each
 * secret field to an AES-256-GCM envelope `{ keyId, iv, tag, ciphertext }`
 * (DESIGN.md "Connections"): plaintext never lands in this table.
 */
export const connections = pgTable(
  "connections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    connectorId: text("connector_id").notNull(),
    environment: text("environment").notNull().default("sandbox"),
    config: jsonb("config").notNull().default({}),
    secrets: jsonb("secrets").notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("connections_env_name_key").on(t.environment, t.name)],
);
