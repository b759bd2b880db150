import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { enqueueRun, maintenanceJobOptions, QUEUES, runJobId, runJobOptions, runJobSchema, runWorkerOptions } from "../src";
import { useTestbed } from "./setup";

const bed = useTestbed();

const job = () => ({ runId: randomUUID(), flowId: randomUUID(), flowVersionId: randomUUID() });

describe("queue config (real Redis)", () => {
  it("the runs queue is the `runs` queue and every job carries the run options", async () => {
    expect(bed.queue.name).toBe(QUEUES.runs);
    const run = job();
    await enqueueRun(bed.queue, run);
    const added = await bed.queue.getJob(run.runId);
    expect(added?.data).toEqual({ ...run, seq: 0 });
    expect(added?.opts).toMatchObject({ attempts: runJobOptions.attempts, backoff: runJobOptions.backoff, removeOnComplete: runJobOptions.removeOnComplete, removeOnFail: runJobOptions.removeOnFail });
  });

  it("one job per (run, continuation): a repeated enqueue is a no-op, the next continuation is a new job", async () => {
    const run = job();
    await enqueueRun(bed.queue, run);
    await enqueueRun(bed.queue, run);
    await enqueueRun(bed.queue, { ...run, seq: 1 });
    await enqueueRun(bed.queue, { ...run, seq: 1 });
    const ids = (await bed.queue.getJobs(["waiting", "delayed"])).map((j) => j.id).filter((id) => id?.startsWith(run.runId));
    expect(ids.sort()).toEqual([run.runId, `${run.runId}-1`]);
    expect(runJobId(run.runId, 0)).toBe(run.runId);
    expect(runJobId(run.runId, 3)).toBe(`${run.runId}-3`);
  });

  it("a continuation with a delay waits in the delayed set (a step retry's backoff); a negative delay does not", async () => {
    const later = job();
    await enqueueRun(bed.queue, { ...later, seq: 2 }, { delayMs: 60_000 });
    expect(await (await bed.queue.getJob(runJobId(later.runId, 2)))?.getState()).toBe("delayed");
    const now = job();
    await enqueueRun(bed.queue, now, { delayMs: -5 });
    expect(await (await bed.queue.getJob(now.runId))?.getState()).toBe("waiting");
  });

  it("refuses a malformed payload before it reaches Redis", async () => {
    const before = await bed.queue.count();
    await expect(enqueueRun(bed.queue, { runId: "not-a-uuid", flowId: randomUUID(), flowVersionId: randomUUID() })).rejects.toThrow();
    await expect(enqueueRun(bed.queue, { ...job(), seq: -1 })).rejects.toThrow();
    expect(await bed.queue.count()).toBe(before);
    expect(runJobSchema.safeParse({ ...job(), seq: 1.5 }).success).toBe(false);
  });

  it("a run's lock outlives its longest step and the stalled check; maintenance ticks are never retried", () => {
    // Connector calls time out at 30 s: a shorter lock would let a second worker take a running job.
    expect(runWorkerOptions.lockDuration).toBeGreaterThan(30_000);
    expect(runWorkerOptions.stalledInterval).toBeLessThanOrEqual(runWorkerOptions.lockDuration!);
    expect(runWorkerOptions.maxStalledCount).toBeGreaterThanOrEqual(1);
    expect(maintenanceJobOptions.attempts).toBe(1);
    expect(new Set(Object.values(QUEUES)).size).toBe(Object.keys(QUEUES).length);
  });
});
