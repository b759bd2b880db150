import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { generateAs2Identity, startPartnerSimulator, type RunningPartnerSimulator, type X12Party } from "@ipaas/connectors";
import { createTradingPartner, KeyRing, listTradingPartners, partnerFieldsSchema, updateTradingPartner, type Db, type PartnerFields } from "@ipaas/db";
import { portOrFree } from "./ports";

export const RETAILER_SIM_PARTNER = "Retailer (simulator)";
export const THREEPL_SIM_PARTNER = "3PL (simulator)";
/** Where our runtime receives AS2 (docs/architecture.md "EDI transports"); the simulator sends there. */
export const RUNTIME_AS2_PATH = "/as2";

export interface RunningPartnerSim {
  url: string;
  /** Its SFTP server (`sftp://host:port`), for the outbound allow-list. */
  sftpUrl: string;
  /** Names of the sandbox trading partners pointing at it. */
  partners: { retailer: string; threePl: string };
  /** Points the simulator at the runtime once its URL is known (it starts after the simulators). */
  connectRuntime(runtimeUrl: string): void;
  close(): Promise<void>;
}

type PartnerSets = PartnerFields["transactionSets"];
const sets = (inbound: string[], outbound: string[]): PartnerSets => [
  ...inbound.map((set) => ({ set, direction: "inbound" as const })),
  ...outbound.map((set) => ({ set, direction: "outbound" as const })),
];

interface KeyPair {
  certificate: string;
  privateKey: string;
}
/** The simulator's AS2 identity, ours (the runtime's, for these partners) and the SFTP password. */
interface SimCredentials {
  simulator: KeyPair;
  ours: KeyPair;
  sftpPassword: string;
}

/** Generated once per data folder (like simulators.json), so certificates stay stable across restarts. */
async function credentials(folder: string): Promise<SimCredentials> {
  const file = path.join(folder, "credentials.json");
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as SimCredentials;
  const pair = async (commonName: string): Promise<KeyPair> => {
    const { certificate, privateKey } = await generateAs2Identity({ commonName, organization: "ipaas devstack" });
    return { certificate, privateKey };
  };
  const created = { simulator: await pair("EDI partner simulator"), ours: await pair("ipaas (sandbox)"), sftpPassword: randomBytes(16).toString("hex") };
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(created, null, 2), { mode: 0o600 });
  return created;
}

type Transport = NonNullable<PartnerFields["transport"]>;

/** A sandbox partner's settings: us and them as the simulator knows both. */
function partnerFields(sim: RunningPartnerSimulator, them: X12Party, transport: Transport, transactionSets: PartnerSets, acknowledgements: Partial<PartnerFields["acknowledgements"]>): PartnerFields {
  const us = sim.identity.us;
  return partnerFieldsSchema.parse({
    ourIsaQualifier: us.qualifier, ourIsaId: us.isaId, ourGsId: us.gsId,
    theirIsaQualifier: them.qualifier, theirIsaId: them.isaId, theirGsId: them.gsId,
    version: sim.identity.version,
    usageIndicator: "T",
    delimiters: { ...sim.identity.delimiters, repetition: sim.identity.delimiters.repetition ?? "^" },
    transactionSets,
    transport,
    acknowledgements,
  });
}

/**
 * The EDI trading-partner simulator for `npm start` and the e2e suite, plus a sandbox
 * trading partner per role — the retailer over signed and encrypted AS2 (850 in; 855, 856,
 * 810, 846 out), the 3PL over SFTP (940 out, 945 in); 997 both ways — created once, their
 * transports re-pointed at the simulator on every start. Its control numbers persist in the
 * data folder, because the runtime would take a reused interchange number for a duplicate.
 */
