import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Deployment environments (e.g. sandbox, production). A connection belongs to one;
 * a flow runs in one and finds its connections there by name, so promoting a flow
 * never copies secrets (docs/architecture.md "Flow model").
 */
export const environments = pgTable("environments", {
  name: text("name").primaryKey(),
  description: text("description").notNull().default(""),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One sealed check value per encryption key id: a wrong IPAAS_ENCRYPTION_KEY is
 * caught at start-up ("key k1 does not match") instead of as garbage later.
 */
export const encryptionKeys = pgTable("encryption_keys", {
  id: text("id").primaryKey(),
  /** A SecretEnvelope of a fixed plaintext, sealed with this key. */
  check: jsonb("check").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
