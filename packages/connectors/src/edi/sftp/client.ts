import { randomBytes } from "node:crypto";
import { connect as netConnect, type Socket } from "node:net";
import { posix } from "node:path";
import { StepError } from "@ipaas/flow";
import SftpClient from "ssh2-sftp-client";
import type { OutboundPolicy } from "../../net/policy";
import { sameFingerprint, sshHostKeyFingerprint } from "./host-key";

/** A partner's SFTP settings, shaped like `sftpSettingsSchema` in @ipaas/db's trading-partner-schema. */
export interface SftpSettings {
  host: string;
  port: number;
  username: string;
  inboundPath: string;
  outboundPath: string;
  /** Pins the server's host key (`SHA256:…` as `ssh-keygen -lf` prints it); empty/absent: any key is accepted. */
  hostKeyFingerprint?: string;
}

/** The partner's opened transport secrets: for SFTP, a password and/or an SSH private key (with its passphrase). */
export interface SftpSecrets {
  password?: string;
  privateKey?: string;
  passphrase?: string;
}

export interface SftpOptions {
  /** The address the socket opens is checked by the outbound policy (docs/architecture.md "Outbound network policy"). */
  policy: Pick<OutboundPolicy, "checkHost">;
  timeoutMs?: number;
}

export type SftpErrorCode = "transport" | "auth" | "host_key" | "remote";

/** A failed SFTP operation: `transport` is retryable; a refused login, a wrong host key or a refused file operation are not. */
export class SftpError extends StepError {
  declare readonly code: SftpErrorCode;
  constructor(code: SftpErrorCode, message: string) {
    super(message, code === "transport" ? "retryable" : "non_retryable", code);
    this.name = "SftpError";
  }
}

const DEFAULT_TIMEOUT_MS = 20_000;