export async function startPartnerSim(options: { dataDir: string; db: Db; encryptionKey: string; port: number; sftpPort: number; log: (line: string) => void }): Promise<RunningPartnerSim> {
  const folder = path.join(options.dataDir, "partner-simulator");
  const creds = await credentials(folder);
  const sftpRoot = path.join(folder, "sftp");
  const sim = await startPartnerSimulator({
    as2Identity: creds.simulator,
    partnerCertificate: creds.ours.certificate,
    port: await portOrFree(options.port),
    host: "127.0.0.1",
    sftp: { root: sftpRoot, port: await portOrFree(options.sftpPort), password: creds.sftpPassword },
    controlNumbersFile: path.join(folder, "control-numbers.json"),
  });
  const sftp = sim.sftp;
  try {
    if (!sftp) throw new Error("the partner simulator started without its SFTP server");
    const keyRing = new KeyRing(options.encryptionKey);
    const as2: Transport = {
      kind: "as2",
      settings: { url: sim.as2Url, as2From: sim.identity.us.as2Name, as2To: sim.identity.retailer.as2Name, partnerCertificate: sim.identity.as2Certificate, ourCertificate: creds.ours.certificate, sign: true, encrypt: true, mdn: "sync" },
    };
    const overSftp: Transport = {
      kind: "sftp",
      settings: { host: sftp.host, port: sftp.port, username: sftp.username, inboundPath: "/outbound", outboundPath: "/inbound", pollIntervalSeconds: 10, hostKeyFingerprint: sftp.hostKeyFingerprint },
    };
    await ensurePartner(options.db, keyRing, RETAILER_SIM_PARTNER, partnerFields(sim, sim.identity.retailer, as2, sets(["850", "997"], ["855", "856", "810", "846", "997"]), {
      send997: true, expect997WithinHours: 1, poAckWithinHours: 24, asnDue: "at-shipment", invoiceAfterShipment: true,
    }), { privateKey: creds.ours.privateKey });
    await ensurePartner(options.db, keyRing, THREEPL_SIM_PARTNER, partnerFields(sim, sim.identity["3pl"], overSftp, sets(["945", "997"], ["940", "997"]), { send997: true, expect997WithinHours: 1 }), {
      password: creds.sftpPassword,
    });
  } catch (err) {
    await sim.close();
    throw err;
  }
  return {
    url: sim.url,
    sftpUrl: `sftp://${sftp.host}:${sftp.port}`,
    partners: { retailer: RETAILER_SIM_PARTNER, threePl: THREEPL_SIM_PARTNER },
    connectRuntime: (runtimeUrl) => void sim.control.configure({ targetUrl: new URL(RUNTIME_AS2_PATH, runtimeUrl).toString() }),
    close: () => sim.close(),
  };
}

/**
 * Creates the partner with its credentials sealed, or re-points its transport at the simulator
 * (address, certificates, host key; credentials again when they changed), when the stored one is
 * still of the same kind; other edits a user made are kept.
 */
async function ensurePartner(db: Db, keyRing: KeyRing, name: string, fields: PartnerFields, secrets: { privateKey?: string; password?: string }): Promise<void> {
  const [existing] = (await listTradingPartners(db, { environment: "sandbox" })).filter((p) => p.name === name);
  const actor = { id: null, email: "system (npm start)" };
  if (!existing) {
    await createTradingPartner(db, { name, environment: "sandbox", fields, secrets, keyRing, actor });
    return;
  }
  const wanted = fields.transport;
  const stored = existing.transport;
  if (!wanted || !stored || stored.kind !== wanted.kind) return;
  const transport = { kind: wanted.kind, settings: { ...stored.settings, ...wanted.settings } } as Transport;
  if (JSON.stringify(transport) === JSON.stringify(stored)) return;
  const rekeyed = stored.kind === "as2" && wanted.kind === "as2" && stored.settings.ourCertificate !== wanted.settings.ourCertificate;
  await updateTradingPartner(db, { id: existing.id, fields: { transport }, ...(rekeyed || stored.kind === "sftp" ? { secrets } : {}), keyRing, actor });
}
