// Every table and enum, by concept (the drizzle schema the client is built with).

// People: users and roles, and better-auth's sessions, accounts, verifications and rate limits.
export { userRole, users, type UserRole } from "./users";
export { accounts, rateLimits, sessions, verifications } from "./auth";
// Environments, and one check value per encryption key (a wrong key is caught at start-up).
export { encryptionKeys, environments } from "./environments";
// Flows and their published versions.
export { flows, flowVersions } from "./flows";
// Connections (secrets sealed).
export { connections } from "./connections";
export { connectionHealth, connectionStatus } from "./connection-health";
// Runs and their steps.
export { runs, runStatus, runSteps, stepStatus, type RunStatus, type StepStatus } from "./runs";
// Dead letters, their comments, and bulk operations over them.
export { deadLetters, deadLetterStatus } from "./dead-letters";
export { deadLetterComments } from "./dead-letter-comments";
export { bulkOperationItems, bulkOperationKind, bulkOperations, bulkOperationStatus } from "./bulk-operations";
// Completed side effects and the stale-update guard (docs/architecture.md "Run semantics").
export { effectLedger } from "./effect-ledger";
export { entitySequences } from "./entity-sequences";
// The audit log.
export { auditLog } from "./audit-log";
// Lookup (cross-reference) tables.
export { lookupEntries, lookupTables } from "./lookups";
// API keys for API triggers.
export { apiKeys } from "./api-keys";
// Poll triggers' cursors.
export { triggerCursors } from "./trigger-cursors";
// Mappings.
export { mappings } from "./mappings";
// Alert rules, alerts and the metric samples they read.
export { alertRuleKind, alertRules, alerts, alertStatus, metricSamples } from "./alerts";
// EDI trading partners, their control numbers and the interchanges received (docs/architecture.md "Trading partners").
export { partnerControlNumbers, partnerInboundInterchanges, tradingPartners } from "./trading-partners";
// EDI documents exchanged with partners, their transaction sets and compliance timers (docs/architecture.md "EDI documents").
export { ediExpectations, ediInterchanges, ediTransactions } from "./edi-documents";
