import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import type { AckMode } from "./acks";
import { generateAs2Identity } from "../../edi/as2/identity";
import { startSftpServer } from "../../edi/testing/sftp-server";
import { answerAs2, as2Transport, type As2Keys, type SimAs2Identity } from "./as2";
import { configPatchSchema, createControl, faultSchema, send850Schema, type PartnerIdentity, type PartnerSimulatorControl } from "./control";
import { controlPage } from "./control-page";
import { PartnerFaults } from "./faults";
import { ControlCounters, DEFAULT_ENVELOPE, OUR_PARTY, RETAILER_PARTY, THREEPL_PARTY, type EnvelopeSettings, type X12Party } from "./parties";
import { createPartner, type PartnerConfig } from "./partner";
import { PartnerStore, type TransportKind } from "./store";
import { SftpFolders, type OutboundTransport } from "./transport";

export type { PartnerSimulatorControl, PartnerState, PartnerIdentity } from "./control";
export type { PartnerDocument, AckRecord } from "./store";
export type { PartnerConfig } from "./partner";
export type { PartnerFault } from "./faults";
export { ACK_MODES, type AckMode } from "./acks";
export { INJECTED_ERRORS, type InjectedError } from "./documents";
export { RETAILER_PARTY, THREEPL_PARTY, OUR_PARTY, type X12Party } from "./parties";

export interface PartnerSimulatorOptions {
  port?: number;
  host?: string;
  /** Our runtime's AS2 endpoint; settable later with control.configure({ targetUrl }). */
  targetUrl?: string | null;
  retailer?: X12Party & { as2Name?: string };
  threePl?: X12Party & { as2Name?: string };
  us?: X12Party & { as2Name?: string };
  envelope?: Partial<EnvelopeSettings>;
  ackMode?: AckMode;
  lateSeconds?: number;
  shipDelaySeconds?: number;
  /** Its AS2 certificate and key; generated when absent (the devstack persists one in its data folder). */
  as2Identity?: SimAs2Identity;
  /**
   * Our runtime's AS2 certificate: with it the simulator encrypts to us, and insists on signed and
   * encrypted messages from us; without it, it signs only and takes plain messages.
   */
  partnerCertificate?: string;
  /** How the simulator sends by default (default as2). */
  transport?: TransportKind;
  /** The SFTP side: its folder root (outbound/, inbound/, archive/) served over SFTP; none: no SFTP. */
  sftp?: { root: string; port?: number; username?: string; password?: string; pollMs?: number };
  /** Persists the simulator's outbound control numbers across restarts (the devstack's data folder). */
  controlNumbersFile?: string;
}

export interface RunningPartnerSimulator {
  url: string;
  /** The simulator's own AS2 endpoint (where our runtime sends 855/856/810/846/940/997). */
  as2Url: string;
  control: PartnerSimulatorControl;
  identity: PartnerIdentity;
  /** Where our runtime reaches its SFTP server (password auth; pin hostKeyFingerprint). */
  sftp: { host: string; port: number; username: string; password: string; hostKeyFingerprint: string; root: string } | null;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the EDI trading-partner simulator (docs/architecture.md "Simulators"): a retailer
 * that sends 850s and answers 855/856/810/846 with 997s, and a 3PL that answers 940s with
 * 945s, over AS2 (POST /as2) and an SFTP folder, with a control API under /control.
 */
export async function startPartnerSimulator(options: PartnerSimulatorOptions = {}): Promise<RunningPartnerSimulator> {
  const retailer = { ...RETAILER_PARTY, as2Name: RETAILER_PARTY.isaId, ...options.retailer };
  const threePl = { ...THREEPL_PARTY, as2Name: THREEPL_PARTY.isaId, ...options.threePl };
  const us = { ...OUR_PARTY, as2Name: OUR_PARTY.isaId, ...options.us };
  const settings: EnvelopeSettings = { ...DEFAULT_ENVELOPE, ...options.envelope };
  const keys: As2Keys = { own: options.as2Identity ?? (await generateAs2Identity({ commonName: "EDI partner simulator" })), partnerCertificate: options.partnerCertificate ?? null };
  const identity: PartnerIdentity = { retailer, "3pl": threePl, us, version: settings.version, delimiters: settings.delimiters, as2Certificate: keys.own.certificate };
  const config: PartnerConfig = {
    ackMode: options.ackMode ?? "accept",
    lateSeconds: options.lateSeconds ?? 30,
    shipDelaySeconds: options.shipDelaySeconds ?? 2,
    targetUrl: options.targetUrl ?? null,
    transport: options.transport ?? "as2",
  };
  const store = new PartnerStore();
  const faults = new PartnerFaults();
  const numbers = new ControlCounters(options.controlNumbersFile);
  const sftp = options.sftp ? new SftpFolders(options.sftp.root) : null;
  const sftpUser = { username: options.sftp?.username ?? "ipaas", password: options.sftp?.password ?? "partner-sim-sftp" };
  const sftpServer = options.sftp ? await startSftpServer({ root: options.sftp.root, users: [sftpUser], host: options.host ?? "127.0.0.1", port: options.sftp.port ?? 0 }) : null;
  const transports: Partial<Record<TransportKind, OutboundTransport>> = { as2: as2Transport(() => config.targetUrl, keys) };
  if (sftp) transports.sftp = sftp.transport();
  const partner = createPartner({
    parties: { retailer, "3pl": threePl }, us, envelope: settings, numbers, store, config,
    as2Names: { retailer: retailer.as2Name, "3pl": threePl.as2Name }, ourAs2Name: us.as2Name, transports,
  });
  const control = createControl({ partner, store, config, faults, numbers, identity, sftp });
  sftp?.start(options.sftp?.pollMs ?? 1000, partner.receive);

  async function as2(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const fault = faults.take();
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.drop) return void req.socket.destroy();
    const body = await readBody(req);
    if (fault?.status) return sendText(res, fault.status, { "content-type": "text/plain" }, "simulated AS2 endpoint failure");
    const answer = await answerAs2({
      headers: req.headers, body, keys, fault, us: us.as2Name, names: [retailer.as2Name, threePl.as2Name],
      deliver: (text) => partner.receive(text, { transport: "as2" }),
    });
    res.writeHead(answer.status, { ...answer.headers, "content-length": Buffer.byteLength(answer.body) });
    res.end(answer.body);
  }

