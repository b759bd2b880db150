import { findDeadLetter, getRunWithSteps, listAudit, listRunDeadLetters, publishVersion } from "@ipaas/db";
import { dispatchRun, replayDeadLetter, replayDeadLetters } from "@ipaas/jobs";
import type { ReplayMode } from "@ipaas/flow";
import { describe, expect, it } from "vitest";
import { httpAction, publishFlow, useHarnessWithTarget, waitForRun } from "./helpers/harness";

/** docs/architecture.md "Dead letters and bulk operations": replay on the latest version. */

const env = useHarnessWithTarget();
const actor = { id: null, email: "ops@example.com" };

const trigger = { id: "trigger", type: "trigger.manual" as const, name: "Trigger" };
const mapNode = (expression: string) => ({ id: "map", type: "map" as const, name: "Map", config: { expression } });
// The map reads the order from $trigger (its own input is the customer lookup's answer).
const BUGGY = "{ 'orderNo': $trigger.orderNo, 'customer': 'WRONG' }";
const FIXED = "{ 'orderNo': $trigger.orderNo, 'customer': $trigger.customer.id }";

/** Trigger → look the customer up (a side effect) → map → post the order; the target refuses the first post (the mapping bug). */
async function deadLetteredFlow(name: string, path: string, orders: string[]) {
  const nodes = [httpAction("customer", env.connectionId, `/customers-${path}`), mapNode(BUGGY), httpAction("post", env.connectionId, `/${path}`)];
  const flowId = await publishFlow(env.h.db, name, nodes);
  for (const _ of orders) env.target.script(`/${path}`, [{ status: 400, body: { error: "INVALID_KEY_OR_REF", field: "customer" } }]);
  const runIds: string[] = [];
  for (const orderNo of orders) runIds.push((await dispatchRun({ db: env.h.db, queue: env.h.queue }, { flowId, triggerType: "trigger.manual", payload: { orderNo, customer: { id: `C-${orderNo}` } } })).runId);
  for (const runId of runIds) expect((await waitForRun(env.h.db, runId)).run.status).toBe("dead");
  const fixed = await publishVersion(env.h.db, {
    flowId,
    definition: { schemaVersion: 1, nodes: [trigger, ...nodes.map((n) => (n.id === "map" ? mapNode(FIXED) : n))], edges: [0, 1, 2].map((i) => ({ id: `e${i}`, source: ["trigger", "customer", "map"][i]!, target: nodes[i]!.id })), settings: { retry: { attempts: 1, backoffMs: 50, maxDelayMs: 1000 }, businessKey: "orderNo" } },
    message: "fix the customer mapping",
    actor,
  });
  const letters = await Promise.all(runIds.map(async (runId) => (await listRunDeadLetters(env.h.db, runId))[0]!));
  return { flowId, runIds, letters, fixed };
}

const posts = (path: string) => env.target.requests.filter((r) => r.path === path);

