import { index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { CONNECTION_STATUSES } from "../connection-health";
import { connections } from "./connections";

export const connectionStatus = pgEnum("connection_status", CONNECTION_STATUSES);

/**
 * Each connection's health as the runtime's monitor last judged it
 * (docs/architecture.md "Connection health"): kept apart from `connections` so the
 * monitor's frequent writes never wait on a row an admin edit or an OAuth
 * refresh holds. No row: never tested, treated as healthy.
 */
export const connectionHealth = pgTable(
  "connection_health",
  {
    connectionId: uuid("connection_id")
      .primaryKey()
      .references(() => connections.id, { onDelete: "cascade" }),
    status: connectionStatus("status").notNull().default("healthy"),
    /** When the status last changed. */
    since: timestamp("since", { withTimezone: true }).notNull().defaultNow(),
    lastTestedAt: timestamp("last_tested_at", { withTimezone: true }),
    /** The last failed test's or circuit's message, scrubbed of the connection's secrets; null after a passing test. */
    lastError: text("last_error"),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    /** When the monitor tests it next; a claimed test moves it forward first (a lease), so two monitors never test it at once. */
    nextTestAt: timestamp("next_test_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("connection_health_next_test_idx").on(t.nextTestAt), index("connection_health_status_idx").on(t.status)],
);
