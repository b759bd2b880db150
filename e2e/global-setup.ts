import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FullConfig } from "@playwright/test";
import { startStack } from "@ipaas/devstack";
import { ADMIN } from "./accounts";

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Starts the whole product (production builds) with fresh data; the returned function stops it. */
export default async function globalSetup(_config: FullConfig) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ipaas-e2e-"));
  fs.chmodSync(dataDir, 0o755); // embedded Postgres runs as its own user
  const logLines: string[] = [];
  const stack = await startStack({
    rootDir,
    dataDir,
    mode: "prod",
    ports: { designer: 0, runtime: 0, runtimeInternal: 0, postgres: 0, redis: 0, shopify: 0, netsuite: 0, partner: 0, partnerSftp: 0 },
    // The template e2e test installs its own flow; a second subscriber would double the load.
    templateDemo: false,
    autoInstall: true,
    // Connection health (connection-health.spec.ts): the monitor looks every second and re-tests a failing connection every 2 s.
    appEnv: { RUNTIME_HEALTH_TICK_MS: "1000", RUNTIME_HEALTH_RETEST_MS: "2000" },
    initialAdmin: ADMIN,
    log: (line) => {
      logLines.push(line);
      // Warnings (level 40) include every dead-lettered run the ops specs cause on purpose; stack.log keeps them.
      if (/error|fail/i.test(line) && !line.includes('"level":40')) console.log(line);
    },
  });
  // Workers are forked after global setup and inherit these.
  process.env.E2E_BASE_URL = stack.designerUrl;
  process.env.E2E_RUNTIME_URL = stack.runtimeUrl;
  process.env.E2E_RUNTIME_INTERNAL_URL = stack.runtimeInternalUrl;
  process.env.E2E_SHOPIFY_SIM_URL = stack.simulators.shopifyUrl;
  process.env.E2E_NETSUITE_SIM_URL = stack.simulators.netsuiteUrl;
  // The EDI partner simulator's control API: /control/state, /control/send-850, /control/config, /control/faults.
  process.env.E2E_PARTNER_SIM_URL = stack.simulators.partnerUrl;
  // simulators.json there holds the simulators' credentials: a spec may connect another environment to them.
  process.env.E2E_DATA_DIR = dataDir;
  // edi.spec.ts moves a compliance timer's due time (hours in the product) into the past.
  process.env.E2E_DATABASE_URL = stack.databaseUrl;
  return async () => {
    await stack.stop();
    // Kept next to the traces: what the servers printed is the first thing to read on a failure.
    const results = path.join(rootDir, "e2e", "test-results");
    fs.mkdirSync(results, { recursive: true });
    fs.writeFileSync(path.join(results, "stack.log"), logLines.join("\n"));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
