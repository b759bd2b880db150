export { createActionRunner, type ActionGuard, type ActionRunnerOptions } from "./action-runner";
export { ConnectionResolver, type ConnectionRef, type ResolvedConnection } from "./connections";
export { PromiseCache } from "./promise-cache";
export { scrubberFor, scrubError } from "./redaction";
