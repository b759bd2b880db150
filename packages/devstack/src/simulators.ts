import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { startNetSuiteSimulator, startShopifySimulator } from "@ipaas/connectors";
import { createConnection, KeyRing, listConnections, updateConnection, type Db } from "@ipaas/db";
import { startPartnerSim, type RunningPartnerSim } from "./partner-simulator";
import { portOrFree } from "./ports";

/** Credentials of the local simulators: random per data folder, stable across restarts. */
interface SimulatorCredentials {
  shopify: { accessToken: string; webhookSecret: string };
  netsuite: { consumerKey: string; consumerSecret: string; tokenId: string; tokenSecret: string };
}

export interface RunningSimulators {
  shopifyUrl: string;
  netsuiteUrl: string;
  /** The EDI trading-partner simulator (retailer and 3PL): control page at `<partnerUrl>/control`. */
  partnerUrl: string;
  /** The partner simulator's SFTP server (`sftp://host:port`), where the 3PL partner's files are. */
  partnerSftpUrl: string;
  /** Names of the sandbox connections pointing at them. */
  connections: { shopify: string; netsuite: string };
  /** Names of the sandbox trading partners pointing at the partner simulator. */
  partners: RunningPartnerSim["partners"];
  /** Tells the partner simulator where the runtime's AS2 endpoint is (the runtime starts after the simulators). */
  connectRuntime(runtimeUrl: string): void;
  /** Subscribes a URL to a Shopify webhook topic on the simulator (as installing an app would). */
  subscribe(topic: "orders/create", callbackUrl: string): Promise<void>;
  close(): Promise<void>;
}

export const SHOPIFY_SIM_CONNECTION = "Shopify (simulator)";
export const NETSUITE_SIM_CONNECTION = "NetSuite (simulator)";
const SHOP_DOMAIN = "acme-supply.myshopify.com";
const NETSUITE_ACCOUNT = "1234567_SB1";

function credentials(dataDir: string): SimulatorCredentials {
  const file = path.join(dataDir, "simulators.json");
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as SimulatorCredentials;
  const token = (prefix = "") => prefix + randomBytes(16).toString("hex");
  const created: SimulatorCredentials = {
    shopify: { accessToken: token("shpat_"), webhookSecret: token() },
    netsuite: { consumerKey: token(), consumerSecret: token(), tokenId: token(), tokenSecret: token() },
  };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(created, null, 2), { mode: 0o600 });
  return created;
}

/**
 * The Shopify, NetSuite and EDI trading-partner simulators for the demo (`npm start`) and the e2e suite,
 * plus a sandbox connection to each — created once, re-pointed at the simulators'
 * current URLs on every start. Production points the same connections at the real
 * APIs instead; nothing else changes.
 */
export async function startSimulators(options: {
  dataDir: string;
  db: Db;
  encryptionKey: string;
  ports: { shopify: number; netsuite: number; partner?: number; partnerSftp?: number };
  log: (line: string) => void;
}): Promise<RunningSimulators> {
  const creds = credentials(options.dataDir);
  const shopify = await startShopifySimulator({ port: await portOrFree(options.ports.shopify), host: "127.0.0.1", shopDomain: SHOP_DOMAIN, ...creds.shopify });
  const netsuite = await startNetSuiteSimulator({ port: await portOrFree(options.ports.netsuite), host: "127.0.0.1", accountId: NETSUITE_ACCOUNT, ...creds.netsuite }).catch(
    async (err: unknown) => {
      await shopify.close();
      throw err;
    },
  );
  const partner = await startPartnerSim({ ...options, port: options.ports.partner ?? 0, sftpPort: options.ports.partnerSftp ?? 0 }).catch(async (err: unknown) => {
    await Promise.allSettled([shopify.close(), netsuite.close()]);
    throw err;
  });
  const keyRing = new KeyRing(options.encryptionKey);
  await ensureConnection(options.db, keyRing, {
    name: SHOPIFY_SIM_CONNECTION,
    connectorId: "shopify",
    config: { shopDomain: SHOP_DOMAIN, apiVersion: "2025-01", baseUrl: shopify.url },
    secrets: creds.shopify,
  });
  await ensureConnection(options.db, keyRing, {
    name: NETSUITE_SIM_CONNECTION,
    connectorId: "netsuite",
    config: { accountId: NETSUITE_ACCOUNT, baseUrl: netsuite.url },
    secrets: creds.netsuite,
  });
  options.log(`Simulators: Shopify ${shopify.url} (control ${shopify.url}/__sim), NetSuite ${netsuite.url} (control ${netsuite.url}/__sim, records ${netsuite.url}/__sim/records/salesOrder), EDI partner ${partner.url} (control ${partner.url}/control, SFTP ${partner.sftpUrl})`);
  return {
    shopifyUrl: shopify.url,
    netsuiteUrl: netsuite.url,
    partnerUrl: partner.url,
    partnerSftpUrl: partner.sftpUrl,
    connections: { shopify: SHOPIFY_SIM_CONNECTION, netsuite: NETSUITE_SIM_CONNECTION },
    partners: partner.partners,
    connectRuntime: partner.connectRuntime,
    subscribe: async (topic, callbackUrl) => {
      shopify.control.subscribe(topic, callbackUrl);
    },
    close: async () => {
      await Promise.allSettled([shopify.close(), netsuite.close(), partner.close()]);
    },
  };
}

async function ensureConnection(
  db: Db,
  keyRing: KeyRing,
  params: { name: string; connectorId: string; config: Record<string, unknown>; secrets: Record<string, string> },
): Promise<void> {
  const [existing] = (await listConnections(db, { environment: "sandbox", connectorId: params.connectorId })).filter((c) => c.name === params.name);
  const actor = { id: null, email: "system (npm start)" };
  if (!existing) {
    await createConnection(db, { ...params, environment: "sandbox", keyRing, actor });
  } else if (JSON.stringify(existing.config) !== JSON.stringify(params.config)) {
    // The simulator may have moved to another port; only the address changes.
    await updateConnection(db, { id: existing.id, config: params.config, keyRing, actor });
  }
}
