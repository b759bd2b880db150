import { ALERT_RULE_KINDS, ALERT_STATUSES } from "../enums";
import { sql } from "drizzle-orm";
import { boolean, doublePrecision, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { flows } from "./flows";
import { tradingPartners } from "./trading-partners";
import { users } from "./users";

/**
 * dead_letters: open dead letters created for the flow (or any flow) in the last M minutes > N.
 * no_success: no succeeded run of the flow in the last M minutes.
 * queue_depth: waiting + delayed jobs in the runs queue > N.
 * connection_offline: offline connections (of the flow, or any) > N.
 * edi_overdue: open EDI expectations past their due time (of the partner, or any) > N.
 */
export const alertRuleKind = pgEnum("alert_rule_kind", ALERT_RULE_KINDS);
export const alertStatus = pgEnum("alert_status", ALERT_STATUSES);

export const alertRules = pgTable("alert_rules", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  kind: alertRuleKind("kind").notNull(),
  /** null = every flow (dead_letters) — required for no_success, ignored for queue_depth. */
  flowId: uuid("flow_id").references(() => flows.id, { onDelete: "cascade" }),
  /** edi_overdue: the trading partner watched; null = every partner. */
  partnerId: uuid("partner_id").references(() => tradingPartners.id, { onDelete: "cascade" }),
  threshold: integer("threshold").notNull().default(0),
  windowMinutes: integer("window_minutes").notNull().default(15),
  /**
   * Slack-compatible incoming-webhook URL, sealed like connection secrets (the URL
   * is the credential): a SecretEnvelope, or null for UI-only alerts.
   */
  webhook: jsonb("webhook"),
  /** What the UI shows instead of the URL: host and the last characters. */
  webhookHint: text("webhook_hint"),
  enabled: boolean("enabled").notNull().default(true),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** An alert raised by a rule. At most one firing alert per rule (dedup); it resolves itself when the condition clears. */
export const alerts = pgTable(
  "alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ruleId: uuid("rule_id")
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    status: alertStatus("status").notNull().default("firing"),
    message: text("message").notNull(),
    /** The measured value when it fired, and the latest one while firing. */
    value: doublePrecision("value").notNull(),
    firedAt: timestamp("fired_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    /** Webhook delivery: when it was last notified (fire / resolve) and the last delivery error. */
    notifiedAt: timestamp("notified_at", { withTimezone: true }),
    notifyError: text("notify_error"),
  },
  (t) => [
    uniqueIndex("alerts_one_firing_per_rule").on(t.ruleId).where(sql`${t.status} = 'firing'`),
    index("alerts_fired_idx").on(t.firedAt.desc()),
  ],
);

/**
 * Gauges sampled over time (queue depth), which Postgres cannot derive from its
 * own rows; the dashboard charts them. Pruned with the run records.
 */
export const metricSamples = pgTable(
  "metric_samples",
  {
    name: text("name").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    value: doublePrecision("value").notNull(),
    labels: jsonb("labels").notNull().default({}),
  },
  (t) => [index("metric_samples_name_at_idx").on(t.name, t.at)],
);
