import { randomUUID } from "node:crypto";
import { ConflictError, getRunWithSteps, NotFoundError } from "@ipaas/db";
import { describe, expect, it } from "vitest";
import { dispatchRun, loadRunnableFlow } from "../src";
import { publishOrderFlow, useTestbed } from "./setup";

const bed = useTestbed();

const dispatch = (params: { payload: unknown; triggerEventId?: string; correlationId?: string }) => dispatchRun({ db: bed.db, queue: bed.queue }, { flowId: bed.flowId, triggerType: "trigger.manual", ...params });

describe("dispatchRun (real Postgres + Redis)", () => {
  it("records the run with its business key, then enqueues its first job under the run id", async () => {
    const result = await dispatch({ payload: { orderNo: "#1001" }, correlationId: "corr-1" });
    expect(result).toMatchObject({ correlationId: "corr-1", businessKey: "#1001", duplicate: false });
    const { run } = (await getRunWithSteps(bed.db, result.runId))!;
    expect(run).toMatchObject({ flowId: bed.flowId, status: "queued", jobSeq: 0, triggerType: "trigger.manual", businessKey: "#1001", correlationId: "corr-1", triggerPayload: { orderNo: "#1001" } });
    const job = await bed.queue.getJob(result.runId);
    expect(job?.data).toEqual({ runId: result.runId, flowId: bed.flowId, flowVersionId: run.flowVersionId, seq: 0 });
  });

  it("a correlation id is made up when the caller has none", async () => {
    const { correlationId } = await dispatch({ payload: { orderNo: "#1002" } });
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("a repeated trigger event returns the first run, and re-enqueues it when the first job was lost", async () => {
    const eventId = `evt-${randomUUID()}`;
    const first = await dispatch({ payload: { orderNo: "#2001" }, triggerEventId: eventId });
    const again = await dispatch({ payload: { orderNo: "#2001" }, triggerEventId: eventId });
    expect(again).toMatchObject({ runId: first.runId, duplicate: true });
    expect((await bed.queue.getJobs(["waiting"])).filter((j) => j.data.runId === first.runId)).toHaveLength(1);

    // The first delivery recorded the run but its enqueue was lost: the retry repairs it.
    await (await bed.queue.getJob(first.runId))!.remove();
    const repaired = await dispatch({ payload: { orderNo: "#2001" }, triggerEventId: eventId });
    expect(repaired).toMatchObject({ runId: first.runId, duplicate: true });
    expect(await bed.queue.getJob(first.runId)).toBeTruthy();
  });

  it("refuses a flow that cannot run: unknown, unpublished", async () => {
    await expect(dispatchRun({ db: bed.db, queue: bed.queue }, { flowId: randomUUID(), triggerType: "trigger.manual", payload: {} })).rejects.toBeInstanceOf(NotFoundError);
    const draft = await publishOrderFlow(bed.db, "Draft only", { publish: false });
    await expect(loadRunnableFlow(bed.db, draft)).rejects.toBeInstanceOf(ConflictError);
  });

  it("uses a runnable flow the caller already loaded instead of looking it up again", async () => {
    const runnable = await loadRunnableFlow(bed.db, bed.flowId);
    expect(runnable).toMatchObject({ flowId: bed.flowId, environment: "sandbox" });
    expect(runnable.definition.nodes.map((n) => n.id)).toEqual(["trigger", "post"]);
    // A runnable for another (unknown) flow id: used as given, so the lookup must not happen.
    const result = await dispatchRun({ db: bed.db, queue: bed.queue }, { flowId: randomUUID(), runnable, triggerType: "trigger.manual", payload: { orderNo: "#3001" } });
    expect((await getRunWithSteps(bed.db, result.runId))?.run.flowId).toBe(bed.flowId);
  });
});
