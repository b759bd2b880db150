import http from "node:http";
import type { AddressInfo } from "node:net";
import { registry } from "@ipaas/connectors";
import { selectRows } from "@ipaas/db/testing";
import { createActionRunner } from "@ipaas/execution";
import { StepError } from "@ipaas/flow";
import { dispatchRun } from "@ipaas/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpConnection, httpAction, publishFlow, startHarness, waitForRun, type Harness } from "./helpers/harness";

// The run worker's actions go through @ipaas/execution (docs/architecture.md
// "Connections and the outbound policy"): what a target echoes of a connection's
// secrets is scrubbed before the engine records anything.

const TOKEN = "bearer-secret-echoed-9876";
let h: Harness;
let echo: http.Server;
let echoUrl: string;
const seenAuth: Array<string | undefined> = [];

beforeAll(async () => {
  h = await startHarness();
  // Answers with the request's Authorization header, as debugging endpoints (httpbin's /anything) do; /fail does it in a 400.
  echo = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      seenAuth.push(req.headers.authorization);
      res.writeHead(req.url === "/fail" ? 400 : 200, { "content-type": "application/json" });
      res.end(JSON.stringify({ headers: { authorization: req.headers.authorization }, [`seen-${TOKEN}`]: true }));
    });
  });
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
});
afterAll(async () => {
  echo?.close();
  await h?.close();
});

async function runOnce(path: string, input?: string) {
  const connectionId = await createHttpConnection(h.db, `echo ${Math.random()}`, echoUrl, h.keyRing.encryptAll({ bearerToken: TOKEN }));
  const action = httpAction("send", connectionId, path);
  if (input) action.config.input = input;
  const flowId = await publishFlow(h.db, `execution ${path} ${Math.random()}`, [action]);
  const { runId } = await dispatchRun({ db: h.db, queue: h.queue }, { flowId, triggerType: "trigger.manual", payload: { orderNo: "E-1" } });
  await waitForRun(h.db, runId);
  const stored = {
    runs: await selectRows(h.db, "runs", { id: runId }),
    steps: await selectRows(h.db, "runSteps", { runId }),
    effects: await selectRows(h.db, "effectLedger", { runId }),
    deadLetters: await selectRows(h.db, "deadLetters", { runId }),
  };
  return { connectionId, stored, text: JSON.stringify(stored) };
}

describe("secrets a target echoes back", () => {
  it("are not stored in the step, the run's output and state, or the effect ledger", async () => {
    const { stored, text } = await runOnce("/echo");
    expect(stored.runs[0]?.status).toBe("succeeded");
    expect(seenAuth.at(-1)).toBe(`Bearer ${TOKEN}`);
    expect(stored.effects).toHaveLength(1);
    expect(stored.steps.find((s) => s.nodeId === "send")?.output).toEqual({ status: 200, body: { headers: { authorization: "Bearer [secret]" }, "seen-[secret]": true } });
    expect(text).not.toContain(TOKEN);
  });

  it("are not stored in the step error or the dead letter of a target that refuses and echoes", async () => {
    const { stored, text } = await runOnce("/fail");
    expect(stored.runs[0]?.status).toBe("dead");
    expect(seenAuth.at(-1)).toBe(`Bearer ${TOKEN}`);
    expect(stored.deadLetters).toHaveLength(1);
    expect(JSON.stringify(stored.deadLetters[0]?.error)).toContain("Bearer [secret]");
    expect(text).not.toContain(TOKEN);
  });
});

describe("one execution path", () => {
  it("an invalid action input dead-letters with every issue, exactly as the shared runner (and so a designer test run) reports it", async () => {
    const input = { method: "FETCH", path: "orders" };
    const { connectionId, stored } = await runOnce("/echo", JSON.stringify(input));
    const runner = createActionRunner({ registry, connections: h.connections, environment: async () => "sandbox" });
    const direct = await runner({ connectorId: "http", operation: "request", connectionId, input, idempotencyKey: "k", correlationId: "c", attempt: 1 }).catch((e: unknown) => e);
    expect(direct).toBeInstanceOf(StepError);
    const { message, code, details } = (direct as StepError).toJSON();
    expect(code).toBe("INVALID_INPUT");
    expect(details).toEqual({ path: "method", issues: [{ path: "method", message: expect.any(String) }, { path: "path", message: "path must start with /" }] });
    expect(stored.deadLetters[0]).toMatchObject({ errorMessage: message, error: { message, code, details } });
  });
});
