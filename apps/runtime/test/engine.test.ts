import { registry } from "@ipaas/connectors";
import { discardDeadLetter, getRunWithSteps, InvalidInputError, listAudit, listRunDeadLetters } from "@ipaas/db";
import { dispatchRun, resubmitDeadLetter } from "@ipaas/jobs";
import { updateRows } from "@ipaas/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepOverdueRuns } from "../src/worker/sweeper";
import { createLogger } from "../src/logger";
import { createHttpConnection, httpAction, publishFlow, startHarness, waitForRun, type Harness } from "./helpers/harness";
import { startTarget, type Target } from "./helpers/target";

let h: Harness;
let target: Target;
let connectionId: string;
const actor = { id: null, email: "ops@example.com" };

beforeAll(async () => {
  h = await startHarness();
  target = await startTarget();
  connectionId = await createHttpConnection(h.db, "target", target.url);
});
afterAll(async () => {
  await h?.close();
  await target?.close();
});

const dispatch = (flowId: string, payload: unknown) => dispatchRun({ db: h.db, queue: h.queue }, { flowId, triggerType: "trigger.manual", payload });
const effectsAt = (path: string) => target.requests.filter((r) => r.path === path && r.idempotencyKey).map((r) => r.idempotencyKey);

describe("engine promises (real Redis + Postgres, a local HTTP target)", () => {
  it("500, 500, 200: succeeds on attempt 3 and the target sees one effect", async () => {
    target.script("/orders-a", [{ status: 500 }, { status: 500 }]);
    const flowId = await publishFlow(h.db, "retry 5xx", [httpAction("post", connectionId, "/orders-a")]);
    const { runId } = await dispatch(flowId, { orderNo: "#1" });
    const { run, steps } = await waitForRun(h.db, runId);
    expect(run.status).toBe("succeeded");
    expect(steps.filter((s) => s.nodeId === "post").map((s) => [s.attempt, s.status])).toEqual([
      [1, "failed"],
      [2, "failed"],
      [3, "succeeded"],
    ]);
    const keys = effectsAt("/orders-a");
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1); // one idempotency key across attempts
    expect([...target.effects.keys()].filter((k) => k === keys[0])).toHaveLength(1);
    expect(target.requests.find((r) => r.path === "/orders-a")?.correlationId).toBe(run.correlationId);
  });

  it("429 with Retry-After: 2 waits at least two seconds", async () => {
    target.script("/orders-b", [{ status: 429, headers: { "retry-after": "2" }, body: { errors: "Throttled" } }]);
    const flowId = await publishFlow(h.db, "retry after", [httpAction("post", connectionId, "/orders-b")]);
    const { runId } = await dispatch(flowId, { orderNo: "#2" });
    const { run } = await waitForRun(h.db, runId);
    expect(run.status).toBe("succeeded");
    const [first, second] = target.requests.filter((r) => r.path === "/orders-b");
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(2000);
  });

  it("400 dead-letters at once with the body; edited resubmission succeeds without repeating earlier effects", async () => {
    target.script("/invoices", [{ status: 400, body: { error: "INVALID_KEY_OR_REF", field: "entity" } }]);
    const flowId = await publishFlow(h.db, "dead letter", [httpAction("first", connectionId, "/customers"), httpAction("second", connectionId, "/invoices")]);
    const { runId } = await dispatch(flowId, { orderNo: "#3", customer: "C1" });
    const dead = await waitForRun(h.db, runId);
    expect(dead.run.status).toBe("dead");
    const [letter] = await listRunDeadLetters(h.db, runId);
    expect(letter).toMatchObject({ nodeId: "second", attempts: 1, errorClass: "non_retryable", inputResolved: true, businessKey: "#3" });
    expect(letter!.error).toMatchObject({ code: "HTTP_400", details: { status: 400, body: { error: "INVALID_KEY_OR_REF" } } });

    // Edited input is validated against the operation's schema before anything runs.
    await expect(resubmitDeadLetter({ db: h.db, queue: h.queue, registry }, { deadLetterId: letter!.id, input: { method: "POST", path: "no-slash" }, actor })).rejects.toBeInstanceOf(InvalidInputError);
    const edited = { ...(letter!.input as object), body: { orderNo: "#3", customer: "C1-FIXED" } };
    await resubmitDeadLetter({ db: h.db, queue: h.queue, registry }, { deadLetterId: letter!.id, input: edited, actor });
    const done = await waitForRun(h.db, runId);
    expect(done.run.status).toBe("succeeded");
    expect(target.requests.filter((r) => r.path === "/customers")).toHaveLength(1);
    expect(target.requests.filter((r) => r.path === "/invoices").at(-1)?.body).toEqual({ orderNo: "#3", customer: "C1-FIXED" });
    const audit = await listAudit(h.db, { targetType: "dead_letter", targetId: letter!.id, limit: 10 });
    expect(audit.items[0]).toMatchObject({ action: "dead_letter.resubmit", actorEmail: "ops@example.com" });
    await expect(resubmitDeadLetter({ db: h.db, queue: h.queue }, { deadLetterId: letter!.id, actor })).rejects.toThrow(/not open/);
  });

  it("foreach over 50 items with one failing: 49 succeed, one dead letter with its index; resubmitting completes the run", async () => {
    target.script("/lines", Array.from({ length: 50 }, (_, i) => (i === 0 ? { status: 422, body: { error: "bad line" } } : { status: 200 })));
    const flowId = await publishFlow(
      h.db,
      "foreach",
      [{ id: "each", type: "foreach", name: "Each line", config: { items: "lines", concurrency: 10 } }, httpAction("post", connectionId, "/lines")],
    );
    const lines = Array.from({ length: 50 }, (_, i) => ({ sku: `SKU-${i}` }));
    const { runId } = await dispatch(flowId, { orderNo: "#4", lines });
    const dead = await waitForRun(h.db, runId);
    expect(dead.run.status).toBe("dead");
    expect(dead.steps.filter((s) => s.nodeId === "post" && s.status === "succeeded")).toHaveLength(49);
    const letters = await listRunDeadLetters(h.db, runId);
    expect(letters).toHaveLength(1);
    expect(letters[0]!.lineage).toMatch(/^0\.\d+$/);
    const before = target.requests.filter((r) => r.path === "/lines").length;
    await resubmitDeadLetter({ db: h.db, queue: h.queue }, { deadLetterId: letters[0]!.id, actor });
    const done = await waitForRun(h.db, runId);
    expect(done.run.status).toBe("succeeded");
    expect(target.requests.filter((r) => r.path === "/lines").length).toBe(before + 1);
    expect(done.steps.filter((s) => s.nodeId === "post" && s.status === "succeeded")).toHaveLength(50);
  });

  it("out-of-order updates for one entity: the newest wins, older ones are skipped as stale", async () => {
    const node = httpAction("set", connectionId, "/inventory");
    // The guard reads the mapped operation input: the SKU is the entity, seq orders its updates.
    const guarded = await publishFlow(h.db, "stale guarded", [
      {
        ...node,
        config: {
          ...node.config,
          input: "{ 'method': 'POST', 'path': '/inventory', 'body': { 'sku': sku, 'qty': qty, 'seq': seq } }",
          stale: { entityKey: "body.sku", sequence: "body.seq" },
        },
      },
    ]);
    const statuses: string[] = [];
    for (const seq of [3, 1, 2]) {
      const { runId } = await dispatch(guarded, { orderNo: `inv-${seq}`, sku: "SKU-9", qty: seq * 10, seq });
      statuses.push((await waitForRun(h.db, runId)).run.status);
    }
    expect(statuses).toEqual(["succeeded", "skipped", "skipped"]);
    const applied = target.requests.filter((r) => r.path === "/inventory");
    expect(applied.map((r) => (r.body as { qty: number }).qty)).toEqual([30]);
  });

  it("the sweeper re-enqueues a waiting run whose job was lost", async () => {
    const flowId = await publishFlow(h.db, "swept", [httpAction("post", connectionId, "/swept")]);
    await h.worker.pause();
    const { runId } = await dispatch(flowId, { orderNo: "#5" });
    // Simulate the job being lost between the insert and the enqueue.
    const { runJobId } = await import("@ipaas/jobs");
    await (await h.queue.getJob(runJobId(runId, 0)))?.remove();
    await updateRows(h.db, "runs", { id: runId }, { wakeAt: new Date(Date.now() - 120_000) });
    expect(await sweepOverdueRuns({ db: h.db, queue: h.queue, logger: createLogger("silent") })).toBeGreaterThanOrEqual(1);
    h.worker.resume();
    expect((await waitForRun(h.db, runId)).run.status).toBe("succeeded");
  });

  it("discarding the last open dead letter marks the run discarded", async () => {
    target.script("/discard", [{ status: 404 }]);
    const flowId = await publishFlow(h.db, "discard", [httpAction("post", connectionId, "/discard")]);
    const { runId } = await dispatch(flowId, { orderNo: "#6" });
    await waitForRun(h.db, runId);
    const [letter] = await listRunDeadLetters(h.db, runId);
    await expect(discardDeadLetter(h.db, { deadLetterId: letter!.id, reason: " ", actor })).rejects.toThrow(/reason/);
    await discardDeadLetter(h.db, { deadLetterId: letter!.id, reason: "duplicate order, cancelled in Shopify", actor });
    expect((await getRunWithSteps(h.db, runId))?.run.status).toBe("discarded");
  });
});