function openSocket(address: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: address, port });
    const timer = setTimeout(() => socket.destroy(new Error(`connect timed out after ${timeoutMs} ms`)), timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Classifies what ssh2 / ssh2-sftp-client threw; messages carry no secret (they never include the password or key). */
function classify(err: unknown, where: string, hostKeyRefused: boolean): StepError {
  if (err instanceof StepError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (hostKeyRefused) return new SftpError("host_key", `${where}: the server's host key does not match the pinned fingerprint`);
  if (/authentication/i.test(message)) return new SftpError("auth", `${where}: the server refused the login (${message})`);
  if (/ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|timed out|timeout|handshake|closed|not connected/i.test(message)) return new SftpError("transport", `${where}: ${message}`);
  return new SftpError("remote", `${where}: ${message}`);
}

/**
 * Opens an SFTP session to the partner and runs `work` in it. The host name is resolved
 * and checked by the outbound policy, and the socket goes to exactly the checked address.
 */
async function withSftp<T>(settings: SftpSettings, secrets: SftpSecrets, options: SftpOptions, what: string, work: (client: SftpClient) => Promise<T>): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const [address] = await options.policy.checkHost(settings.host, settings.port);
  const where = `SFTP ${what} on ${settings.host}:${settings.port}`;
  let hostKeyRefused = false;
  // Its default global listeners print to the console; failures reach us through the promises.
  const client = new SftpClient("ipaas-edi", { error: () => undefined, end: () => undefined, close: () => undefined });
  let sock: Socket | undefined;
  try {
    sock = await openSocket(address ?? settings.host, settings.port, timeoutMs);
    const pinned = settings.hostKeyFingerprint?.trim();
    await client.connect({
      sock,
      host: settings.host,
      port: settings.port,
      username: settings.username,
      readyTimeout: timeoutMs,
      ...(secrets.password ? { password: secrets.password } : {}),
      ...(secrets.privateKey ? { privateKey: secrets.privateKey, ...(secrets.passphrase ? { passphrase: secrets.passphrase } : {}) } : {}),
      ...(pinned
        ? {
            hostVerifier: (key: Buffer) => {
              hostKeyRefused = !sameFingerprint(sshHostKeyFingerprint(key), pinned);
              return !hostKeyRefused;
            },
          }
        : {}),
    });
  } catch (err) {
    sock?.destroy();
    throw classify(err, where, hostKeyRefused);
  }
  try {
    return await work(client);
  } catch (err) {
    throw classify(err, where, false);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The file name alone: a partner-chosen or generated name must not climb out of the folder. */
function safeName(fileName: string): string {
  const name = posix.basename(fileName.replace(/\\/g, "/"));
  if (name === "" || name === "." || name === ".." || name.startsWith(".")) throw new SftpError("remote", `"${fileName}" is not a usable file name`);
  return name;
}

/**
 * Uploads one file to the partner's outboundPath: written under a hidden temporary
 * name, then renamed, so a poller on their side never reads half a file. An existing
 * file of the same name is not overwritten (SFTP rename fails): the error says so.
 */
export async function sftpPut(settings: SftpSettings, secrets: SftpSecrets, file: { fileName: string; bytes: Uint8Array }, options: SftpOptions): Promise<{ path: string }> {
  const name = safeName(file.fileName);
  const path = posix.join(settings.outboundPath || "/", name);
  const temp = posix.join(settings.outboundPath || "/", `.${name}.${randomBytes(6).toString("hex")}.part`);
  return withSftp(settings, secrets, options, `upload of ${name}`, async (client) => {
    await client.put(Buffer.from(file.bytes), temp);
    try {
      await client.rename(temp, path);
    } catch (err) {
      await client.delete(temp, true).catch(() => undefined);
      throw err;
    }
    return { path };
  });
}

export interface InboundFile {
  fileName: string;
  path: string;
  bytes: Buffer;
  modifiedAt: Date;
}

export interface PollResult {
  /** Files handled and then archived (or deleted). */
  processed: string[];
  /** Files whose handler threw: left where they were, retried on the next poll. */
  failed: Array<{ fileName: string; error: string }>;
}

/**
 * Polls the partner's inboundPath: each regular file (oldest first; hidden and `.part`
 * files are uploads in progress and skipped) is downloaded and handed to `handler`;
 * only after the handler resolved is it moved to `<inboundPath>/archive/` (or deleted
 * with `after: "delete"`). A handler that throws leaves the file in place: nothing is lost.
 */
export async function sftpPollInbound(
  settings: SftpSettings,
  secrets: SftpSecrets,
  handler: (file: InboundFile) => Promise<void>,
  options: SftpOptions & { after?: "archive" | "delete"; maxFiles?: number },
): Promise<PollResult> {
  const dir = settings.inboundPath || "/";
  const archive = posix.join(dir, "archive");
  return withSftp(settings, secrets, options, `poll of ${dir}`, async (client) => {
    const listing = await client.list(dir);
    const files = listing
      .filter((f) => f.type === "-" && !f.name.startsWith(".") && !f.name.endsWith(".part"))
      .sort((a, b) => a.modifyTime - b.modifyTime || a.name.localeCompare(b.name))
      .slice(0, options.maxFiles ?? 100);
    const result: PollResult = { processed: [], failed: [] };
    if (files.length > 0 && options.after !== "delete" && !(await client.exists(archive))) await client.mkdir(archive, true);
    for (const f of files) {
      const path = posix.join(dir, f.name);
      const bytes = (await client.get(path)) as Buffer;
      try {
        await handler({ fileName: f.name, path, bytes: Buffer.from(bytes), modifiedAt: new Date(f.modifyTime) });
      } catch (err) {
        result.failed.push({ fileName: f.name, error: err instanceof Error ? err.message : String(err) });
        continue;
      }
      if (options.after === "delete") await client.delete(path);
      else {
        const target = posix.join(archive, f.name);
        await client.rename(path, (await client.exists(target)) ? `${target}.${Date.now()}` : target);
      }
      result.processed.push(f.name);
    }
    return result;
  });
}
