import type { SecretEnvelope } from "@ipaas/db";
import { insertRow, selectRows, updateRows } from "@ipaas/db/testing";
import { dispatchRun } from "@ipaas/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registry } from "@ipaas/connectors";
import { ConnectionResolver } from "@ipaas/execution";
import { publishFlow, waitForRun, type Harness, startHarness } from "./helpers/harness";
import { startOAuthServer, type OAuthServer } from "@ipaas/connectors/testing";
import { startTarget, type Target } from "./helpers/target";

let h: Harness;
let target: Target;
const servers: OAuthServer[] = [];
beforeAll(async () => {
  h = await startHarness();
  target = await startTarget();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await target?.close();
  await h?.close();
});

async function oauthServer(options?: Parameters<typeof startOAuthServer>[0]) {
  const server = await startOAuthServer(options);
  servers.push(server);
  return server;
}

async function addConnection(values: { name: string; environment?: string; config: Record<string, unknown>; secrets?: Record<string, string>; tokenExpiresAt?: Date | null }) {
  return insertRow(h.db, "connections", { connectorId: "http", ...values, secrets: h.keyRing.encryptAll(values.secrets ?? {}) });
}

/** An OAuth connection as a person would set it up: a refresh token, no access token yet. */
const oauthConnection = (name: string, server: OAuthServer, refreshToken = "rt-0") =>
  addConnection({
    name,
    config: { baseUrl: server.url, tokenUrl: server.tokenUrl, clientId: "client-1" },
    secrets: { clientSecret: "client-secret", refreshToken },
  });

/** A published flow whose one action reaches its connection by name. */
async function flowUsing(connectionName: string, environment = "sandbox") {
  const action = {
    id: "send",
    type: "action" as const,
    name: "send",
    config: { connectorId: "http", operation: "request", connectionName, input: "{ 'method': 'POST', 'path': '/orders', 'body': $ }" },
  };
  const flowId = await publishFlow(h.db, `${connectionName} ${environment} ${Math.random()}`, [action], { retry: { attempts: 3, backoffMs: 50, maxDelayMs: 200 } });
  await updateRows(h.db, "flows", { id: flowId }, { environment });
  return flowId;
}

const run = async (flowId: string, orderNo: string) => {
  const { runId } = await dispatchRun({ db: h.db, queue: h.queue }, { flowId, triggerType: "trigger.manual", payload: { orderNo } });
  return waitForRun(h.db, runId);
};

const storedRow = async (id: string) => (await selectRows(h.db, "connections", { id }))[0]!;

describe("environments", () => {
  it("a connection referenced by name is the one in the flow's environment", async () => {
    await addConnection({ name: "erp", environment: "sandbox", config: { baseUrl: `${target.url}/sandbox` } });
    await addConnection({ name: "erp", environment: "production", config: { baseUrl: `${target.url}/prod` } });
    const production = await flowUsing("erp", "production");
    const sandbox = await flowUsing("erp", "sandbox");

    expect((await run(production, "P-1")).run.status).toBe("succeeded");
    expect((await run(sandbox, "S-1")).run.status).toBe("succeeded");
    expect(target.requests.map((r) => [r.path, (r.body as { orderNo: string }).orderNo])).toEqual([
      ["/prod/orders", "P-1"],
      ["/sandbox/orders", "S-1"],
    ]);
    const resolved = await h.connections.resolve({ connectionName: "erp" }, "production");
    expect(resolved).toMatchObject({ environment: "production", config: { baseUrl: `${target.url}/prod` } });
  });

  it("a name missing from the flow's environment fails the step, naming the environment", async () => {
    await addConnection({ name: "only-sandbox", environment: "sandbox", config: { baseUrl: target.url } });
    const { run: r, steps } = await run(await flowUsing("only-sandbox", "production"), "P-2");
    expect(r.status).toBe("dead");
    expect(JSON.stringify(steps.at(-1)?.error)).toContain('Connection \\"only-sandbox\\" in environment \\"production\\" does not exist');
  });
});

