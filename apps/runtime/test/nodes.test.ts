import { getRunWithSteps, getLookupTable, upsertLookupEntry, upsertLookupTable } from "@ipaas/db";
import { dispatchRun } from "@ipaas/jobs";
import { selectRows } from "@ipaas/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishFlow, startHarness, waitForRun, type Harness } from "./helpers/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const dispatch = (flowId: string, payload: unknown) => dispatchRun({ db: h.db, queue: h.queue }, { flowId, triggerType: "trigger.manual", payload });

describe("node types in the runtime", () => {
  it("subflow: runs the child flow as its own linked run and continues with its output", async () => {
    const child = await publishFlow(h.db, "child: double", [{ id: "double", type: "map", name: "Double", config: { expression: "{ 'doubled': x * 2 }" } }]);
    const parent = await publishFlow(h.db, "parent", [
      { id: "sub", type: "subflow", name: "Call child", config: { flowId: child, input: "{ 'x': n }" } },
      { id: "after", type: "map", name: "After", config: { expression: "{ 'result': doubled, 'fromSteps': $steps.`Call child`.doubled }" } },
    ]);
    const { runId } = await dispatch(parent, { orderNo: "#P1", n: 21 });
    const { run } = await waitForRun(h.db, runId);
    expect(run.status).toBe("succeeded");
    expect(run.output).toEqual({ result: 42, fromSteps: 42 });
    const children = await selectRows(h.db, "runs", { parentRunId: runId });
    expect(children).toHaveLength(1);
    expect(children[0]).toMatchObject({ flowId: child, status: "succeeded", correlationId: run.correlationId, triggerType: "subflow" });
  });

  it("delay: the run waits (queued, not holding a worker) and then continues", async () => {
    const flowId = await publishFlow(h.db, "delayed", [
      { id: "wait", type: "delay", name: "Wait", config: { ms: 1500 } },
      { id: "after", type: "map", name: "After", config: { expression: "'done'" } },
    ]);
    const started = Date.now();
    const { runId } = await dispatch(flowId, { orderNo: "#D1" });
    await new Promise((r) => setTimeout(r, 500));
    const waiting = await getRunWithSteps(h.db, runId);
    expect(waiting?.run.status).toBe("queued");
    expect(waiting!.run.wakeAt.getTime()).toBeGreaterThan(started + 1000);
    const { run, steps } = await waitForRun(h.db, runId);
    expect(run.status).toBe("succeeded");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    expect(steps.map((s) => s.nodeId)).toEqual(["trigger", "wait", "after"]);
  });

  it("lookup: translates through a cross-reference table; a missing key fails when told to", async () => {
    await upsertLookupTable(h.db, "sku-map", { "SHOP-RED": { nsItemId: "1001" } });
    const flowId = await publishFlow(h.db, "lookup", [
      { id: "xref", type: "lookup", name: "NetSuite item", config: { table: "sku-map", key: "sku", onMissing: "fail" } },
    ]);
    const ok = await waitForRun(h.db, (await dispatch(flowId, { orderNo: "#X1", sku: "SHOP-RED" })).runId);
    expect(ok.run).toMatchObject({ status: "succeeded", output: { nsItemId: "1001" } });
    const missing = await waitForRun(h.db, (await dispatch(flowId, { orderNo: "#X2", sku: "SHOP-BLUE" })).runId);
    expect(missing.run.status).toBe("dead");
    expect(missing.run.error).toMatchObject({ code: "LOOKUP_MISSING" });
  });

  it("$lookup(table, key, default) inside any expression reads the same tables", async () => {
    await upsertLookupTable(h.db, "locations", { "WH-EAST": "1", "WH-WEST": "2" });
    const flowId = await publishFlow(h.db, "lookup fn", [
      { id: "map", type: "map", name: "Map", config: { expression: "{ 'location': $lookup('locations', warehouse, 'UNMAPPED'), 'other': $lookup('locations', 'NOPE', 'UNMAPPED') }" } },
    ]);
    const { run } = await waitForRun(h.db, (await dispatch(flowId, { orderNo: "#L1", warehouse: "WH-WEST" })).runId);
    expect(run).toMatchObject({ status: "succeeded", output: { location: "2", other: "UNMAPPED" } });
  });

  it("reads the flow's environment's entries of a table: sandbox and production differ, a change in one is seen there", async () => {
    const table = await upsertLookupTable(h.db, "env-skus", { "SKU-1": "SB-1", "SKU-2": "SB-2" });
    await upsertLookupTable(h.db, "env-skus", { "SKU-1": "PR-1" }, { environment: "production" });
    const nodes = [{ id: "map", type: "map" as const, name: "Map", config: { expression: "{ 'item': $lookup('env-skus', sku) }" } }];
    const sandbox = await publishFlow(h.db, "env lookup sandbox", nodes, { environment: "sandbox", retry: { attempts: 1, backoffMs: 10, maxDelayMs: 10 } });
    const production = await publishFlow(h.db, "env lookup production", nodes, { environment: "production", retry: { attempts: 1, backoffMs: 10, maxDelayMs: 10 } });
    const run = async (flowId: string, sku: string) => (await waitForRun(h.db, (await dispatch(flowId, { orderNo: `#E-${flowId}-${sku}-${Math.random()}`, sku })).runId)).run;

    expect(await run(sandbox, "SKU-1")).toMatchObject({ status: "succeeded", output: { item: "SB-1" } });
    expect(await run(production, "SKU-1")).toMatchObject({ status: "succeeded", output: { item: "PR-1" } });
    // SKU-2 exists only in sandbox: production's run fails before anything is sent on.
    expect(await run(sandbox, "SKU-2")).toMatchObject({ status: "succeeded", output: { item: "SB-2" } });
    const missing = await run(production, "SKU-2");
    expect(missing.status).toBe("dead");
    expect(missing.error).toMatchObject({ code: "LOOKUP_MISSING", message: expect.stringContaining("SKU-2 not found in env-skus") });

    // The analyst adds the production entry: the cached "absent" answer is dropped for production only.
    const actor = { id: null, email: "analyst@example.com" };
    await upsertLookupEntry(h.db, { tableId: table.id, environment: "production", entry: { key: "SKU-2", value: "PR-2", description: "" }, actor });
    await upsertLookupEntry(h.db, { tableId: table.id, environment: "production", entry: { key: "SKU-1", value: "PR-1b", description: "" }, actor });
    const deadline = Date.now() + 5000;
    let fixed = await run(production, "SKU-2");
    while (fixed.status !== "succeeded" && Date.now() < deadline) fixed = await run(production, "SKU-2");
    expect(fixed).toMatchObject({ status: "succeeded", output: { item: "PR-2" } });
    expect(await run(production, "SKU-1")).toMatchObject({ output: { item: "PR-1b" } });
    expect(await run(sandbox, "SKU-1")).toMatchObject({ output: { item: "SB-1" } });
    expect((await getLookupTable(h.db, { id: table.id, environment: "production" })).entryCount).toBe(2);
  });
});
