import { RUN_STATUSES, STEP_STATUSES } from "../enums";
import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { flows, flowVersions } from "./flows";

/**
 * Run lifecycle (docs/architecture.md "Run semantics"):
 * queued → running → succeeded | failed (retrying) | dead (dead-lettered) | discarded | skipped (stale update).
 */
export const runStatus = pgEnum("run_status", RUN_STATUSES);
export type RunStatus = (typeof runStatus.enumValues)[number];

export const stepStatus = pgEnum("step_status", STEP_STATUSES);
export type StepStatus = (typeof stepStatus.enumValues)[number];

export const runs = pgTable(
  "runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    flowId: uuid("flow_id")
      .notNull()
      .references(() => flows.id, { onDelete: "cascade" }),
    flowVersionId: uuid("flow_version_id")
      .notNull()
      .references(() => flowVersions.id),
    status: runStatus("status").notNull().default("queued"),
    triggerType: text("trigger_type").notNull(),
    /** Source event id (webhook id, file name, …); unique per flow so redeliveries create nothing. */
    triggerEventId: text("trigger_event_id"),
    correlationId: text("correlation_id").notNull(),
    /** Human key ops search by: order #1001, PO number, tracking number. */
    businessKey: text("business_key"),
    triggerPayload: jsonb("trigger_payload"),
    /** Resumable engine state (pending work items, outputs by lineage); see @ipaas/flow RunState. */
    state: jsonb("state"),
    /**
     * Which queue job may advance this run. Each continuation (retry, delay,
     * resubmission) bumps it, so a stale or duplicate job finds a mismatch and exits.
     */
    jobSeq: integer("job_seq").notNull().default(0),
    /** When the run's next job is due; the sweeper re-enqueues runs overdue by a margin. */
    wakeAt: timestamp("wake_at", { withTimezone: true }).notNull().defaultNow(),
    output: jsonb("output"),
    error: jsonb("error"),
    /** The error's class (TARGET_VALIDATION, AUTH, …), derived by Postgres so the explorer can filter and index it. */
    errorClass: text("error_class").generatedAlwaysAs(sql`error->>'class'`),
    /** Set when this run was created by resubmitting another. */
    resubmittedFrom: uuid("resubmitted_from"),
    parentRunId: uuid("parent_run_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    durationMs: integer("duration_ms"),
  },
  (t) => [
    uniqueIndex("runs_flow_event_key").on(t.flowId, t.triggerEventId).where(sql`${t.triggerEventId} is not null`),
    // Runs explorer: newest first, optionally per flow / status; (created_at, id) gives a stable cursor.
    index("runs_created_idx").on(t.createdAt.desc(), t.id.desc()),
    index("runs_flow_created_idx").on(t.flowId, t.createdAt.desc()),
    index("runs_status_created_idx").on(t.status, t.createdAt.desc()),
    index("runs_business_key_idx").on(t.businessKey),
    index("runs_correlation_idx").on(t.correlationId),
    index("runs_error_class_created_idx").on(t.errorClass, t.createdAt.desc()).where(sql`${t.errorClass} is not null`),
    // Related runs: children of a foreach/subflow parent, and resubmission chains.
    index("runs_parent_idx").on(t.parentRunId).where(sql`${t.parentRunId} is not null`),
    index("runs_resubmitted_from_idx").on(t.resubmittedFrom).where(sql`${t.resubmittedFrom} is not null`),
    // Sweeper: waiting runs whose job is overdue.
    index("runs_waiting_wake_idx").on(t.wakeAt).where(sql`${t.status} in ('queued', 'failed')`),
  ],
);

/**
 * One row per executed step. Written in batches by the runtime (one multi-row
 * insert per checkpoint) to keep the hot path at a handful of round trips per run.
 */
export const runSteps = pgTable(
  "run_steps",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    /** Execution order within the run. */
    seq: integer("seq").notNull(),
    nodeId: text("node_id").notNull(),
    nodeName: text("node_name").notNull(),
    nodeType: text("node_type").notNull(),
    /** Connector of an action/trigger step (null for logic nodes): dashboard latency per connector, explorer filter. */
    connector: text("connector"),
    /** foreach lineage path ("0", "0.3", …) and item index within its fan-out. */
    lineage: text("lineage").notNull().default("0"),
    status: stepStatus("status").notNull(),
    attempt: integer("attempt").notNull().default(1),
    input: jsonb("input"),
    output: jsonb("output"),
    error: jsonb("error"),
    /** Payload exceeded the size cap and was cut; the flag keeps that visible. */
    truncated: boolean("truncated").notNull().default(false),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }).notNull(),
    durationMs: integer("duration_ms").notNull(),
  },
  (t) => [
    index("run_steps_run_idx").on(t.runId, t.seq),
    // Dashboard: step latency per connector over a time window.
    index("run_steps_connector_finished_idx").on(t.connector, t.finishedAt).where(sql`${t.connector} is not null`),
  ],
);
