import { ConflictError, findDeadLetter, getRunWithSteps, InvalidInputError, listAudit, NotFoundError } from "@ipaas/db";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkDeadLetterInput, resubmitDeadLetter, resubmitDeadLetters, runJobId, type OperationLookup } from "../src";
import { deadLetterRun, useTestbed } from "./setup";

const bed = useTestbed();

const actor = { id: null, email: "ops@example.com", ip: "10.0.0.9" };
/** The HTTP connector's request operation, as far as resubmission looks at it. */
const registry: OperationLookup = {
  get: (id) => (id === "http" ? { actions: { request: { input: z.object({ method: z.enum(["GET", "POST"]), path: z.string().startsWith("/", "path must start with /") }) } } } : undefined),
};
const resubmit = (deadLetterId: string, input?: unknown) => resubmitDeadLetter({ db: bed.db, queue: bed.queue, registry }, { deadLetterId, actor, ...(input !== undefined ? { input } : {}) });
const run = async (runId: string) => (await getRunWithSteps(bed.db, runId))!.run;

describe("resubmission (real Postgres + Redis)", () => {
  it("puts the failed step back into its run with the kept input and enqueues the run's next job", async () => {
    const { runId, letterId } = await deadLetterRun(bed, bed.flowId, "#1");
    expect((await run(runId)).status).toBe("dead");
    expect(await resubmit(letterId)).toEqual({ runId });
    expect(await findDeadLetter(bed.db, letterId)).toMatchObject({ status: "resubmitted", resolution: "resubmitted" });
    const resumed = await run(runId);
    expect(resumed).toMatchObject({ status: "queued", jobSeq: 1, finishedAt: null, error: null });
    // Nothing completed before runs again: the outputs stay, the one step is the only work.
    expect(resumed.state).toEqual({ pending: [{ nodeId: "post", input: { method: "POST", path: "/orders", body: { orderNo: "#1" } }, lineage: "0", attempt: 1, resolved: true }], outputs: { "0": { Trigger: { orderNo: "#1" } } }, nextSeq: 1 });
    expect((await bed.queue.getJob(runJobId(runId, 1)))?.data).toEqual({ runId, flowId: bed.flowId, flowVersionId: resumed.flowVersionId, seq: 1 });
    const audit = await listAudit(bed.db, { targetType: "dead_letter", targetId: letterId, limit: 10 });
    expect(audit.items.map((a) => [a.action, a.actorEmail, a.ip, a.summary])).toEqual([["dead_letter.resubmit", "ops@example.com", "10.0.0.9", { runId, nodeId: "post", lineage: "0", editedInput: false }]]);
  });

  it("a letter is resubmitted once, however many operators press retry at once", async () => {
    const { runId, letterId } = await deadLetterRun(bed, bed.flowId, "#2");
    const outcomes = await Promise.allSettled([resubmit(letterId), resubmit(letterId), resubmit(letterId)]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toBeInstanceOf(ConflictError);
    expect((await run(runId)).jobSeq).toBe(1);
    await expect(resubmit(letterId)).rejects.toThrow(/not open/);
    await expect(resubmit("00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("an edited input is checked against the operation's schema first; a valid one goes into the run", async () => {
    const { runId, letterId } = await deadLetterRun(bed, bed.flowId, "#3");
    const refused = await resubmit(letterId, { method: "POST", path: "orders" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidInputError);
    expect((refused as InvalidInputError).issues).toEqual([{ path: "path", message: "path must start with /" }]);
    expect((await findDeadLetter(bed.db, letterId)).status).toBe("open");
    expect((await run(runId)).jobSeq).toBe(0);

    const edited = { method: "POST", path: "/orders/3" };
    await resubmit(letterId, edited);
    expect(await findDeadLetter(bed.db, letterId)).toMatchObject({ status: "resubmitted", resolution: "resubmitted with edited input" });
    expect(((await run(runId)).state as { pending: Array<{ input: unknown }> }).pending.map((p) => p.input)).toEqual([edited]);
  });

  it("a raw kept input (the mapping never ran) has no schema to check and resumes unresolved", async () => {
    const { runId, letterId } = await deadLetterRun(bed, bed.flowId, "#4", { inputResolved: false });
    const letter = await findDeadLetter(bed.db, letterId);
    expect(await checkDeadLetterInput(bed.db, letter, { anything: true }, registry)).toBeNull();
    expect(await checkDeadLetterInput(bed.db, { ...letter, inputResolved: true }, { method: "GET", path: "/x" }, registry)).toEqual([]);
    await resubmit(letterId, { orderNo: "#4-fixed" });
    expect(((await run(runId)).state as { pending: unknown[] }).pending).toEqual([{ nodeId: "post", input: { orderNo: "#4-fixed" }, lineage: "0", attempt: 1 }]);
  });

  it("in bulk: each letter on its own, a closed one fails alone, progress reported per letter", async () => {
    const letters = [await deadLetterRun(bed, bed.flowId, "#B1"), await deadLetterRun(bed, bed.flowId, "#B2"), await deadLetterRun(bed, bed.flowId, "#B3")];
    await resubmit(letters[1]!.letterId);
    const items: Array<{ id: string; ok: boolean }> = [];
    const progress: number[] = [];
    const result = await resubmitDeadLetters(
      { db: bed.db, queue: bed.queue },
      { ids: letters.map((l) => l.letterId), actor, onItem: (i) => void items.push({ id: i.id, ok: i.ok }), onProgress: (done) => progress.push(done) },
    );
    expect(result).toMatchObject({ matched: 3, succeeded: 2, failed: [{ id: letters[1]!.letterId, message: expect.stringMatching(/not open/) }] });
    expect(items.map((i) => i.ok)).toEqual([true, false, true]);
    expect(progress).toEqual([1, 2, 3]);
    for (const { runId } of letters) expect(await bed.queue.getJob(runJobId(runId, 1))).toBeTruthy();

    // By filter: what is still open for these business keys (nothing now).
    expect(await resubmitDeadLetters({ db: bed.db, queue: bed.queue }, { filter: { flowId: bed.flowId, businessKey: ["#B1", "#B2", "#B3"] }, actor })).toEqual({ matched: 0, succeeded: 0, failed: [] });
  });
});
