import { randomBytes } from "node:crypto";
import { registry } from "@ipaas/connectors";
import { startOAuthServer, type OAuthServer } from "@ipaas/connectors/testing";
import { createConnection, createFlow, KeyRing, type SecretEnvelope } from "@ipaas/db";
import { selectRows, updateRows } from "@ipaas/db/testing";
import { ConnectionResolver, createActionRunner } from "@ipaas/execution";
import { demoHttpFlowDefinition, parseFlowDefinition, StepError } from "@ipaas/flow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "../src/server/routers/_app";
import { demoDatabaseFixture, testOutbound } from "./helpers";

// The designer's test run goes through @ipaas/execution like the runtime's workers
// (docs/architecture.md "Connections and the outbound policy"): what the copy it
// replaced lacked (OAuth refresh, input issues) shows here.

const demo = demoDatabaseFixture();
const keyRing = new KeyRing(randomBytes(32).toString("base64"));
let server: OAuthServer;
beforeAll(async () => {
  server = await startOAuthServer();
});
afterAll(async () => {
  await server?.close();
});

const as = () => createCaller({ db: demo.t.db, queue: demo.queue, user: demo.admin, keyRing, ip: "127.0.0.1", outbound: testOutbound });
const actor = () => ({ id: demo.admin.id, email: demo.admin.email });

function httpFlow(connectionName: string, input = "{ 'method': 'GET', 'path': '/orders' }") {
  const def = parseFlowDefinition(structuredClone(demoHttpFlowDefinition));
  def.nodes[1]!.config.connectionName = connectionName;
  def.nodes[1]!.config.input = input;
  return def;
}

async function testRun(connectionName: string, input?: string) {
  const definition = httpFlow(connectionName, input);
  const { flow } = await createFlow(demo.t.db, { name: `execution ${connectionName} ${Math.random()}`, definition });
  return as().flows.testRun({ flowId: flow.id, definition, environment: "sandbox" });
}

describe("a designer test run executes actions through the shared execution module", () => {
  it("refreshes an expired OAuth2 access token once, stores the new one sealed, and the action sends it", async () => {
    const row = await createConnection(demo.t.db, {
      name: "crm",
      connectorId: "http",
      environment: "sandbox",
      config: { baseUrl: server.url, tokenUrl: server.tokenUrl, clientId: "client-1" },
      secrets: { clientSecret: "client-secret", refreshToken: "rt-0", accessToken: "at-expired" },
      keyRing,
      actor: actor(),
    });
    await updateRows(demo.t.db, "connections", { id: row.id }, { tokenExpiresAt: new Date(Date.now() - 60_000) });

    const result = await testRun("crm");
    expect(result.status).toBe("succeeded");
    expect(result.nodes.call).toMatchObject({ status: "succeeded", output: { status: 200, body: { ok: true } } });
    expect(server.state.tokenCalls).toBe(1);
    expect(server.state.api).toEqual([{ path: "/orders", authorization: "Bearer at-1" }]);

    const [stored] = await selectRows(demo.t.db, "connections", { id: row.id });
    const secrets = stored!.secrets as Record<string, SecretEnvelope>;
    expect(JSON.stringify(secrets)).not.toMatch(/at-1|rt-1/);
    expect(keyRing.decrypt(secrets.accessToken!)).toBe("at-1");
    expect(keyRing.decrypt(secrets.refreshToken!)).toBe("rt-1");
    expect(stored!.tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 3000_000);

    // The next test run finds the stored token fresh and spends no refresh token.
    expect((await testRun("crm")).status).toBe("succeeded");
    expect(server.state.tokenCalls).toBe(1);
    expect(server.state.api.at(-1)).toEqual({ path: "/orders", authorization: "Bearer at-1" });
  });

  it("an invalid action input fails with every issue, exactly as the shared runner (and so the runtime) reports it", async () => {
    await createConnection(demo.t.db, { name: "plain", connectorId: "http", environment: "sandbox", config: { baseUrl: server.url }, secrets: {}, keyRing, actor: actor() });
    const input = { method: "FETCH", path: "orders" };
    const result = await testRun("plain", JSON.stringify(input));
    expect(result.status).toBe("failed");
    expect(result.nodes.call!.error).toEqual({
      message: expect.stringContaining('Input of HTTP "Send request" is invalid: method:'),
      code: "INVALID_INPUT",
      details: { path: "method", issues: [{ path: "method", message: expect.any(String) }, { path: "path", message: "path must start with /" }] },
    });

    const runner = createActionRunner({ registry, connections: new ConnectionResolver(demo.t.db, keyRing, registry, testOutbound), environment: async () => "sandbox" });
    const direct = await runner({ connectorId: "http", operation: "request", connectionName: "plain", input, idempotencyKey: "k", correlationId: "c", attempt: 1 }).catch((e: unknown) => e);
    expect(direct).toBeInstanceOf(StepError);
    const { message, code, details } = (direct as StepError).toJSON();
    expect(result.nodes.call!.error).toEqual({ message, code, details });
  });
});
