// The package's whole API, by concept: SQL lives only here, as named query functions
// `(db, params)` (docs/architecture.md "Layering rules"). Subpaths: @ipaas/db/schema,
// /enums, /dead-letter-filter, /trading-partner-schema and /filter-date (driver-free, for the browser), /testing, /migrate.

// Connecting: the node-postgres database every query takes, and a readiness probe.
export { createDb, pingDatabase, type Db, type DbHandle, type Schema, type Tx } from "./client";
// Migrations: applied at startup under an advisory lock.
export { migrationsFolder, runMigrations } from "./migrate";
// Domain errors each app maps to its transport once (docs/architecture.md "Errors and transports").
export { BadRequestError, ConflictError, InvalidInputError, NotFoundError, PreconditionFailedError, type InputIssue } from "./errors";
// Tables and enums, as one namespace (also importable as @ipaas/db/schema).
export * as schema from "./schema";
// Demo data and the first admin.
export { DEMO_ADMIN_EMAIL, DEMO_FLOW_NAME, ensureFirstAdmin, seedDemo, seedDraftFlow } from "./seed";

// Secrets: the encryption key ring, the startup key check and key rotation.
export { KeyRing, KeyRingError, type SecretEnvelope } from "./secrets";
export { sealedWebhook, secretKeyUsage, verifyKeyRing, type KeyUsage } from "./key-check";
export { generateEncryptionKey, newKeyId, rotateEncryptionKeys, type RotationResult } from "./key-rotation";

// Users and sign-in.
export {
  authTables,
  clearFailedSignIns,
  countOtherActiveAdmins,
  countUsers,
  createUser,
  findActiveUser,
  findUserByEmail,
  getUser,
  hashPassword,
  listUsers,
  recordFailedSignIn,
  replacePasswordResetToken,
  setUserDisabled,
  setUserRole,
  verifyPassword,
  type UserRow,
  type UserView,
} from "./queries/users";
// Audit log: every write by a person, and refused ingress attempts (aggregated).
export { listAudit, listAuditActions, recordRefusedAttempt, writeAudit, type AuditActor, type AuditEntry, type ListAuditParams, type RefusedAttempt } from "./queries/audit";
// API keys for API triggers.
export { createApiKey, flowNames, getApiKey, keyAllowsFlow, listApiKeys, revokeApiKey, updateApiKey, verifyApiKey, type ApiKeyInfo, type ApiKeyRow } from "./queries/api-keys";

// Environments.
export { createEnvironment, ENVIRONMENT_NAME_PATTERN, getEnvironment, listEnvironmentNames, listEnvironments, type EnvironmentView } from "./queries/environments";
// Connections: the designer's reads and writes (secrets write-only).
export {
  connectionUsage,
  createConnection,
  deleteConnection,
  EncryptionKeyMissingError,
  getConnection,
  getConnectionRow,
  listConnections,
  recordConnectionTest,
  rotateConnectionSecrets,
  toConnectionView,
  updateConnection,
  type ConnectionRow,
  type ConnectionUsage,
  type ConnectionView,
} from "./queries/connections";
// Connections as nodes refer to them: by id or by name in the flow's environment.
export { connectionNamesById, findConnectionsByRefs, listConnectionNames } from "./queries/connection-refs";
// Connections as the runtime resolves them, and OAuth token refresh under a row lock.
export { findConnectionRow, refreshConnectionUnderLock, type ConnectionTokenUpdate } from "./queries/connection-resolution";
// Connection health: the runtime monitor's claims and verdicts, what pauses a flow, what the designer shows.
export {
  claimDueHealthTests,
  connectionsOfFlow,
  listConnectionHealth,
  markCircuitOpened,
  offlineConnections,
  offlineConnectionsOfFlow,
  requestHealthTest,
  saveConnectionHealth,
  waitingRunsOfConnection,
  type ClaimedHealthTest,
  type ConnectionHealthView,
} from "./queries/connection-health";
export { CONNECTION_STATUSES, connectionLimitsSchema, judgeTest, limitsOf, type ConnectionLimits, type ConnectionStatus } from "./connection-health";

