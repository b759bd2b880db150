import { dispatchRun } from "@ipaas/jobs";
import { selectRows, updateRows } from "@ipaas/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpConnection, httpAction, publishFlow, startHarness, waitForRun, type Harness } from "./helpers/harness";
import { spawnRuntime, type RuntimeProcess } from "./helpers/process";
import { startTarget, type Target } from "./helpers/target";

let h: Harness;
let target: Target;
const processes: RuntimeProcess[] = [];

beforeAll(async () => {
  h = await startHarness({ worker: false });
  target = await startTarget();
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop("SIGKILL")));
  await h?.close();
  await target?.close();
});

const env = () => ({ DATABASE_URL: h.t.url, REDIS_URL: h.redisUrl, IPAAS_QUEUE_PREFIX: h.prefix, RUNTIME_LOCK_DURATION_MS: "2000", RUNTIME_STALLED_INTERVAL_MS: "1000" });
const start = async () => {
  const p = await spawnRuntime(env());
  processes.push(p);
  return p;
};
const dispatch = (flowId: string, payload: unknown) => dispatchRun({ db: h.db, queue: h.queue }, { flowId, triggerType: "trigger.manual", payload });

describe("resilience across worker processes (real processes, Redis, Postgres)", () => {
  it("a worker killed with SIGKILL mid side effect: another process completes the run, the target sees one effect", async () => {
    const connectionId = await createHttpConnection(h.db, "slow", target.url);
    target.script("/slow", [{ status: 200, delayMs: 1500 }]);
    const flowId = await publishFlow(h.db, "killed", [httpAction("post", connectionId, "/slow")], { retry: { attempts: 5, backoffMs: 100, maxDelayMs: 1000 } });
    const first = await start();
    const { runId } = await dispatch(flowId, { orderNo: "#K1" });
    const deadline = Date.now() + 15_000;
    while (!target.requests.some((r) => r.path === "/slow")) {
      if (Date.now() > deadline) throw new Error(`the first worker never called the target:\n${first.output.join("")}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await first.stop("SIGKILL"); // mid-request: the effect may or may not have happened
    await start();
    const { run } = await waitForRun(h.db, runId, undefined, 30_000);
    expect(run.status).toBe("succeeded");
    const calls = target.requests.filter((r) => r.path === "/slow");
    expect(calls.length).toBeGreaterThanOrEqual(2); // re-run after the crash
    expect(new Set(calls.map((c) => c.idempotencyKey)).size).toBe(1); // …with the same key
    expect([...target.effects.keys()].filter((k) => k === calls[0]!.idempotencyKey)).toHaveLength(1);
  });

  it("two worker processes respect a per-connection limit of 10 requests/s", async () => {
    const connectionId = await createHttpConnection(h.db, "limited", target.url);
    await updateRows(h.db, "connections", { id: connectionId }, { config: { baseUrl: target.url, limits: { requestsPerSecond: 10 } } });
    const flowId = await publishFlow(h.db, "limited", [httpAction("post", connectionId, "/limited")]);
    await start(); // the process from the previous test is the other one
    expect(processes.filter((p) => p.child.exitCode === null && p.child.signalCode === null)).toHaveLength(2);
    const runIds: string[] = [];
    // 12 s of work at the limit, so the backlog outlasts the measured window.
    for (let i = 0; i < 120; i++) runIds.push((await dispatch(flowId, { orderNo: `#L${i}` })).runId);
    const limited = () => target.requests.filter((r) => r.path === "/limited");
    // Measure a 5 s window once traffic is flowing.
    while (limited().length === 0) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1000));
    const from = Date.now();
    await new Promise((r) => setTimeout(r, 5000));
    const inWindow = limited().filter((r) => r.at >= from && r.at < from + 5000).length;
    const seen = `requests in the window: ${inWindow}; all so far: ${limited().length}`;
    // The ceiling is the promise (10/s × 5 s, ± one request at each edge); the floor
    // only shows the limiter did not starve the workers, so it leaves room for a busy machine.
    expect(inWindow, seen).toBeLessThanOrEqual(52);
    expect(inWindow, seen).toBeGreaterThanOrEqual(30);
    for (const id of runIds) expect((await waitForRun(h.db, id, undefined, 30_000)).run.status).toBe("succeeded");
  }, 60_000);

  it("an open circuit makes steps wait, not dead-letter; they complete when the target recovers", async () => {
    const connectionId = await createHttpConnection(h.db, "flaky", target.url);
    await updateRows(h.db, "connections", { id: connectionId }, { config: { baseUrl: target.url, limits: { failureThreshold: 3, cooldownMs: 1000 } } });
    target.script("/flaky", Array.from({ length: 3 }, () => ({ status: 503 })));
    // Two attempts per step: without the circuit, steps would be dead-lettered by the outage.
    // The backoff outlasts dispatching all six runs, so the three failures that open the
    // circuit are first attempts of different runs: with a short backoff a busy machine let
    // one run spend both its attempts on the outage before the others had started (flaky).
    const flowId = await publishFlow(h.db, "flaky", [httpAction("post", connectionId, "/flaky")], { retry: { attempts: 2, backoffMs: 3000, maxDelayMs: 3000 } });
    const runIds: string[] = [];
    for (let i = 0; i < 6; i++) runIds.push((await dispatch(flowId, { orderNo: `#C${i}` })).runId);
    const results = [];
    for (const id of runIds) results.push(await waitForRun(h.db, id, undefined, 30_000));
    expect(results.map((r) => r.run.status)).toEqual(Array(6).fill("succeeded"));
    expect((await selectRows(h.db, "deadLetters")).filter((d) => runIds.includes(d.runId))).toHaveLength(0);
    // The circuit opened after 3 failures: the target was not hammered during the cooldown.
    expect(target.requests.filter((r) => r.path === "/flaky" && r.idempotencyKey).length).toBeLessThanOrEqual(3 + 6 + 2);
  }, 60_000);
});

describe("graceful shutdown", () => {
  it("SIGTERM lets an in-flight step finish, then the process exits cleanly", async () => {
    const connectionId = await createHttpConnection(h.db, "drain", target.url);
    target.script("/drain", [{ status: 200, delayMs: 1000 }]);
    const flowId = await publishFlow(h.db, "drain", [httpAction("post", connectionId, "/drain")]);
    for (const p of processes) await p.stop("SIGKILL");
    const worker = await start();
    const { runId } = await dispatch(flowId, { orderNo: "#G1" });
    const deadline = Date.now() + 15_000;
    while (!target.requests.some((r) => r.path === "/drain")) {
      if (Date.now() > deadline) throw new Error("the worker never called the target");
      await new Promise((r) => setTimeout(r, 20));
    }
    await worker.stop("SIGTERM");
    expect(worker.child.exitCode).toBe(0);
    const { run } = await waitForRun(h.db, runId, undefined, 5000);
    expect(run.status).toBe("succeeded"); // finished by the stopping process itself
    expect(target.requests.filter((r) => r.path === "/drain")).toHaveLength(1);
  }, 30_000);
});
