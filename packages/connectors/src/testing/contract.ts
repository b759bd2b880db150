import { loadContractEnv } from "@ipaas/env";
import { afterAll, beforeAll, describe } from "vitest";
import { createHttpClient } from "../http-client";
import { createOutboundPolicy } from "../net/policy";
import type { ActionContext, ConnectorDefinition } from "../sdk";

export type TestConnection = ActionContext["connection"];

/** Where a contract suite runs: the connector's simulator, or a real account. */
export interface ContractTarget {
  kind: "simulator" | "real";
  connection: TestConnection;
  /** Simulator only: its control API (fault injection, inspection, webhooks). */
  simulator?: unknown;
}

export interface ContractOptions {
  connector: ConnectorDefinition;
  /** Starts the simulator and returns a connection to it. */
  simulator: () => Promise<{ connection: TestConnection; control: unknown; close(): Promise<void> }>;
  /**
   * The real account: environment variables with this prefix (e.g. "SHOPIFY_CONTRACT_")
   * and how to turn them into a connection. Without them the real suite is skipped
   * with a printed reason — the only skip the test suite allows.
   */
  real: { envPrefix: string; required: string[]; connection(env: Record<string, string>): TestConnection };
  /** The tests; `target()` is valid inside `it` bodies. Tests that need simulator control check `target().kind`. */
  tests: (target: () => ContractTarget) => void;
}

/**
 * The same contract tests against the simulator and, when credentials are given,
 * against a real account: what passes against the simulator is what the real API
 * does, as far as the connector relies on it.
 */
export function describeContract(name: string, options: ContractOptions): void {
  describe(`${name} (simulator)`, () => {
    let current: ContractTarget | undefined;
    let close: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      const sim = await options.simulator();
      close = sim.close;
      current = { kind: "simulator", connection: sim.connection, simulator: sim.control };
    });
    afterAll(async () => close?.());
    options.tests(() => {
      if (!current) throw new Error("the simulator did not start");
      return current;
    });
  });

  const env = loadContractEnv(options.real.envPrefix);
  const missing = options.real.required.filter((key) => !env[key]);
  if (missing.length > 0) {
    // No real account configured: the real-account suite is not registered at all
    // (rather than registered as skipped); the simulator suite above still runs.
    console.log(`${name}: real-account contract tests not run — set ${missing.map((k) => options.real.envPrefix + k).join(", ")} to run them`);
    return;
  }
  describe(`${name} (real account)`, () => {
    const target: ContractTarget = { kind: "real", connection: options.real.connection(env) };
    options.tests(() => target);
  });
}

/**
 * The outbound policy of connector tests: the simulators listen on 127.0.0.1 (on
 * free ports, so the entry names the address, not a port); everything else follows
 * the default rules, as in production.
 */
export const simulatorPolicy = createOutboundPolicy({ allow: "127.0.0.1" });

/** An ActionContext for calling a connector directly in tests, with the production HTTP client and the simulators' policy. */
export function testContext(connection: TestConnection, overrides: Partial<ActionContext> = {}): ActionContext {
  const correlationId = `test-${Math.random().toString(36).slice(2)}`;
  return {
    connection,
    http: createHttpClient({ policy: simulatorPolicy, correlationId, idempotencyKey: overrides.idempotencyKey }),
    idempotencyKey: correlationId,
    correlationId,
    ...overrides,
  };
}