// EDI trading partners: settings (defined once, also driver-free as @ipaas/db/trading-partner-schema), credentials sealed,
// control numbers allocated without gaps or repeats, received interchanges for duplicate detection (docs/architecture.md "Trading partners").
export {
  createTradingPartner,
  deleteTradingPartner,
  findTradingPartnerByName,
  findTradingPartnerBySender,
  getTradingPartner,
  getTradingPartnerRow,
  listTradingPartners,
  toTradingPartnerView,
  updateTradingPartner,
  type TradingPartnerRow,
  type TradingPartnerView,
} from "./queries/trading-partners";
export { allocateControlNumbers, recordInboundInterchange } from "./queries/control-numbers";
// Inbound EDI documents: received files, their sets, our acknowledgements, timers, their 997s, subscribed flows (docs/architecture.md "EDI documents").
export {
  applyFunctionalAck,
  findPartnerByAs2Ids,
  finishInboundInterchange,
  insertAcknowledgement,
  insertEdiTransactions,
  insertInboundInterchange,
  listEdiSubscribers,
  listSftpPartners,
  markCorrectedTransaction,
  setInboundTransactionRoute,
  setInterchangeMdn,
  wasInterchangeRead,
  type EdiInterchangeRow,
  type EdiTransactionRow,
  type FunctionalAck,
  type NewEdiTransaction,
} from "./queries/edi-inbound";
// EDI outbound and compliance timers (docs/architecture.md "EDI documents", "EDI compliance").
export {
  getOutboundDelivery,
  recordDeliveryAttempt,
  resendOutboundInterchange,
  staleQueuedInterchanges,
  storeOutboundInterchange,
  type DeliveryOutcome,
  type OutboundControlNumbers,
  type OutboundRecord,
  type OutboundSet,
  type StoreOutboundParams,
} from "./queries/edi-outbound";
export {
  claimNewlyOverdue,
  createExpectations,
  EXPECTATION_KINDS,
  EXPECTATION_STATES,
  expectationsOfTransaction,
  listExpectations,
  meetExpectations,
  overdueExpectations,
  type ExpectationKind,
  type ExpectationState,
  type ExpectationView,
  type NewExpectation,
} from "./queries/edi-expectations";
export {
  acknowledgementsSchema,
  CONTROL_NUMBER_MAX,
  DEFAULT_DELIMITERS,
  delimitersSchema,
  isaVersionOf,
  PARTNER_DIRECTIONS,
  partnerFieldsSchema,
  partnerFieldsUpdateSchema,
  partnerSecretsSchema,
  partnerSecretsUpdateSchema,
  TRANSPORT_KINDS,
  TRANSPORT_SECRET_FIELDS,
  transportSchema,
  X12_VERSIONS,
  type ControlNumberKind,
  type Delimiters,
  type PartnerDirection,
  type PartnerFields,
  type PartnerTransport,
  type TransportSecretField,
  type X12Version,
} from "./trading-partner-schema";
// The EDI dashboard's reads: documents per partner and day, acceptance, compliance timer states, the documents list (docs/architecture.md "EDI dashboard and onboarding").
export {
  EDI_DASHBOARD_DAYS,
  EDI_EXPECTATION_STATES,
  EDI_RAW_PAGE_BYTES,
  ediDashboard,
  ediDocumentFilterSchema,
  getEdiDocument,
  getEdiDocumentRaw,
  listEdiAckCandidates,
  listEdiDocuments,
  type EdiDashboard,
  type EdiDocumentDetail,
  type EdiDocumentFilter,
  type EdiDocumentSummary,
  type EdiExpectationState,
} from "./queries/edi-dashboard";

// Flows and their versions.
export {
  createFlow,
  findFlowByName,
  findVersionDefinition,
  getFlow,
  getFlowEnvironment,
  getFlowVersion,
  getFlowVersionNumber,
  getRunnableVersion,
  listFlows,
  listFlowVersions,
  publishVersion,
  updateFlowDraft,
  updateFlowEnabled,
  updateFlowEnvironment,
  type FlowSummary,
} from "./queries/flows";
// The published versions the runtime's schedule sync turns into job schedulers.
export { listLiveVersions, type LiveVersion } from "./queries/schedules";
// Mappings.
export { createMapping, deleteMapping, existingMappingIds, getMapping, listMappings, updateMapping, type MappingFields, type MappingRow, type MappingSummary, type MappingTestCase } from "./queries/mappings";
// Lookup (cross-reference) tables.
export { DEFAULT_LOOKUP_ENVIRONMENT, LOOKUP_CHANGED_CHANNEL, lookupValue, lookupValues, notifyLookupChanged, parseLookupChange, type LookupChange } from "./queries/lookups";
export { listenChannel, type ChannelHandlers, type ChannelListener } from "./listen";
export {
  createLookupTable,
  deleteLookupEntry,
  deleteLookupTable,
  getLookupTable,
  listLookupEntries,
  listLookupTables,
  updateLookupTable,
  upsertLookupEntry,
  type LookupEntryInput,
  type LookupEntryRow,
  type LookupTableRow,
  type LookupTableSummary,
} from "./queries/lookup-admin";
export {
  addLookupTables,
  allLookupEntries,
  copyLookupEntries,
  importLookupEntries,
  lookupTablesStatus,
  missingLookupKeys,
  upsertLookupTable,
  type LookupWriteMode,
  type LookupWriteResult,
} from "./queries/lookup-bulk";

