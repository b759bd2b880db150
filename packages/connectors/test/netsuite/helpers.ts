import { StepError } from "@ipaas/flow";
import { startNetSuiteSimulator, type NetSuiteSimulatorControl, type NetSuiteSimulatorOptions } from "../../src/netsuite/simulator";
import type { SimCredentials } from "../../src/netsuite/simulator/oauth-verify";
import type { ContractOptions, ContractTarget, TestConnection } from "../../src/testing";

export const connectionTo = (creds: SimCredentials, baseUrl?: string): TestConnection => ({
  id: "conn-netsuite-test",
  name: "NetSuite test account",
  config: { accountId: creds.accountId, ...(baseUrl ? { baseUrl } : {}) },
  secrets: { consumerKey: creds.consumerKey, consumerSecret: creds.consumerSecret, tokenId: creds.tokenId, tokenSecret: creds.tokenSecret },
});

export function simulatorTarget(options: NetSuiteSimulatorOptions = {}): ContractOptions["simulator"] {
  return async () => {
    const sim = await startNetSuiteSimulator(options);
    return { connection: connectionTo(sim.credentials, sim.url), control: sim.control, close: sim.close };
  };
}

export const realTarget: ContractOptions["real"] = {
  envPrefix: "NETSUITE_CONTRACT_",
  required: ["ACCOUNT_ID", "CONSUMER_KEY", "CONSUMER_SECRET", "TOKEN_ID", "TOKEN_SECRET"],
  connection: (env) =>
    connectionTo({
      accountId: env.ACCOUNT_ID ?? "",
      consumerKey: env.CONSUMER_KEY ?? "",
      consumerSecret: env.CONSUMER_SECRET ?? "",
      tokenId: env.TOKEN_ID ?? "",
      tokenSecret: env.TOKEN_SECRET ?? "",
    }),
};

export const control = (target: ContractTarget) => target.simulator as NetSuiteSimulatorControl;

export { stepError } from "../step-error";

/** What the engine does with a retryable error: wait (at least Retry-After, doubling) and try again. */
export async function withBackoff<T>(run: () => Promise<T>, attempts = 6, baseMs = 50): Promise<{ value: T; retries: number }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return { value: await run(), retries: attempt };
    } catch (err) {
      if (!(err instanceof StepError) || err.errorClass !== "retryable" || attempt + 1 >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.max(err.retryAfterMs ?? 0, baseMs * 2 ** attempt)));
    }
  }
}

export const uniqueId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
