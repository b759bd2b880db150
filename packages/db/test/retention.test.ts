import { eq, inArray, sql } from "drizzle-orm";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_PAYLOAD_DAYS, DEFAULT_RUN_DAYS, effectiveRetention, pruneOnce, storageUsage, type PruneResult } from "../src";
import { deadLetters, runs } from "../src/schema";
import { createTestDatabase, type TestDatabase } from "../src/testing";
import { expected, housekeepingLeft, observe, seedRetention } from "./retention-fixture";

// Each test seeds its own database: pruneOnce works across every flow.
const open: TestDatabase[] = [];
async function fresh() {
  const t = await createTestDatabase();
  open.push(t);
  const now = new Date();
  return { t, now, seeded: await seedRetention(t.db, now) };
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

const HOUSEKEEPING_LEFT = { samples: [3], alerts: ["firing", "recent"], bulkOperations: ["completed:11", "running:40"] };
const COUNTS = {
  payloadsCleared: 4,
  // Two steps per cleared run.
  stepPayloadsCleared: 8,
  runsDeleted: 5,
  effectsDeleted: 5,
  samplesDeleted: 2,
  alertsDeleted: 1,
  bulkOperationsDeleted: 2,
};
const counts = (r: PruneResult) => ({
  payloadsCleared: r.payloadsCleared,
  stepPayloadsCleared: r.stepPayloadsCleared,
  runsDeleted: r.runsDeleted,
  effectsDeleted: r.effectsDeleted,
  samplesDeleted: r.samplesDeleted,
  alertsDeleted: r.alertsDeleted,
  bulkOperationsDeleted: r.bulkOperationsDeleted,
});
const sum = (results: PruneResult[]) =>
  results.map(counts).reduce((acc, c) => Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, v + c[k as keyof typeof c]])) as typeof acc);

describe("retention settings", () => {
  it("falls back to the defaults, and payloads never outlive their run", () => {
    expect(effectiveRetention({ payloadDays: null, runDays: null })).toEqual({ payloadDays: DEFAULT_PAYLOAD_DAYS, runDays: DEFAULT_RUN_DAYS });
    expect(effectiveRetention({ payloadDays: 2, runDays: 5 })).toEqual({ payloadDays: 2, runDays: 5 });
    expect(effectiveRetention({ payloadDays: null, runDays: 10 })).toEqual({ payloadDays: 10, runDays: 10 });
  });
});

describe("pruneOnce (real Postgres)", () => {
  it("clears payloads and deletes runs only where due, and never touches unfinished runs or open dead letters", async () => {
    const { t, now, seeded } = await fresh();
    const result = await pruneOnce(t.db, { now, pauseMs: 0 });
    expect(result.done).toBe(true);
    expect(counts(result)).toEqual(COUNTS);
    expect(await observe(t.db, seeded)).toEqual(expected(seeded));
    expect(await housekeepingLeft(t.db)).toEqual(HOUSEKEEPING_LEFT);

    // The open dead letter keeps the input an operator resubmits; resolved ones went with their runs.
    const letters = await t.db.select({ status: deadLetters.status, input: deadLetters.input }).from(deadLetters).orderBy(deadLetters.status);
    expect(letters).toEqual([
      { status: "open", input: { fixMe: "a-dead-open" } },
      { status: "open", input: { fixMe: "a-finished-open-letter" } },
      { status: "discarded", input: { fixMe: "b-discarded-due" } },
    ]);
  });

  it("does not rewrite what it already cleared: a second pass finds nothing", async () => {
    const { t, now, seeded } = await fresh();
    await pruneOnce(t.db, { now, pauseMs: 0 });
    const cleared = seeded.filter((s) => s.expect === "cleared").map((s) => s.id);
    // xmin changes with every update of a row: equal xmins mean the rows were not written again.
    const versions = () => t.db.select({ id: runs.id, xmin: sql<string>`xmin::text` }).from(runs).where(inArray(runs.id, cleared)).orderBy(runs.id);
    const before = await versions();
    const again = await pruneOnce(t.db, { now, pauseMs: 0 });
    expect(counts(again)).toEqual(Object.fromEntries(Object.keys(COUNTS).map((k) => [k, 0])));
    expect(await versions()).toEqual(before);
  });

  it("reaches the same end state in many small batches", async () => {
    const { t, now, seeded } = await fresh();
    const result = await pruneOnce(t.db, { now, batchSize: 1, pauseMs: 1 });
    expect(result.done).toBe(true);
    // One batch per row, plus the batch of each kind of work that found it drained.
    expect(result.batches).toBeGreaterThan(COUNTS.payloadsCleared + COUNTS.runsDeleted + COUNTS.samplesDeleted);
    expect(counts(result)).toEqual(COUNTS);
    expect(await observe(t.db, seeded)).toEqual(expected(seeded));
    expect(await housekeepingLeft(t.db)).toEqual(HOUSEKEEPING_LEFT);
  });

  it("stops when the time budget is spent and the next call continues", async () => {
    const { t, now, seeded } = await fresh();
    const first = await pruneOnce(t.db, { now, batchSize: 1, timeBudgetMs: 0, pauseMs: 0 });
    // A spent budget still lets a call do one batch of real work, so every tick progresses.
    expect(first.done).toBe(false);
    expect(Object.values(counts(first)).reduce((a, b) => a + b)).toBe(1);
    const results = [first];
    while (!results.at(-1)!.done) {
      results.push(await pruneOnce(t.db, { now, batchSize: 1, timeBudgetMs: 0, pauseMs: 0 }));
      expect(results.length).toBeLessThan(50);
    }
    expect(results.length).toBeGreaterThan(COUNTS.runsDeleted);
    expect(sum(results)).toEqual(COUNTS);
    expect(await observe(t.db, seeded)).toEqual(expected(seeded));
  });

  it("with a watermark reads only newly due runs; a late finisher waits for a full pass", async () => {
    const { t, now, seeded } = await fresh();
    const clearedBefore = new Map<string, Date>();
    await pruneOnce(t.db, { now, pauseMs: 0, clearedBefore });
    // Every flow with a clearing window drained, so each has its watermark (flow "runs-only" has none).
    const flowOf = (label: string) => seeded.find((s) => s.label === label)!.flowId;
    expect([...clearedBefore.keys()].sort()).toEqual([flowOf("a-young"), flowOf("b-young")].sort());
    expect(clearedBefore.get(flowOf("a-young"))!.getTime()).toBe(now.getTime() - DEFAULT_PAYLOAD_DAYS * 86_400_000);

    // A run 40 days old finishes only now (its retry finally succeeded): below the watermark.
    const late = seeded.find((s) => s.label === "a-retrying")!;
    await t.db.update(runs).set({ status: "succeeded" }).where(eq(runs.id, late.id));
    // Hours later a watermarked pass does not look below the mark (minus an hour of slack) …
    const later = new Date(now.getTime() + 6 * 3_600_000);
    expect((await pruneOnce(t.db, { now: later, pauseMs: 0, clearedBefore })).payloadsCleared).toBe(0);
    expect((await observe(t.db, [late]))["a-retrying"]).toBe("kept");
    // … a full pass does.
    expect((await pruneOnce(t.db, { now: later, pauseMs: 0 })).payloadsCleared).toBe(1);
    expect((await observe(t.db, [late]))["a-retrying"]).toBe("cleared");
  });

  it("skips rows another transaction holds, and gets them on the next pass", async () => {
    const { t, now, seeded } = await fresh();
    const held = seeded.find((s) => s.label === "a-old")!;
    let partial: PruneResult | undefined;
    await t.db.transaction(async (tx) => {
      await tx.select({ id: runs.id }).from(runs).where(eq(runs.id, held.id)).for("update");
      // A concurrent prune (its own connections) must neither wait for nor touch the locked run.
      partial = await pruneOnce(t.db, { now, pauseMs: 0 });
    });
    expect(partial?.runsDeleted).toBe(COUNTS.runsDeleted - 1);
    expect((await observe(t.db, [held]))["a-old"]).toBe("kept");
    expect((await pruneOnce(t.db, { now, pauseMs: 0 })).runsDeleted).toBe(1);
    expect(await observe(t.db, seeded)).toEqual(expected(seeded));
  });
});

