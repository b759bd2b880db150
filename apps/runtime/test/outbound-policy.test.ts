import { insertRow } from "@ipaas/db/testing";
import { dispatchRun } from "@ipaas/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpAction, publishFlow, startHarness, waitForRun, type Harness } from "./helpers/harness";
import { runtimeExit } from "./helpers/process";
import { startTarget, type Target } from "./helpers/target";

/*
 * The runtime under the outbound network policy. The allow-list opens the target's
 * port only; the canary, on another loopback port, stands for everything a flow
 * must not reach (internal services, metadata) and must never get a request.
 */

let h: Harness;
let target: Target;
let canary: Target;
const TOKEN = "canary-bearer-31b0e2";
beforeAll(async () => {
  target = await startTarget();
  canary = await startTarget();
  h = await startHarness({ outboundAllow: `127.0.0.1:${new URL(target.url).port}` });
});
afterAll(async () => {
  await h?.close();
  await target?.close();
  await canary?.close();
});

async function connection(name: string, config: Record<string, unknown>, secrets: Record<string, string>) {
  return (await insertRow(h.db, "connections", { name, connectorId: "http", config, secrets: h.keyRing.encryptAll(secrets) })).id;
}

async function runOnce(connectionId: string, path: string) {
  const flowId = await publishFlow(h.db, `policy ${Math.random()}`, [httpAction("send", connectionId, path)]);
  const { runId } = await dispatchRun({ db: h.db, queue: h.queue }, { flowId, triggerType: "trigger.manual", payload: { orderNo: "1" } });
  const { run, steps } = await waitForRun(h.db, runId);
  return { run, error: steps.at(-1)?.error as { message: string; code: string; class: string } | undefined, attempts: steps.length };
}

describe("runs under the outbound network policy", () => {
  it("a path that names another host is refused before any request: the token never leaves", async () => {
    const id = await connection("erp", { baseUrl: `${target.url}/api` }, { bearerToken: TOKEN });
    const { run, error } = await runOnce(id, `/http://127.0.0.1:${new URL(canary.url).port}/steal`);
    expect(run.status).toBe("dead");
    expect(error).toMatchObject({ code: "OUTBOUND_REFUSED", class: "non_retryable", message: expect.stringContaining("refused by the outbound network policy") });
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(canary.requests).toEqual([]);
    expect(target.requests).toEqual([]);
  });

  it("a connection whose base URL is a loopback address off the allow-list is refused, naming the rule", async () => {
    const id = await connection("internal", { baseUrl: canary.url }, { bearerToken: TOKEN });
    const { run, error } = await runOnce(id, "/orders");
    expect(run.status).toBe("dead");
    expect(error?.message).toContain("refused by the outbound network policy: 127.0.0.1 is a loopback address (rule: loopback); an admin can allow it with IPAAS_OUTBOUND_ALLOW");
    expect(canary.requests).toEqual([]);
  });

  it("an OAuth token URL on a refused address is not called: the refresh token stays home", async () => {
    const id = await connection("oauth", { baseUrl: target.url, tokenUrl: `${canary.url}/token`, clientId: "c" }, { refreshToken: "rt-secret-77", clientSecret: "cs-secret-77" });
    const { run, error } = await runOnce(id, "/orders");
    expect(run.status).toBe("dead");
    expect(error).toMatchObject({ code: "OUTBOUND_REFUSED", message: expect.stringContaining("(rule: loopback)") });
    expect(canary.requests).toEqual([]);
  });

  it("the allowed target is reached, with the token", async () => {
    const id = await connection("erp-ok", { baseUrl: `${target.url}/api` }, { bearerToken: TOKEN });
    expect((await runOnce(id, "/orders")).run.status).toBe("succeeded");
    expect(target.requests.map((r) => r.path)).toEqual(["/api/orders"]);
  });
});

describe("IPAAS_OUTBOUND_ALLOW at start-up", () => {
  it("a malformed entry stops the runtime, naming the entry", { timeout: 60_000 }, async () => {
    const { code, output } = await runtimeExit({ DATABASE_URL: h.t.url, REDIS_URL: h.redisUrl, IPAAS_QUEUE_PREFIX: h.prefix, IPAAS_OUTBOUND_ALLOW: "erp.internal, http://bad.example" });
    expect(code).toBe(1);
    expect(output).toContain('IPAAS_OUTBOUND_ALLOW: "http://bad.example" is a URL; write its host and port only');
    expect(output).not.toContain("runtime ready");
  });
});
