import { listAudit, listBulkOperationItems } from "@ipaas/db";
import { insertRow, selectRows } from "@ipaas/db/testing";
import { runJobId } from "@ipaas/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markInterruptedBulkOperations } from "../src/server/services/dead-letters-bulk";
import { codeOf } from "./helpers";
import { deadLetterRun, finishResumedRun, publishOrderFlow, startWorkbench, type Workbench } from "./dead-letters-fixtures";

let w: Workbench;

beforeAll(async () => {
  w = await startWorkbench();
});
afterAll(async () => {
  await w?.close();
});

/** Polls bulkStatus like the UI does, until the operation is no longer running. */
async function settled(operationId: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await w.as(w.viewer).deadLetters.bulkStatus({ id: operationId });
    if (status.operation.status !== "running") return status;
    if (Date.now() > deadline) throw new Error(`bulk operation ${operationId} still running: ${JSON.stringify(status.operation)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** An operation's audit rows, oldest first. */
const bulkAudit = async (operationId: string) => (await listAudit(w.db, { targetType: "bulk_operation", targetId: operationId, limit: 100 })).items.reverse();

describe("bulk retry", () => {
  it("refuses when the confirmed count is not what the filter matches now, then retries all 30 in the background", async () => {
    const flowId = await publishOrderFlow(w.db, "Bulk orders");
    const made = [];
    for (let i = 0; i < 30; i++) made.push(await deadLetterRun(w, flowId, { orderNo: `#B${i}` }));
    const filter = { flowId };
    expect((await w.as(w.viewer).deadLetters.countMatching({ filter })).count).toBe(30);

    // The UI said "Retry 29": the server does not act on a different set.
    expect(await codeOf(w.as(w.operator).deadLetters.bulk({ action: "retry", selection: { filter }, expectedCount: 29 }))).toBe("CONFLICT");
    expect(await selectRows(w.db, "bulkOperations")).toEqual([]);

    const started = await w.as(w.operator).deadLetters.bulk({ action: "retry", selection: { filter }, expectedCount: 30 });
    expect(started.total).toBe(30);
    const status = await settled(started.operationId);
    expect(status.operation).toMatchObject({ kind: "retry", status: "completed", total: 30, done: 30, succeeded: 30, failed: 0, actorEmail: "ops@example.com" });
    expect(status.operation.finishedAt).toBeInstanceOf(Date);
    // Nothing ran the resumed runs yet: all 30 are in progress, each with its job queued.
    expect(status.runs).toEqual({ succeeded: 0, failedAgain: 0, inProgress: 30, other: 0 });
    const items = await listBulkOperationItems(w.db, started.operationId);
    expect(items).toHaveLength(30);
    expect(new Set(items.map((i) => i.runId))).toEqual(new Set(made.map((m) => m.runId)));
    expect(items.every((i) => i.outcome === "ok")).toBe(true);
    for (const { runId } of made.slice(0, 3)) expect(await w.queue.getJob(runJobId(runId, 1))).toBeTruthy();
    expect((await w.as(w.viewer).deadLetters.countMatching({ filter })).count).toBe(0);

    // The worker runs them: 27 go through, 3 fail again.
    for (const [i, { runId }] of made.entries()) await finishResumedRun(w, runId, i < 3 ? "dead" : "succeeded");
    const after = await w.as(w.viewer).deadLetters.bulkStatus({ id: started.operationId });
    expect(after.runs).toEqual({ succeeded: 27, failedAgain: 3, inProgress: 0, other: 0 });

    expect((await bulkAudit(started.operationId)).map((a) => [a.action, (a.summary as { phase: string }).phase, a.actorEmail])).toEqual([
      ["dead_letter.bulk", "start", "ops@example.com"],
      ["dead_letter.bulk", "finish", "ops@example.com"],
    ]);
    // Each resubmission is audited on its letter too.
    const perLetter = await listAudit(w.db, { action: "dead_letter.resubmit", limit: 100 });
    expect(perLetter.items).toHaveLength(30);
  });

  it("acts on exactly the ids confirmed; a letter resolved meanwhile makes the count differ", async () => {
    const flowId = await publishOrderFlow(w.db, "Bulk ids");
    const [a, b, c] = [await deadLetterRun(w, flowId, { orderNo: "#C1" }), await deadLetterRun(w, flowId, { orderNo: "#C2" }), await deadLetterRun(w, flowId, { orderNo: "#C3" })];
    await w.as(w.operator).deadLetters.retry({ id: c.letterId });
    const ids = [a.letterId, b.letterId, c.letterId];
    expect(await codeOf(w.as(w.operator).deadLetters.bulk({ action: "discard", selection: { ids }, reason: "test data", expectedCount: 3 }))).toBe("CONFLICT");
    expect(await codeOf(w.as(w.operator).deadLetters.bulk({ action: "discard", selection: { ids }, reason: "  ", expectedCount: 2 }))).toBe("BAD_REQUEST");

    const started = await w.as(w.admin).deadLetters.bulk({ action: "discard", selection: { ids }, reason: "test data", expectedCount: 2 });
    const status = await settled(started.operationId);
    expect(status.operation).toMatchObject({ kind: "discard", status: "completed", total: 2, done: 2, succeeded: 2, params: { reason: "test data" } });
    expect(status.runs).toBeNull();
    const rows = await Promise.all([a, b, c].map(({ letterId }) => w.as(w.viewer).deadLetters.get({ id: letterId })));
    expect(rows.map((r) => [r.businessKey, r.status]).sort()).toEqual([
      ["#C1", "discarded"],
      ["#C2", "discarded"],
      ["#C3", "resubmitted"],
    ]);
  });

  it("assigns a filter's letters to an operator and reports each", async () => {
    const flowId = await publishOrderFlow(w.db, "Bulk assign");
    for (let i = 0; i < 4; i++) await deadLetterRun(w, flowId, { orderNo: `#A${i}` });
    expect(await codeOf(w.as(w.operator).deadLetters.bulk({ action: "assign", selection: { filter: { flowId } }, assigneeId: w.viewer.id, expectedCount: 4 }))).toBe("BAD_REQUEST");
    const started = await w.as(w.operator).deadLetters.bulk({ action: "assign", selection: { filter: { flowId } }, assigneeId: w.operator.id, expectedCount: 4 });
    const status = await settled(started.operationId);
    expect(status.operation).toMatchObject({ kind: "assign", status: "completed", done: 4, succeeded: 4 });
    expect((await w.as(w.operator).deadLetters.countMatching({ filter: { flowId, assignee: "me" } })).count).toBe(4);
    expect(await listBulkOperationItems(w.db, started.operationId)).toHaveLength(4);
  });

  it("a selection matching nothing starts nothing", async () => {
    expect(await codeOf(w.as(w.operator).deadLetters.bulk({ action: "retry", selection: { filter: { search: "no-such-order" } }, expectedCount: 0 }))).toBe("BAD_REQUEST");
  });
});

describe("designer start-up", () => {
  it("marks operations left running by a stopped process as interrupted, and audits it", async () => {
    const left = await insertRow(w.db, "bulkOperations", { kind: "retry", filter: { flowId: "x" }, total: 500, done: 120, succeeded: 120 });
    const finished = await insertRow(w.db, "bulkOperations", { kind: "discard", status: "completed", filter: {}, total: 1, done: 1, succeeded: 1 });
    expect(await markInterruptedBulkOperations(w.db)).toBe(1);
    const status = await w.as(w.viewer).deadLetters.bulkStatus({ id: left.id });
    expect(status.operation).toMatchObject({ status: "interrupted", done: 120, total: 500 });
    expect(status.operation.finishedAt).toBeInstanceOf(Date);
    expect((await w.as(w.viewer).deadLetters.bulkStatus({ id: finished.id })).operation.status).toBe("completed");
    expect((await bulkAudit(left.id)).map((a) => [a.action, a.summary])).toEqual([["dead_letter.bulk", { phase: "interrupted", kind: "retry", total: 500, done: 120 }]]);
    expect(await markInterruptedBulkOperations(w.db)).toBe(0);
  });
});
