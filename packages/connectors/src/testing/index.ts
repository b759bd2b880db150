export * from "./contract";
export * from "./oauth-server";
export { startSftpServer, type SftpServerControl, type SftpServerOperation, type SftpServerUser } from "../edi/testing/sftp-server";
