import { jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { flows } from "./flows";

/** Poll triggers' durable position per flow: where the next poll continues after a restart. */
export const triggerCursors = pgTable("trigger_cursors", {
  flowId: uuid("flow_id")
    .primaryKey()
    .references(() => flows.id, { onDelete: "cascade" }),
  cursor: jsonb("cursor"),
  lastPolledAt: timestamp("last_polled_at", { withTimezone: true }),
  lastError: text("last_error"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
