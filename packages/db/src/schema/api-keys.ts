import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * API keys for synchronous API triggers and scripted access. Only a SHA-256 of the
 * key is stored (keys are 32 random bytes, so a slow hash adds nothing); the
 * public prefix finds the row.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** "ipk_" + 8 characters shown in lists, e.g. ipk_3f9a1c0d. */
    prefix: text("prefix").notNull().unique(),
    hash: text("hash").notNull(),
    /** Flow ids the key may invoke; null means every flow. */
    flowIds: jsonb("flow_ids").$type<string[] | null>(),
    rateLimitPerMinute: integer("rate_limit_per_minute").notNull().default(600),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_keys_created_idx").on(t.createdAt)],
);
