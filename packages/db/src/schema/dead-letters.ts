import { DEAD_LETTER_STATUSES } from "../enums";
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { flows } from "./flows";
import { runs } from "./runs";
import { users } from "./users";

export const deadLetterStatus = pgEnum("dead_letter_status", DEAD_LETTER_STATUSES);

/**
 * A failed step that needs a person (docs/architecture.md "Dead letters and bulk operations"): keeps the
 * step's input so it can be edited and resubmitted, and the classified error.
 */
export const deadLetters = pgTable(
  "dead_letters",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    flowId: uuid("flow_id")
      .notNull()
      .references(() => flows.id, { onDelete: "cascade" }),
    nodeId: text("node_id").notNull(),
    nodeName: text("node_name").notNull().default(""),
    lineage: text("lineage").notNull().default("0"),
    status: deadLetterStatus("status").notNull().default("open"),
    errorClass: text("error_class").notNull(),
    errorMessage: text("error_message").notNull(),
    /** Full error: code, target's status and response body. */
    error: jsonb("error").notNull(),
    input: jsonb("input"),
    /** True when `input` is an action's mapped operation input (resubmission skips the mapping). */
    inputResolved: boolean("input_resolved").notNull().default(false),
    attempts: integer("attempts").notNull(),
    correlationId: text("correlation_id").notNull(),
    businessKey: text("business_key"),
    assigneeId: uuid("assignee_id").references(() => users.id, { onDelete: "set null" }),
    resolution: text("resolution"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (t) => [
    // Workbench groups open letters by flow + node + error class.
    index("dead_letters_group_idx").on(t.status, t.flowId, t.nodeId, t.errorClass),
    index("dead_letters_business_key_idx").on(t.businessKey),
    index("dead_letters_run_idx").on(t.runId),
    // Newest open letters first, and the alert rule's "created in the last M minutes".
    index("dead_letters_status_created_idx").on(t.status, t.createdAt.desc()),
  ],
);