describe("OAuth2 refresh", () => {
  it("concurrent resolves in several processes refresh exactly once and store only ciphertext", async () => {
    const server = await oauthServer({ tokenDelayMs: 300 });
    const row = await oauthConnection("crm", server);
    // Two resolvers play two runtime processes; by id and by name are separate cache entries.
    const resolvers = [new ConnectionResolver(h.db, h.keyRing, registry, h.connections.outbound), new ConnectionResolver(h.db, h.keyRing, registry, h.connections.outbound)];
    const resolved = await Promise.all(
      resolvers.flatMap((r) => [1, 2, 3].flatMap(() => [r.resolve({ connectionId: row.id }, "sandbox"), r.resolve({ connectionName: "crm" }, "sandbox")])),
    );
    expect(server.state.tokenCalls).toBe(1);
    expect(new Set(resolved.map((c) => c.secrets.accessToken))).toEqual(new Set(["at-1"]));
    expect(server.currentRefreshToken()).toBe("rt-1");

    const stored = await storedRow(row.id);
    const secrets = stored.secrets as Record<string, SecretEnvelope>;
    expect(JSON.stringify(stored.secrets)).not.toMatch(/at-1|rt-1|rt-0|client-secret/);
    expect(secrets.accessToken).toMatchObject({ keyId: h.keyRing.currentKeyId, iv: expect.any(String), tag: expect.any(String), ciphertext: expect.any(String) });
    expect(h.keyRing.decrypt(secrets.refreshToken!)).toBe("rt-1");
    expect(h.keyRing.decrypt(secrets.accessToken!)).toBe("at-1");
    expect(Math.abs(stored.tokenExpiresAt!.getTime() - (Date.now() + 3600_000))).toBeLessThan(10_000);
    expect(Object.keys(stored.secretsUpdatedAt).sort()).toEqual(["accessToken", "refreshToken"]);

    // A fresh process finds a token valid for an hour and does not refresh.
    expect((await new ConnectionResolver(h.db, h.keyRing, registry, h.connections.outbound).resolve({ connectionId: row.id }, "sandbox")).secrets.accessToken).toBe("at-1");
    expect(server.state.tokenCalls).toBe(1);
  });

  it("refreshes a token that expires within five minutes, and the action sends the new one", async () => {
    const server = await oauthServer();
    const row = await oauthConnection("crm-2", server);
    const flowId = await flowUsing("crm-2");
    expect((await run(flowId, "A-1")).run.status).toBe("succeeded");
    expect(server.state.api.at(-1)).toEqual({ path: "/orders", authorization: "Bearer at-1" });

    await updateRows(h.db, "connections", { id: row.id }, { tokenExpiresAt: new Date(Date.now() + 60_000) });
    const again = await new ConnectionResolver(h.db, h.keyRing, registry, h.connections.outbound).resolve({ connectionName: "crm-2" }, "sandbox");
    expect(again.secrets).toMatchObject({ accessToken: "at-2", refreshToken: "rt-2" });
    expect(server.state.tokenCalls).toBe(2);
  });

  it("a rejected refresh token dead-letters the step at once with a clear message", async () => {
    const server = await oauthServer();
    await oauthConnection("crm-revoked", server, "rt-revoked");
    const { run: r } = await run(await flowUsing("crm-revoked"), "R-1");
    expect(r.status).toBe("dead");
    const [letter] = await selectRows(h.db, "deadLetters", { runId: r.id });
    expect(letter).toMatchObject({ errorClass: "non_retryable", attempts: 1 });
    expect(letter?.errorMessage).toBe('Connection "crm-revoked": the refresh token was rejected (invalid_grant); reconnect the connection (enter a new refresh token) and retry');
    expect(server.state.api).toHaveLength(0);
  });

  it("a token endpoint answering 5xx is retried", async () => {
    const server = await oauthServer();
    await oauthConnection("crm-flaky", server);
    server.failTokenCalls(503);
    const { run: r, steps } = await run(await flowUsing("crm-flaky"), "F-1");
    expect(r.status).toBe("succeeded");
    expect(steps.filter((s) => s.nodeId === "send").map((s) => [s.status, s.attempt])).toEqual([
      ["failed", 1],
      ["succeeded", 2],
    ]);
    expect(server.state.tokenCalls).toBe(2);
    expect(server.state.api.at(-1)?.authorization).toBe("Bearer at-1");
  });
});
