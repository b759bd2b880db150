import { dispatchRun } from "@ipaas/jobs";
import { selectRows } from "@ipaas/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishFlow, startHarness, waitForRun, type Harness } from "./helpers/harness";

let h: Harness;
const limits = { maxForeachItems: 5, maxStateBytes: 256 * 1024 };

beforeAll(async () => {
  h = await startHarness({ runLimits: limits });
});
afterAll(async () => h?.close());

const dispatch = (flowId: string, payload: unknown) => dispatchRun({ db: h.db, queue: h.queue }, { flowId, triggerType: "trigger.manual", payload });
const lettersOf = (runId: string) => selectRows(h.db, "deadLetters", { runId });

describe("run limits in the runtime (real Postgres + Redis)", () => {
  it("a foreach over more items than RUNTIME_MAX_FOREACH_ITEMS ends in a dead letter that keeps the payload, with no item run", async () => {
    const flowId = await publishFlow(h.db, "wide", [
      { id: "each", type: "foreach", name: "Each line", config: { items: "lines" } },
      { id: "line", type: "map", name: "Line", config: { expression: "sku" } },
    ]);
    const payload = { orderNo: "#W1", lines: Array.from({ length: 6 }, (_, i) => ({ sku: `SKU-${i}` })) };
    const { runId } = await dispatch(flowId, payload);
    const { run, steps } = await waitForRun(h.db, runId);
    expect(run.status).toBe("dead");
    expect(steps.map((s) => [s.nodeId, s.status])).toEqual([
      ["trigger", "succeeded"],
      ["each", "failed"],
    ]);
    const letters = await lettersOf(runId);
    expect(letters.map((l) => [l.nodeId, l.errorClass, (l.error as { code: string }).code, l.input])).toEqual([["each", "non_retryable", "FOREACH_TOO_MANY_ITEMS", payload]]);
    expect(letters[0]!.errorMessage).toMatch(/over the foreach limit of 5/);
  });

  it("a run whose state outgrows RUNTIME_MAX_RUN_STATE_BYTES is dead-lettered at its trigger with the whole payload", async () => {
    const flowId = await publishFlow(h.db, "heavy", [
      { id: "double", type: "map", name: "Double", config: { expression: "{ 'a': $, 'b': $ }" } },
      { id: "wait", type: "delay", name: "Wait", config: { ms: 60_000 } },
      { id: "next", type: "map", name: "Next", config: { expression: "a.orderNo" } },
    ]);
    // Bigger than the step display cap too: the letter must still hold all of it.
    const payload = { orderNo: "#H1", note: "n".repeat(300 * 1024) };
    const { runId } = await dispatch(flowId, payload);
    const { run } = await waitForRun(h.db, runId);
    expect(run.status).toBe("dead");
    expect(run.state).toMatchObject({ pending: [], outputs: {} });
    expect(run.error).toMatchObject({ code: "STATE_TOO_LARGE", class: "non_retryable" });
    const letters = await lettersOf(runId);
    expect(letters.map((l) => [l.nodeId, l.lineage, l.inputResolved])).toEqual([["trigger", "0", false]]);
    expect(letters[0]!.input).toEqual(payload);
    expect(letters[0]!.errorMessage).toMatch(/RUNTIME_MAX_RUN_STATE_BYTES/);
  });
});
