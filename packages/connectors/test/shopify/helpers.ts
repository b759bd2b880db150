import { startShopifySimulator, type ShopifySimulatorOptions } from "../../src/shopify/simulator";
import type { ContractOptions, TestConnection } from "../../src/testing";

export const connectionTo = (url: string | undefined, shopDomain: string, accessToken: string, webhookSecret = ""): TestConnection => ({
  id: "conn-shopify-test",
  name: "Shopify test store",
  config: { shopDomain, apiVersion: "2025-01", ...(url ? { baseUrl: url } : {}) },
  secrets: { accessToken, webhookSecret },
});

/** The simulator as a contract target: fast webhook retries so redelivery tests take milliseconds. */
export function simulatorTarget(options: ShopifySimulatorOptions = {}): ContractOptions["simulator"] {
  return async () => {
    const sim = await startShopifySimulator({ webhookRetry: { maxAttempts: 4, baseDelayMs: 20, timeoutMs: 2000 }, ...options });
    return { connection: connectionTo(sim.url, sim.control.shopDomain, sim.control.accessToken, sim.control.webhookSecret), control: sim.control, close: sim.close };
  };
}

export const realTarget: ContractOptions["real"] = {
  envPrefix: "SHOPIFY_CONTRACT_",
  required: ["SHOP", "ACCESS_TOKEN"],
  connection: (env) => connectionTo(undefined, env.SHOP ?? "", env.ACCESS_TOKEN ?? "", env.WEBHOOK_SECRET ?? ""),
};

export { stepError } from "../step-error";
