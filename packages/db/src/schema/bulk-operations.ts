import { BULK_OPERATION_KINDS, BULK_OPERATION_STATUSES } from "../enums";
import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

export const bulkOperationKind = pgEnum("bulk_operation_kind", BULK_OPERATION_KINDS);
export const bulkOperationStatus = pgEnum("bulk_operation_status", BULK_OPERATION_STATUSES);

/**
 * A bulk dead-letter action (retry / discard / assign over a selection or a
 * filter). Progress lives here so the UI can draw a progress bar by polling, and
 * an operation cut short by a restart shows as `interrupted`, with its counts.
 */
export const bulkOperations = pgTable(
  "bulk_operations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: bulkOperationKind("kind").notNull(),
    status: bulkOperationStatus("status").notNull().default("running"),
    /** The DeadLetterFilter it ran over, as given (ids or filter fields). */
    filter: jsonb("filter").notNull(),
    /** Reason (discard) or assignee (assign). */
    params: jsonb("params").notNull().default({}),
    total: integer("total").notNull(),
    done: integer("done").notNull().default(0),
    succeeded: integer("succeeded").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    actorEmail: text("actor_email"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("bulk_operations_created_idx").on(t.createdAt.desc())],
);

/** One row per dead letter a bulk operation touched: which run it resumed, or why it failed. */
export const bulkOperationItems = pgTable(
  "bulk_operation_items",
  {
    operationId: uuid("operation_id")
      .notNull()
      .references(() => bulkOperations.id, { onDelete: "cascade" }),
    deadLetterId: uuid("dead_letter_id").notNull(),
    runId: uuid("run_id"),
    /** "ok" or "failed". */
    outcome: text("outcome").notNull(),
    message: text("message"),
  },
  (t) => [index("bulk_operation_items_op_idx").on(t.operationId)],
);