describe("per-flow concurrency", () => {
  it("runs at most `settings.concurrency` runs of a flow at once", async () => {
    for (let i = 0; i < 6; i++) target.script("/one-at-a-time", [{ status: 200, delayMs: 150 }]);
    const flowId = await publishFlow(h.db, "serial", [httpAction("post", connectionId, "/one-at-a-time")], { concurrency: 1 });
    target.inFlight.max = 0;
    const runIds: string[] = [];
    for (let i = 0; i < 6; i++) runIds.push((await dispatch(flowId, { orderNo: `#S${i}` })).runId);
    for (const id of runIds) expect((await waitForRun(h.db, id)).run.status).toBe("succeeded");
    expect(target.requests.filter((r) => r.path === "/one-at-a-time")).toHaveLength(6);
    expect(target.inFlight.max).toBe(1);
  });
});

describe("bulk dead-letter actions", () => {
  it("resubmits by filter (flow + error class), reports the outcome, and assigns", async () => {
    const { resubmitDeadLetters } = await import("@ipaas/jobs");
    const { assignDeadLetters } = await import("@ipaas/db");
    for (let i = 0; i < 4; i++) target.script("/bulk", [{ status: 400, body: { error: "bad" } }]);
    const flowId = await publishFlow(h.db, "bulk", [httpAction("post", connectionId, "/bulk")]);
    const runIds: string[] = [];
    for (let i = 0; i < 4; i++) runIds.push((await dispatch(flowId, { orderNo: `#B${i}` })).runId);
    for (const id of runIds) expect((await waitForRun(h.db, id)).run.status).toBe("dead");

    const { createUser } = await import("@ipaas/db");
    const mate = await createUser(h.db, { email: "mate@example.com", name: "Mate", role: "operator", password: "x-not-used-here" });
    expect(await assignDeadLetters(h.db, { filter: { flowId, businessKey: "#B0" }, assigneeId: mate.id, actor })).toBe(1);

    const progress: number[] = [];
    const result = await resubmitDeadLetters({ db: h.db, queue: h.queue }, { filter: { flowId, errorClass: "non_retryable" }, actor, onProgress: (done) => progress.push(done) });
    expect(result).toEqual({ matched: 4, succeeded: 4, failed: [] });
    expect(progress).toEqual([1, 2, 3, 4]);
    for (const id of runIds) expect((await waitForRun(h.db, id)).run.status).toBe("succeeded");
    const again = await resubmitDeadLetters({ db: h.db, queue: h.queue }, { filter: { flowId }, actor });
    expect(again.matched).toBe(0);
  });
});
