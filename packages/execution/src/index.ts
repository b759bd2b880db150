export { createActionRunner, type ActionGuard, type ActionRunnerOptions } from "./action-runner";
export { ConnectionResolver, type ConnectionRef, type ResolvedConnection } from "./connections";
export { PromiseCache } from "./promise-cache";
export { scrubberFor, scrubError } from "./redaction";
export {
  ANSWERED_EXPECTATION,
  documentReferences,
  outboundSegments,
  partnerForSend,
  previewSendX12,
  renderOutboundX12,
  segmentJsonSchema,
  type PartnerEnvelope,
} from "./x12-outbound";
