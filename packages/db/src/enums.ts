/**
 * The database's enums as plain constants, free of any driver: the schema builds its
 * pgEnums from them, and the browser (`@ipaas/db/enums`) imports them instead of
 * copying the lists. Adding a value here needs a migration (drizzle-kit generate).
 */
export const RUN_STATUSES = ["queued", "running", "succeeded", "failed", "dead", "discarded", "skipped"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const STEP_STATUSES = ["succeeded", "failed", "skipped"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const DEAD_LETTER_STATUSES = ["open", "resubmitted", "discarded"] as const;
export type DeadLetterStatus = (typeof DEAD_LETTER_STATUSES)[number];

export const USER_ROLES = ["admin", "analyst", "operator", "viewer"] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const ALERT_RULE_KINDS = ["dead_letters", "no_success", "queue_depth", "connection_offline", "edi_overdue"] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];

export const ALERT_STATUSES = ["firing", "resolved"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const BULK_OPERATION_KINDS = ["retry", "discard", "assign"] as const;
export type BulkOperationKind = (typeof BULK_OPERATION_KINDS)[number];

export const BULK_OPERATION_STATUSES = ["running", "completed", "interrupted"] as const;
export type BulkOperationStatus = (typeof BULK_OPERATION_STATUSES)[number];
