import { findDeadLetter, getFlowVersion, getRunWithSteps, listAudit, publishVersion } from "@ipaas/db";
import { runJobId } from "@ipaas/jobs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeOf } from "./helpers";
import { deadLetterRun, publishOrderFlow, startWorkbench, type Workbench } from "./dead-letters-fixtures";

/** docs/architecture.md "Dead letters and bulk operations": replay on the latest version, dry run first. */

let w: Workbench;

beforeAll(async () => {
  w = await startWorkbench();
});
afterAll(async () => {
  await w?.close();
});

/** Publishes the order flow again with another input mapping for "Post order". */
async function republish(flowId: string, input: string) {
  const { run } = (await getRunWithSteps(w.db, (await w.as(w.viewer).deadLetters.list({ filter: { flowId } })).items[0]!.runId))!;
  const current = (await getFlowVersion(w.db, run.flowVersionId)).definition as { nodes: Array<{ id: string; config: Record<string, unknown> }> };
  const definition = { ...current, nodes: current.nodes.map((n) => (n.id === "post" ? { ...n, config: { ...n.config, input } } : n)) };
  return publishVersion(w.db, { flowId, definition, message: "fix the mapping", actor: { id: w.admin.id, email: w.admin.email } });
}

const FIXED = "{ 'method': 'POST', 'path': '/orders/' & orderNo, 'body': $merge([$, { 'customer': 'C-' & orderNo }]) }";

describe("replay on the latest version", () => {
  it("the dry run shows each letter's new input against the kept one, validated, without calling anything or touching the letters", async () => {
    const flowId = await publishOrderFlow(w.db, "Replay dry run");
    const letters = [];
    for (const orderNo of ["#D1", "#D2", "#D3"]) letters.push(await deadLetterRun(w, flowId, { orderNo }));
    await republish(flowId, FIXED);
    const selection = { filter: { flowId } };

    for (const mode of ["rerun", "resume"] as const) {
      const dry = await w.as(w.operator).deadLetters.replayDryRun({ selection, mode });
      // The connection points at http://erp.test: a call would have failed the step ("fails"), not validated it.
      expect(dry).toMatchObject({ matched: 3, checked: 3, counts: { ready: 3, invalid: 0, fails: 0, not_reached: 0 } });
      const first = dry.items.find((i) => i.businessKey === "#D1")!;
      expect(first).toMatchObject({ outcome: "ready", issues: [], before: { method: "POST", path: "/orders", body: { orderNo: "#D1" } }, after: { method: "POST", path: "/orders/#D1", body: { orderNo: "#D1", customer: "C-#D1" } } });
      expect(first.changes.map((c) => [c.path, c.before, c.after])).toEqual([
        ["path", "/orders", "/orders/#D1"],
        ["body.customer", undefined, "C-#D1"],
      ]);
    }
    // A sample looks at fewer letters.
    expect((await w.as(w.operator).deadLetters.replayDryRun({ selection, mode: "rerun", sample: 2 })).checked).toBe(2);
    for (const { runId, letterId } of letters) {
      expect((await findDeadLetter(w.db, letterId)).status).toBe("open");
      expect((await getRunWithSteps(w.db, runId))!.run).toMatchObject({ status: "dead", jobSeq: 0 });
      expect(await w.queue.getJob(runJobId(runId, 1))).toBeUndefined();
    }
    expect(await codeOf(w.as(w.viewer).deadLetters.replayDryRun({ selection, mode: "rerun" }))).toBe("FORBIDDEN");
  });

  it("a mapping that is still wrong shows its validation issues", async () => {
    const flowId = await publishOrderFlow(w.db, "Replay still wrong");
    await deadLetterRun(w, flowId, { orderNo: "#W1" });
    await republish(flowId, "{ 'method': 'FETCH', 'path': '/orders', 'body': $ }");
    const dry = await w.as(w.operator).deadLetters.replayDryRun({ selection: { filter: { flowId } }, mode: "resume" });
    expect(dry.counts).toEqual({ ready: 0, invalid: 1, fails: 0, not_reached: 0 });
    expect(dry.items[0]!.issues).toEqual([expect.objectContaining({ path: "method" })]);
    expect(dry.items[0]!.changes.map((c) => c.path)).toEqual(["method"]);
  });

  it("the confirmed replay runs as a bulk operation: every run moves to the latest version, resumes with the new input, each letter audited", async () => {
    const flowId = await publishOrderFlow(w.db, "Replay bulk");
    const letters = [];
    for (const orderNo of ["#R1", "#R2"]) letters.push(await deadLetterRun(w, flowId, { orderNo }));
    const fixed = await republish(flowId, FIXED);
    const selection = { filter: { flowId } };
    expect(await codeOf(w.as(w.operator).deadLetters.bulk({ action: "replay", mode: "resume", selection, expectedCount: 3 }))).toBe("CONFLICT");
    const started = await w.as(w.operator).deadLetters.bulk({ action: "replay", mode: "resume", selection, expectedCount: 2 });
    let status = await w.as(w.viewer).deadLetters.bulkStatus({ id: started.operationId });
    for (const deadline = Date.now() + 15_000; status.operation.status === "running" && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 50));
      status = await w.as(w.viewer).deadLetters.bulkStatus({ id: started.operationId });
    }
    expect(status.operation).toMatchObject({ kind: "retry", status: "completed", total: 2, succeeded: 2, failed: 0, params: { replay: "resume" } });
    expect(status.runs).toEqual({ succeeded: 0, failedAgain: 0, inProgress: 2, other: 0 });
    for (const { runId, letterId } of letters) {
      const { run } = (await getRunWithSteps(w.db, runId))!;
      expect(run).toMatchObject({ status: "queued", flowVersionId: fixed.id, jobSeq: 1 });
      // Resumed at the failed step with its input from the trigger's output, mapped by the new version when it runs.
      expect((run.state as { pending: Array<{ nodeId: string; resolved?: boolean }> }).pending).toEqual([{ nodeId: "post", input: run.triggerPayload, lineage: "0", attempt: 1 }]);
      expect((await w.queue.getJob(runJobId(runId, 1)))?.data.flowVersionId).toBe(fixed.id);
      const audit = await listAudit(w.db, { targetType: "dead_letter", targetId: letterId, limit: 5 });
      expect(audit.items[0]).toMatchObject({ action: "dead_letter.resubmit", actorEmail: "ops@example.com", summary: { replay: { mode: "resume", toVersionId: fixed.id, version: 2 } } });
    }
  });
});
