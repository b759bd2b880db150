import { generateEncryptionKey, KeyRing, rotateEncryptionKeys, verifyKeyRing } from "@ipaas/db";
import { insertRows, selectRows } from "@ipaas/db/testing";
import { dispatchRun } from "@ipaas/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpAction, publishFlow, startHarness, waitForRun, type Harness } from "./helpers/harness";
import { startOAuthServer, type OAuthServer } from "@ipaas/connectors/testing";
import { runtimeExit, spawnRuntime } from "./helpers/process";

let h: Harness;
let server: OAuthServer;
const k1 = generateEncryptionKey();
const k2 = generateEncryptionKey();
const env = () => ({ DATABASE_URL: h.t.url, REDIS_URL: h.redisUrl, IPAAS_QUEUE_PREFIX: h.prefix });

beforeAll(async () => {
  h = await startHarness({ worker: false });
  server = await startOAuthServer({ staticTokens: ["static-token"] });
});
afterAll(async () => {
  await server?.close();
  await h?.close();
});

describe("encryption keys (runtime as a process)", () => {
  it("after rotation, a runtime holding only the new key runs actions that still authenticate", { timeout: 60_000 }, async () => {
    const old = new KeyRing(`k1:${k1}`);
    await verifyKeyRing(h.db, old);
    const [bearer, oauth] = await insertRows(h.db, "connections", [
      { name: "static", connectorId: "http", config: { baseUrl: server.url }, secrets: old.encryptAll({ bearerToken: "static-token" }) },
      {
        name: "oauth",
        connectorId: "http",
        config: { baseUrl: server.url, tokenUrl: server.tokenUrl, clientId: "client-1" },
        secrets: old.encryptAll({ clientSecret: "client-secret", refreshToken: "rt-0" }),
      },
    ]);

    expect(await rotateEncryptionKeys(h.db, new KeyRing(`k2:${k2},k1:${k1}`))).toMatchObject({ connections: 2, secrets: 3, remaining: 0 });

    const runtime = await spawnRuntime({ ...env(), IPAAS_ENCRYPTION_KEY: `k2:${k2}` });
    try {
      const flowId = await publishFlow(h.db, "rotated", [httpAction("a", bearer!.id, "/one"), httpAction("b", oauth!.id, "/two")]);
      const { runId } = await dispatchRun({ db: h.db, queue: h.queue }, { flowId, triggerType: "trigger.manual", payload: { orderNo: "K-1" } });
      expect((await waitForRun(h.db, runId)).run.status).toBe("succeeded");
    } finally {
      await runtime.stop();
    }
    expect(server.state.api).toEqual([
      { path: "/one", authorization: "Bearer static-token" },
      { path: "/two", authorization: "Bearer at-1" },
    ]);
    // The secrets authenticated the calls, yet no run record holds one of them.
    const records = JSON.stringify(
      await Promise.all([selectRows(h.db, "runs"), selectRows(h.db, "runSteps"), selectRows(h.db, "deadLetters"), selectRows(h.db, "auditLog")]),
    );
    expect(records).toContain("K-1");
    for (const secret of ["static-token", "client-secret", "rt-0", "at-1"]) expect(records).not.toContain(secret);
  });

  it("a wrong master key stops the runtime at start-up with a clear message", { timeout: 60_000 }, async () => {
    const { code, output } = await runtimeExit({ ...env(), IPAAS_ENCRYPTION_KEY: `k2:${generateEncryptionKey()}` });
    expect(code).toBe(1);
    expect(output).toContain('IPAAS_ENCRYPTION_KEY: key "k2" is not the key that sealed the existing secrets (wrong key?)');
    expect(output).not.toContain("runtime ready");
  });

  it("so does a ring without the key the secrets are sealed with, or no key at all", { timeout: 60_000 }, async () => {
    const [missing, none] = await Promise.all([runtimeExit({ ...env(), IPAAS_ENCRYPTION_KEY: `k1:${k1}` }), runtimeExit(env())]);
    expect(missing.code).toBe(1);
    expect(missing.output).toContain('IPAAS_ENCRYPTION_KEY has no key "k2", which sealed the secrets of 2 connection(s)');
    expect(none.code).toBe(1);
    expect(none.output).toContain("IPAAS_ENCRYPTION_KEY is not set, but 2 connection(s) have encrypted secrets");
  });
});
