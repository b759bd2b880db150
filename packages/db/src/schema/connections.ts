import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { environments } from "./environments";
import { users } from "./users";

/**
 * Connector credentials. `config` holds non-secret fields; `secrets` maps each
 * secret field to an AES-256-GCM envelope `{ keyId, iv, tag, ciphertext }`
 * (docs/architecture.md "Connections and the outbound policy"): plaintext never lands in this table.
 */
export const connections = pgTable(
  "connections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    connectorId: text("connector_id").notNull(),
    environment: text("environment")
      .notNull()
      .default("sandbox")
      .references(() => environments.name, { onUpdate: "cascade" }),
    config: jsonb("config").notNull().default({}),
    secrets: jsonb("secrets").notNull().default({}),
    /** When each secret field was last written: what the API shows instead of the value. */
    secretsUpdatedAt: jsonb("secrets_updated_at").$type<Record<string, string>>().notNull().default({}),
    /** OAuth-style connectors: when the access token in `secrets` expires (refreshed before then). */
    tokenExpiresAt: timestamp("token_expires_at", { withTimezone: true }),
    lastTestedAt: timestamp("last_tested_at", { withTimezone: true }),
    /** "ok" or "failed"; the message says why (never with secret values). */
    lastTestStatus: text("last_test_status"),
    lastTestMessage: text("last_test_message"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("connections_env_name_key").on(t.environment, t.name), index("connections_token_expiry_idx").on(t.tokenExpiresAt)],
);
