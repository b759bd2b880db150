import { ConnectorRegistry, createOutboundPolicy, defineConnector, type OpenedConnection } from "@ipaas/connectors";
import { DeferStep, StepError, type ActionCall } from "@ipaas/flow";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createActionRunner, type ActionGuard } from "../src";

// The runner's own contract; the apps' tests (apps/runtime/test/execution.test.ts,
// apps/designer/test/flow-test-run-execution.test.ts) run it on real Postgres through both hosts.

let lastResult: unknown;
const echoer = defineConnector({
  id: "echoer",
  name: "Echoer",
  version: "1",
  auth: z.object({ token: z.string().optional() }),
  secretFields: ["token"],
  actions: {
    say: {
      name: "Say",
      description: "answers with the connection's token",
      sideEffect: true,
      input: z.object({ fail: z.boolean() }),
      output: z.unknown(),
      async run(ctx, input) {
        if (input.fail) throw new StepError(`refused ${ctx.connection.secrets.token}`, "retryable", "TARGET", { body: { echoed: ctx.connection.secrets.token } });
        lastResult = { echoed: ctx.connection.secrets.token ?? null, key: ctx.idempotencyKey };
        return lastResult;
      },
    },
  },
});
const registry = new ConnectorRegistry().register(echoer);

function runner(secrets: Record<string, string>, guard?: ActionGuard) {
  const connection: OpenedConnection = { id: "c1", name: "echo", connectorId: "echoer", environment: "sandbox", config: {}, secrets };
  const resolved: Array<[unknown, string]> = [];
  const run = createActionRunner({
    registry,
    connections: { outbound: createOutboundPolicy(), resolve: async (ref, environment) => (resolved.push([ref, environment]), connection) },
    environment: async () => "staging",
    guard,
  });
  return { run, resolved };
}
const call = (input: unknown, ref: Partial<ActionCall> = { connectionId: "c1" }): ActionCall => ({ connectorId: "echoer", operation: "say", input, idempotencyKey: "idem-1", correlationId: "corr-1", attempt: 1, ...ref });

describe("createActionRunner", () => {
  it("scrubs the connection's secrets from a result and from an error's message and details", async () => {
    const { run } = runner({ token: "tok-secret-1" });
    expect(await run(call({ fail: false }))).toEqual({ echoed: "[secret]", key: "idem-1" });
    const err = await run(call({ fail: true })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StepError);
    expect((err as StepError).toJSON()).toEqual({ message: "refused [secret]", class: "retryable", code: "TARGET", details: { body: { echoed: "[secret]" } } });
  });

  it("passes a result of a connection without secrets on untouched (no walk on the hot path)", async () => {
    const { run } = runner({});
    const result = await run(call({ fail: false }));
    expect(result).toBe(lastResult);
    expect(result).toEqual({ echoed: null, key: "idem-1" });
  });

  it("asks for the environment only for a connection referenced by name", async () => {
    const { run, resolved } = runner({});
    await run(call({ fail: false }));
    await run(call({ fail: false }, { connectionName: "echo" }));
    expect(resolved).toEqual([
      [expect.objectContaining({ connectionId: "c1" }), ""],
      [expect.objectContaining({ connectionName: "echo" }), "staging"],
    ]);
  });

  it("runs the call inside the host's guard, which may defer it without a call", async () => {
    const seen: string[] = [];
    const { run } = runner({ token: "tok-secret-2" }, async (connection, connector, inner) => {
      seen.push(`${connection.name}/${connector.id}`);
      if (seen.length > 1) throw new DeferStep("circuit open", 500);
      return inner();
    });
    expect(await run(call({ fail: false }))).toEqual({ echoed: "[secret]", key: "idem-1" });
    await expect(run(call({ fail: false }))).rejects.toBeInstanceOf(DeferStep);
    expect(seen).toEqual(["echo/echoer", "echo/echoer"]);
  });

  it("refuses an unknown operation and an invalid input before resolving a connection", async () => {
    const { run, resolved } = runner({});
    await expect(run({ ...call({}), operation: "shout" })).rejects.toMatchObject({ code: "UNKNOWN_OPERATION" });
    await expect(run(call({ fail: "yes" }))).rejects.toMatchObject({ code: "INVALID_INPUT", details: { path: "fail", issues: [{ path: "fail", message: expect.any(String) }] } });
    expect(resolved).toEqual([]);
  });
});
