import { jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Completed side effects, keyed by (flow, node, lineage, item index)
 * (docs/architecture.md "Run semantics"): a retry or a resubmission that finds its key
 * here returns the recorded result instead of calling the target again.
 */
export const effectLedger = pgTable("effect_ledger", {
  idempotencyKey: text("idempotency_key").primaryKey(),
  runId: uuid("run_id").notNull(),
  flowId: uuid("flow_id").notNull(),
  nodeId: text("node_id").notNull(),
  result: jsonb("result"),
  completedAt: timestamp("completed_at", { withTimezone: true }).notNull().defaultNow(),
});