describe("storageUsage (real Postgres)", () => {
  it("reports table sizes and, per flow, runs, the oldest run and payload bytes", async () => {
    const { t, now, seeded } = await fresh();
    const usage = await storageUsage(t.db);
    expect(usage.estimated).toBe(false);
    expect(usage.databaseBytes).toBeGreaterThan(0);
    const table = (name: string) => usage.tables.find((x) => x.table === name);
    expect(usage.tables.map((x) => x.table)).toEqual(expect.arrayContaining(["runs", "run_steps", "dead_letters", "effect_ledger", "audit_log", "metric_samples"]));
    expect(table("runs")!.bytes).toBeGreaterThan(8192);

    const byFlow = new Map(usage.flows.map((f) => [f.flowId, f]));
    const flowIds = [...new Set(seeded.map((s) => s.flowId))];
    for (const id of flowIds) {
      const mine = seeded.filter((s) => s.flowId === id);
      const f = byFlow.get(id)!;
      expect(f.runs).toBe(mine.length);
      expect(f.payloadBytes).toBeGreaterThan(0);
      expect(f.oldestRunAt).toBeInstanceOf(Date);
    }
    // The default flow's oldest run is 100 days old.
    const oldest = byFlow.get(flowIds[0]!)!.oldestRunAt!;
    expect(Math.round((now.getTime() - oldest.getTime()) / 86_400_000)).toBe(100);

    // Clearing payloads shows: the cleared flow's payload bytes drop.
    const before = byFlow.get(flowIds[1]!)!.payloadBytes;
    await pruneOnce(t.db, { now, pauseMs: 0 });
    const after = (await storageUsage(t.db)).flows.find((f) => f.flowId === flowIds[1])!;
    expect(after.runs).toBe(3);
    expect(after.payloadBytes).toBeLessThan(before);
  });

  it("knows a table's row count before its first ANALYZE (from the statistics collector)", async () => {
    const t = await createTestDatabase();
    open.push(t);
    // Written by a connection that then exits: a backend flushes its statistics on exit.
    const writer = new pg.Client({ connectionString: t.url });
    await writer.connect();
    await writer.query("insert into metric_samples (name, value) select 'row-count-test', g from generate_series(1, 37) g");
    await writer.end();
    await expect
      .poll(async () => (await storageUsage(t.db)).tables.find((x) => x.table === "metric_samples")?.rowsEstimate, { timeout: 15_000 })
      .toBe(37);
  });

  it("estimates from a sample once a table is big (forced here by a tiny sample size)", async () => {
    const { t, seeded } = await fresh();
    await t.db.execute(sql`analyze runs; analyze run_steps`);
    const usage = await storageUsage(t.db, { sampleRows: 5 });
    expect(usage.estimated).toBe(true);
    for (const f of usage.flows) {
      // Small flows are still counted exactly; sampled bytes are finite and not negative.
      expect(f.runs).toBe(seeded.filter((s) => s.flowId === f.flowId).length);
      expect(Number.isFinite(f.payloadBytes) && f.payloadBytes >= 0).toBe(true);
    }
  });
});