// Runs: recording, claiming, listing, and the sweeper's overdue runs.
export {
  businessKeyCandidates,
  claimRun,
  createRun,
  getRunWithSteps,
  listRunErrorClasses,
  listRuns,
  listRunsQuery,
  markRunning,
  NEWEST_FIRST,
  overdueRuns,
  RUNS_CURSOR,
  runSummaryColumns,
  type DeadLetterInput,
  type ListRunsParams,
  type NewRun,
  type Progress,
  type StepInput,
} from "./queries/runs";
// One run as the designer shows it: detail, the graph it executed, related runs.
export { getRelatedRuns, getRunDetail, getRunGraph } from "./queries/run-detail";
// Runs recorded in batches (group commit) at ingress.
export { insertRuns, RunRecorder, type RecordedRun } from "./queries/run-recorder";
// A run's progress (steps, status, dead letters, effects) as the worker writes it.
export { persistProgress, persistProgressBatch } from "./queries/progress";
export { ProgressWriter } from "./queries/progress-writer";
// Stored payloads: the size cap and what Postgres cannot store.
export { capJson, fullJson, PAYLOAD_CAP_BYTES, unstorableText } from "./queries/payload";
// The effect ledger and the stale-update guard (docs/architecture.md "Run semantics").
export { findEffect } from "./queries/effect-ledger";
export { claimSequence } from "./queries/entity-sequences";
// Poll triggers' cursors.
export { getTriggerCursor, recordPollError, saveTriggerCursor, type TriggerCursorRow } from "./queries/trigger-cursors";

// Dead letters: the workbench's reads, the actions on one letter, bulk actions and their records (docs/architecture.md "Dead letters and bulk operations").
export {
  addDeadLetterComment,
  deadLetterVersion,
  deadLetterWhere,
  discardDeadLetter,
  findDeadLetter,
  getDeadLetterRecord,
  isAssignable,
  listAssignees,
  listDeadLetterGroups,
  listDeadLetters,
  listRunDeadLetters,
  reopenRunAtDeadLetter,
  toDeadLetterFilter,
  type DeadLetterRow,
  type ReplayMove,
  type ResumedRun,
} from "./queries/dead-letters";
export { deadLetterReplaySource, type ReplaySource } from "./queries/dead-letter-replay";
export { assignDeadLetters, countDeadLetters, discardDeadLetters, eachDeadLetter, matchingDeadLetterIds, type BulkCallbacks, type BulkItem, type BulkResult, type BulkSelection } from "./queries/dead-letter-bulk";
export { auditBulkFinish, createBulkOperation, getBulkStatus, interruptRunningBulkOperations, listBulkOperationItems, recordBulkProgress, type BulkCounts } from "./queries/bulk-operations";
// The dead-letter filter, defined once (also driver-free as @ipaas/db/dead-letter-filter).
export {
  BULK_LIMIT,
  bulkSelectionSchema,
  deadLetterFilterSchema,
  deadLetterStatusSchema,
  urlFilterSchema,
  workbenchFilterSchema,
  type DeadLetterFilter,
  type UrlFilter,
  type WorkbenchFilter,
  type WorkbenchSelection,
} from "./dead-letter-filter";

// Retention: pruning, its default and bounding periods, per-flow overrides, and the storage each flow uses.
export { effectiveRetention, pruneOnce, type PruneOptions, type PruneResult, type RetentionOverride } from "./queries/retention";
export { BULK_OPERATION_DAYS, DEFAULT_PAYLOAD_DAYS, DEFAULT_RUN_DAYS, MAX_RETENTION_DAYS, METRIC_SAMPLE_DAYS, MIN_RETENTION_DAYS, RESOLVED_ALERT_DAYS } from "./queries/retention";
export { listFlowRetention, lockFlowRetention, setFlowRetention } from "./queries/retention-overrides";
export { STORAGE_TABLES, storageUsage, type FlowUsage, type StorageUsage, type TableUsage } from "./queries/retention-usage";
// The operations dashboard's series and the runtime's metric samples.
export {
  DASHBOARD_RANGES,
  dashboardData,
  dashboardWindow,
  errorRateOf,
  gaugePerBucket,
  openDeadLetters,
  openDeadLettersPerBucket,
  openDeadLettersPerFlow,
  QUEUE_DEPTH_SAMPLE,
  recordMetricSamples,
  runsPerBucket,
  stepLatency,
  syncLagPerFlow,
  type DashboardData,
  type DashboardRange,
  type DashboardWindow,
  type FlowCount,
  type GaugePoint,
  type LatencyPoint,
  type LatencyStat,
  type RunBucket,
  type RunCounts,
  type SyncLag,
} from "./queries/dashboard";
// Alerts: rules and alerts (designer), evaluation (runtime), notifications.
export {
  countFiringAlerts,
  createAlertRule,
  deleteAlertRule,
  getAlertRule,
  getAlertRuleRow,
  listAlertRules,
  listAlerts,
  updateAlertRule,
  type AlertRuleFields,
  type AlertRuleKind,
  type AlertRuleRow,
  type AlertRuleView,
  type AlertStatus,
  type AlertView,
} from "./queries/alerts";
export {
  countOpenDeadLettersSince,
  deliverAlertNotification,
  lastSucceededRunAt,
  pendingAlertNotifications,
  raiseAlert,
  resolveAlert,
  rulesToEvaluate,
  type AlertNotification,
  type RuleToEvaluate,
} from "./queries/alert-evaluation";
export { postWebhook, slackMessage, WEBHOOK_TIMEOUT_MS, webhookHint, type AlertTransition, type DeliveryResult, type SlackMessage, type WebhookFetch } from "./queries/alert-notifications";
