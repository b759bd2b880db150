import fs from "node:fs";
import path from "node:path";
import { generateAs2Identity, OUR_PARTY, startPartnerSimulator, type RunningPartnerSimulator, type X12Party } from "@ipaas/connectors";
import { createTradingPartner, KeyRing, listTradingPartners, partnerFieldsSchema, updateTradingPartner, type Db, type PartnerFields } from "@ipaas/db";
import { portOrFree } from "./ports";

export const RETAILER_SIM_PARTNER = "Retailer (simulator)";
export const THREEPL_SIM_PARTNER = "3PL (simulator)";
/** Where our runtime receives AS2 (docs/architecture.md "EDI transports"); the simulator sends there. */
export const RUNTIME_AS2_PATH = "/as2";

export interface RunningPartnerSim {
  url: string;
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
/** The simulator's AS2 identity and ours (the runtime's, for these partners). */
interface As2Identities {
  simulator: KeyPair;
  ours: KeyPair;
}

/** Generated once per data folder (like simulators.json), so certificates stay stable across restarts. */
async function as2Identities(folder: string): Promise<As2Identities> {
  const file = path.join(folder, "as2-identities.json");
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as As2Identities;
  const pair = async (commonName: string): Promise<KeyPair> => {
    const { certificate, privateKey } = await generateAs2Identity({ commonName, organization: "ipaas devstack" });
    return { certificate, privateKey };
  };
  const created = { simulator: await pair("EDI partner simulator"), ours: await pair("ipaas (sandbox)") };
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(created, null, 2), { mode: 0o600 });
  return created;
}

/** A sandbox partner's settings: us and them as the simulator knows both, signed and encrypted AS2 to its endpoint. */
function partnerFields(us: X12Party, them: X12Party & { as2Name: string }, sim: RunningPartnerSimulator, ours: KeyPair, transactionSets: PartnerSets, acknowledgements: Partial<PartnerFields["acknowledgements"]>): PartnerFields {
  return partnerFieldsSchema.parse({
    ourIsaQualifier: us.qualifier, ourIsaId: us.isaId, ourGsId: us.gsId,
    theirIsaQualifier: them.qualifier, theirIsaId: them.isaId, theirGsId: them.gsId,
    version: sim.identity.version,
    usageIndicator: "T",
    delimiters: { ...sim.identity.delimiters, repetition: sim.identity.delimiters.repetition ?? "^" },
    transactionSets,
    transport: {
      kind: "as2",
      settings: { url: sim.as2Url, as2From: sim.identity.us.as2Name, as2To: them.as2Name, partnerCertificate: sim.identity.as2Certificate, ourCertificate: ours.certificate, sign: true, encrypt: true, mdn: "sync" },
    },
    acknowledgements,
  });
}

/**
 * The EDI trading-partner simulator for `npm start` and the e2e suite, plus a sandbox
 * trading partner per role (retailer: 850 in; 855, 856, 810, 846 out; 3PL: 940 out,
 * 945 in; 997 both ways) — created once, their AS2 settings re-pointed at the
 * simulator on every start. Its control numbers persist in the data folder, because
 * the runtime would take a reused interchange number for a duplicate.
 */
export async function startPartnerSim(options: { dataDir: string; db: Db; encryptionKey: string; port: number; log: (line: string) => void }): Promise<RunningPartnerSim> {
  const folder = path.join(options.dataDir, "partner-simulator");
  const identities = await as2Identities(folder);
  const sim = await startPartnerSimulator({
    as2Identity: identities.simulator,
    partnerCertificate: identities.ours.certificate,
    port: await portOrFree(options.port),
    host: "127.0.0.1",
    sftpRoot: path.join(folder, "sftp"),
    controlNumbersFile: path.join(folder, "control-numbers.json"),
  });
  try {
    const keyRing = new KeyRing(options.encryptionKey);
    const us = { ...OUR_PARTY, ...sim.identity.us };
    const ensure = (name: string, fields: PartnerFields) => ensurePartner(options.db, keyRing, name, fields, identities.ours.privateKey);
    await ensure(RETAILER_SIM_PARTNER, partnerFields(us, sim.identity.retailer, sim, identities.ours, sets(["850", "997"], ["855", "856", "810", "846", "997"]), {
      send997: true, expect997WithinHours: 1, poAckWithinHours: 24, asnDue: "at-shipment", invoiceAfterShipment: true,
    }));
    await ensure(THREEPL_SIM_PARTNER, partnerFields(us, sim.identity["3pl"], sim, identities.ours, sets(["945", "997"], ["940", "997"]), { send997: true, expect997WithinHours: 1 }));
  } catch (err) {
    await sim.close();
    throw err;
  }
  return {
    url: sim.url,
    partners: { retailer: RETAILER_SIM_PARTNER, threePl: THREEPL_SIM_PARTNER },
    connectRuntime: (runtimeUrl) => void sim.control.configure({ targetUrl: new URL(RUNTIME_AS2_PATH, runtimeUrl).toString() }),
    close: () => sim.close(),
  };
}

/**
 * Creates the partner (our private key sealed as its `privateKey`), or re-points its AS2
 * transport at the simulator (address and certificates); other edits a user made are kept.
 */
async function ensurePartner(db: Db, keyRing: KeyRing, name: string, fields: PartnerFields, privateKey: string): Promise<void> {
  const [existing] = (await listTradingPartners(db, { environment: "sandbox" })).filter((p) => p.name === name);
  const actor = { id: null, email: "system (npm start)" };
  if (!existing) {
    await createTradingPartner(db, { name, environment: "sandbox", fields, secrets: { privateKey }, keyRing, actor });
    return;
  }
  const wanted = fields.transport?.kind === "as2" ? fields.transport.settings : null;
  if (existing.transport?.kind !== "as2" || !wanted) return;
  const { url, partnerCertificate, ourCertificate } = wanted;
  const settings = { ...existing.transport.settings, url, partnerCertificate, ourCertificate };
  if (JSON.stringify(settings) === JSON.stringify(existing.transport.settings)) return;
  const rekeyed = existing.transport.settings.ourCertificate !== ourCertificate;
  await updateTradingPartner(db, { id: existing.id, fields: { transport: { kind: "as2", settings } }, ...(rekeyed ? { secrets: { privateKey } } : {}), keyRing, actor });
}
