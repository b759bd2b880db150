/** EDI transports (docs/architecture.md "EDI transports"): AS2 and SFTP, no database, no queue. */
export { As2Error, type As2ErrorCode } from "./as2/errors";
export { generateAs2Identity, type As2Identity } from "./as2/identity";
export { buildAs2Message, type As2Message, type As2MessageInput, type As2Secrets, type As2Settings } from "./as2/message";
export { buildMdn, parseMdn, verifyMdn, type As2Mdn, type MdnDisposition, type MdnErrorDescription, type OutgoingMdn } from "./as2/mdn";
export { receiveAs2, type As2PartnerIdentity, type As2ReceiveErrorCode, type As2ReceiveResult, type As2Resolver } from "./as2/receive";
export { sendAs2, sendAsyncMdn, type As2Fetcher, type SendAs2Params, type SendAs2Result } from "./as2/send";
export { computeMic, type Mic, type MicAlgorithm } from "./as2/smime";
export { sftpPollInbound, sftpPut, SftpError, type InboundFile, type PollResult, type SftpErrorCode, type SftpOptions, type SftpSecrets, type SftpSettings } from "./sftp/client";
export { sshHostKeyFingerprint } from "./sftp/host-key";
export { startSftpServer, type SftpServerControl, type SftpServerOperation, type SftpServerUser } from "./testing/sftp-server";