describe("replay on the latest version (real Redis + Postgres, a local HTTP target)", () => {
  it.each<ReplayMode>(["rerun", "resume"])("%s: the fixed mapping applies, completed effects are not repeated, the target sees the same idempotency key", async (mode) => {
    const path = `orders-${mode}`;
    const { runIds, letters, fixed } = await deadLetteredFlow(`replay ${mode}`, path, ["#1"]);
    const [runId] = runIds;
    const [letter] = letters;
    expect(letter!.input).toMatchObject({ body: { customer: "WRONG" } });
    const firstKey = posts(`/${path}`)[0]!.idempotencyKey;

    expect(await replayDeadLetter({ db: env.h.db, queue: env.h.queue }, { deadLetterId: letter!.id, mode, actor })).toEqual({ runId, flowVersionId: fixed.id });
    const done = await waitForRun(env.h.db, runId!);
    expect(done.run.status).toBe("succeeded");
    // The run is on the version it ran last; the letter says how it was answered.
    expect(done.run.flowVersionId).toBe(fixed.id);
    expect(await findDeadLetter(env.h.db, letter!.id)).toMatchObject({ status: "resubmitted", resolution: expect.stringContaining(`version ${fixed.version}`) });
    // The lookup before the failed step happened once, whichever way the run came back.
    expect(posts(`/customers-${path}`)).toHaveLength(1);
    const sent = posts(`/${path}`);
    expect(sent.map((r) => r.body)).toEqual([
      { orderNo: "#1", customer: "WRONG" },
      { orderNo: "#1", customer: "C-#1" },
    ]);
    expect(sent.map((r) => r.idempotencyKey)).toEqual([firstKey, firstKey]);
    const audit = await listAudit(env.h.db, { targetType: "dead_letter", targetId: letter!.id, limit: 5 });
    expect(audit.items[0]).toMatchObject({ action: "dead_letter.resubmit", summary: { replay: { mode, toVersionId: fixed.id, version: fixed.version, fromVersionId: expect.any(String) } } });
    // Both versions' steps are on the run's timeline, numbered in order.
    const seqs = done.steps.map((s) => s.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it("resume at a failed map node: its input comes from the previous step's recorded output and the new expression runs", async () => {
    const flowId = await publishFlow(env.h.db, "replay map", [mapNode("$error('mapping bug')"), httpAction("post", env.connectionId, "/orders-map")]);
    const { runId } = await dispatchRun({ db: env.h.db, queue: env.h.queue }, { flowId, triggerType: "trigger.manual", payload: { orderNo: "#M", customer: { id: "C-M" } } });
    expect((await waitForRun(env.h.db, runId)).run.status).toBe("dead");
    const [letter] = await listRunDeadLetters(env.h.db, runId);
    expect(letter).toMatchObject({ nodeId: "map", inputResolved: false });
    const definition = { schemaVersion: 1, nodes: [trigger, mapNode(FIXED), httpAction("post", env.connectionId, "/orders-map")], edges: [{ id: "e0", source: "trigger", target: "map" }, { id: "e1", source: "map", target: "post" }], settings: { retry: { attempts: 1, backoffMs: 50, maxDelayMs: 1000 } } };
    await publishVersion(env.h.db, { flowId, definition, message: "fix", actor });
    await replayDeadLetter({ db: env.h.db, queue: env.h.queue }, { deadLetterId: letter!.id, mode: "resume", actor });
    expect((await waitForRun(env.h.db, runId)).run.status).toBe("succeeded");
    expect(posts("/orders-map").map((r) => r.body)).toEqual([{ orderNo: "#M", customer: "C-M" }]);
  });

  it("in bulk: every letter replayed, each run succeeds once; a replayed letter is not open any more", async () => {
    const orders = ["#B1", "#B2", "#B3"];
    const { runIds, letters } = await deadLetteredFlow("replay bulk", "orders-bulk", orders);
    const items: boolean[] = [];
    const result = await replayDeadLetters({ db: env.h.db, queue: env.h.queue }, { ids: letters.map((l) => l.id), mode: "rerun", actor, onItem: (i) => void items.push(i.ok) });
    expect(result).toMatchObject({ matched: 3, succeeded: 3, failed: [] });
    expect(items).toEqual([true, true, true]);
    for (const runId of runIds) expect((await waitForRun(env.h.db, runId)).run.status).toBe("succeeded");
    const sent = posts("/orders-bulk").filter((r) => (r.body as { customer: string }).customer !== "WRONG");
    expect(sent.map((r) => (r.body as { orderNo: string }).orderNo).sort()).toEqual(orders);
    await expect(replayDeadLetter({ db: env.h.db, queue: env.h.queue }, { deadLetterId: letters[0]!.id, mode: "resume", actor })).rejects.toThrow(/not open/);
    expect((await getRunWithSteps(env.h.db, runIds[0]!))!.run.status).toBe("succeeded");
  });
});