  async function controlRoute(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const route = `${req.method ?? "GET"} ${url.pathname}`;
    const body = req.method === "POST" ? parseJson(await readBody(req)) : undefined;
    const input = <T extends z.ZodType>(schema: T): z.infer<T> => schema.parse(body ?? {});
    switch (route) {
      case "GET /control":
        return sendText(res, 200, { "content-type": "text/html; charset=utf-8" }, controlPage(identity));
      case "GET /control/state":
        return sendJson(res, 200, control.state());
      case "POST /control/send-850":
        return sendJson(res, 200, { document: await control.send850(input(send850Schema)) });
      case "POST /control/config":
        return sendJson(res, 200, { config: control.configure(input(configPatchSchema)) });
      case "GET /control/faults":
        return sendJson(res, 200, { faults: control.faults() });
      case "POST /control/faults":
        control.addFault(input(faultSchema));
        return sendJson(res, 200, { faults: control.faults() });
      case "DELETE /control/faults":
        control.clearFaults();
        return sendJson(res, 200, { faults: [] });
      case "POST /control/poll-sftp":
        return sendJson(res, 200, { files: await control.pollSftp() });
      case "POST /control/reset":
        await control.reset();
        return sendJson(res, 200, { ok: true });
    }
    const raw = /^GET \/control\/documents\/(\d+)\/raw$/.exec(route);
    const doc = raw?.[1] ? store.get(Number(raw[1])) : undefined;
    if (doc) return sendText(res, 200, { "content-type": "text/plain; charset=utf-8" }, doc.raw);
    sendJson(res, 404, { error: `no simulator route ${route}` });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://sim");
    const handler = url.pathname === "/as2" && req.method === "POST" ? as2(req, res) : controlRoute(req, res, url);
    void handler.catch((err: unknown) => {
      if (res.headersSent) return;
      if (err instanceof z.ZodError) sendJson(res, 400, { error: "invalid request", issues: err.issues });
      else sendJson(res, 500, { error: err instanceof Error ? err.message : String(err) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  }).catch(async (err: unknown) => {
    // A busy port: what already started stops again.
    await partner.stop();
    await sftp?.stop();
    await sftpServer?.close();
    throw err;
  });
  const url = `http://${options.host ?? "127.0.0.1"}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    as2Url: `${url}/as2`,
    control,
    identity,
    sftp: sftp && sftpServer ? { host: sftpServer.host, port: sftpServer.port, ...sftpUser, hostKeyFingerprint: sftpServer.hostKeyFingerprint, root: sftp.root } : null,
    close: async () => {
      await partner.stop();
      await sftp?.stop();
      await sftpServer?.close();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString("utf8")) as unknown;
  } catch {
    throw new z.ZodError([{ code: "custom", path: [], message: "the body is not JSON", input: body.toString("utf8").slice(0, 100) }]);
  }
}

function sendText(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

const sendJson = (res: ServerResponse, status: number, body: unknown) => sendText(res, status, { "content-type": "application/json; charset=utf-8" }, JSON.stringify(body));
