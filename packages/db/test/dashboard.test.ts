import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFlow, dashboardData, dashboardWindow, gaugePerBucket, openDeadLetters, openDeadLettersPerBucket, runsPerBucket, schema, stepLatency, syncLagPerFlow } from "../src";
import type { RunStatus } from "../src/schema";
import { createTestDatabase, type TestDatabase } from "../src/testing";

let t: TestDatabase;
/** Every figure is read at this instant; rows are seeded at known times around it. */
const NOW = new Date("2026-01-15T10:30:30Z");
const at = (hhmmss: string) => new Date(`2026-01-15T${hhmmss}Z`);
const hour = dashboardWindow("hour", NOW);
let flowA: { id: string; versionId: string };
let flowB: { id: string; versionId: string };

async function addRun(flow: { id: string; versionId: string }, status: RunStatus, createdAt: Date, lagMs?: number) {
  const finishedAt = lagMs === undefined ? null : new Date(createdAt.getTime() + lagMs);
  const [run] = await t.db
    .insert(schema.runs)
    .values({ flowId: flow.id, flowVersionId: flow.versionId, status, triggerType: "trigger.webhook", correlationId: "c", createdAt, finishedAt })
    .returning();
  return run!;
}

async function addLetter(flow: { id: string; versionId: string }, createdAt: Date, resolved?: { status: "resubmitted" | "discarded"; at: Date }) {
  const run = await addRun(flow, "dead", at("08:00:00"));
  await t.db.insert(schema.deadLetters).values({
    runId: run.id,
    flowId: flow.id,
    nodeId: "n",
    errorClass: "TARGET_VALIDATION",
    errorMessage: "bad",
    error: {},
    attempts: 1,
    correlationId: "c",
    createdAt,
    status: resolved?.status ?? "open",
    resolvedAt: resolved?.at ?? null,
  });
}

/** percentile_cont interpolates in floating point: 95.49999999999999 is 95.5. */
const round = <T extends object>(rows: T[]) =>
  rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "number" ? Math.round(v * 1e6) / 1e6 : v])));

/** The definition the dashboard promises, counted the slow way: open at each bucket's end. */
const letters: Array<{ flow: "A" | "B"; createdAt: Date; resolvedAt: Date | null }> = [];

beforeAll(async () => {
  t = await createTestDatabase();
  for (const [name, assign] of [
    ["Flow A", (f: typeof flowA) => (flowA = f)],
    ["Flow B", (f: typeof flowB) => (flowB = f)],
  ] as const) {
    const { flow, version } = await createFlow(t.db, { name, definition: { schemaVersion: 1, nodes: [], edges: [] }, publish: { message: "v1" } });
    assign({ id: flow.id, versionId: version!.id });
  }

  // Runs: three in the 10:29 bucket, one in the current bucket, one on flow B, two outside the window.
  await addRun(flowA, "succeeded", at("10:29:10"), 100);
  await addRun(flowA, "dead", at("10:29:50"), 50);
  await addRun(flowA, "failed", at("10:29:59"));
  await addRun(flowA, "queued", at("10:30:10"));
  await addRun(flowA, "succeeded", at("10:20:00"), 200);
  await addRun(flowA, "succeeded", at("10:21:00"), 300);
  await addRun(flowA, "succeeded", at("10:22:00"), 400);
  await addRun(flowB, "succeeded", at("10:05:00"), 1_000);
  await addRun(flowA, "succeeded", at("09:00:00"), 5); // before the window

  // Steps: shopify 10..100 ms, netsuite 200 and 400 ms, plus rows the window or the filter leaves out.
  const stepRun = await addRun(flowA, "succeeded", at("09:10:00"));
  const stepRunB = await addRun(flowB, "succeeded", at("09:10:00"));
  const step = (runId: string, connector: string | null, finishedAt: Date, durationMs: number, seq: number) => ({
    runId,
    seq,
    nodeId: `n${seq}`,
    nodeName: `N${seq}`,
    nodeType: "action",
    connector,
    status: "succeeded" as const,
    startedAt: finishedAt,
    finishedAt,
    durationMs,
  });
  await t.db.insert(schema.runSteps).values([
    ...Array.from({ length: 10 }, (_, i) => step(stepRun.id, "shopify", at(`10:1${i}:30`), (i + 1) * 10, i)),
    step(stepRun.id, "netsuite", at("10:15:10"), 200, 20),
    step(stepRun.id, "netsuite", at("10:25:10"), 400, 21),
    step(stepRun.id, "netsuite", at("09:00:00"), 9_999, 22), // before the window
    step(stepRun.id, null, at("10:15:00"), 7_777, 23), // a logic node: no connector
    step(stepRunB.id, "wms", at("10:16:00"), 50, 0),
  ]);

  // Queue depth samples: totals and a per-state row that the chart must not add in.
  await t.db.insert(schema.metricSamples).values([
    { name: "queue_depth", at: at("10:29:05"), value: 3, labels: { state: "total" } },
    { name: "queue_depth", at: at("10:29:20"), value: 7, labels: { state: "total" } },
    { name: "queue_depth", at: at("10:29:20"), value: 100, labels: { state: "waiting" } },
    { name: "queue_depth", at: at("10:10:00"), value: 12, labels: { state: "total" } },
    { name: "queue_depth", at: at("09:00:00"), value: 99, labels: { state: "total" } },
  ]);

  const seeded: Array<[flow: "A" | "B", created: string, resolved?: { status: "resubmitted" | "discarded"; at: string }]> = [
    ["A", "09:00:00"], // open since before the window: the baseline
    ["A", "09:50:30"],
    ["A", "10:00:10", { status: "discarded", at: "10:10:20" }],
    ["A", "08:00:00", { status: "resubmitted", at: "10:20:05" }], // open at the window's start, resolved inside it
    ["A", "08:00:00", { status: "discarded", at: "09:00:00" }], // resolved before the window
    ["B", "10:25:40"],
  ];
  for (const [flow, created, resolved] of seeded) {
    await addLetter(flow === "A" ? flowA : flowB, at(created), resolved && { status: resolved.status, at: at(resolved.at) });
    letters.push({ flow, createdAt: at(created), resolvedAt: resolved ? at(resolved.at) : null });
  }
});
afterAll(async () => t?.close());

describe("dashboard window", () => {
  it("has 60 × 1 min, 96 × 15 min or 84 × 2 h buckets ending with the current one", () => {
    expect(hour).toMatchObject({ from: at("09:31:00"), lastBucket: at("10:30:00"), to: NOW, bucketMs: 60_000 });
    const day = dashboardWindow("day", NOW);
    expect(day.lastBucket).toEqual(at("10:30:00"));
    expect((day.lastBucket.getTime() - day.from.getTime()) / day.bucketMs + 1).toBe(96);
    const week = dashboardWindow("week", NOW);
    expect(week.lastBucket).toEqual(at("10:00:00"));
    expect((week.lastBucket.getTime() - week.from.getTime()) / week.bucketMs + 1).toBe(84);
  });
});

describe("dashboard queries (real Postgres)", () => {
  it("counts runs per minute by status, filling empty buckets with zeros", async () => {
    const buckets = await runsPerBucket(t.db, hour);
    expect(buckets).toHaveLength(60);
    expect(buckets[0]!.t).toEqual(at("09:31:00"));
    expect(buckets.at(-1)!.t).toEqual(at("10:30:00"));
    const byTime = new Map(buckets.map((b) => [b.t.toISOString(), b]));
    expect(byTime.get(at("10:29:00").toISOString())).toMatchObject({ succeeded: 1, dead: 1, failed: 1, queued: 0, errorRate: 2 / 3 });
    expect(byTime.get(at("10:30:00").toISOString())).toMatchObject({ queued: 1, succeeded: 0, errorRate: null });
    expect(byTime.get(at("10:05:00").toISOString())).toMatchObject({ succeeded: 1, errorRate: 0 });
    expect(byTime.get(at("10:06:00").toISOString())).toMatchObject({ succeeded: 0, dead: 0, failed: 0, queued: 0, running: 0, errorRate: null });
    const total = buckets.reduce((n, b) => n + b.succeeded + b.dead + b.failed + b.queued, 0);
    expect(total).toBe(8); // the 09:00 and 09:10 runs are before the window

    const onlyB = await runsPerBucket(t.db, hour, flowB.id);
    expect(onlyB.filter((b) => b.succeeded > 0).map((b) => b.t)).toEqual([at("10:05:00")]);
  });

  it("computes step latency p50/p95 per connector inside the window, and p95 over time", async () => {
    const { byConnector, overTime } = await stepLatency(t.db, hour);
    expect(round(byConnector)).toEqual([
      { connector: "shopify", steps: 10, p50Ms: 55, p95Ms: 95.5 },
      { connector: "netsuite", steps: 2, p50Ms: 300, p95Ms: 390 },
      { connector: "wms", steps: 1, p50Ms: 50, p95Ms: 50 },
    ]);
    expect(overTime.filter((p) => p.connector === "netsuite")).toEqual([
      { t: at("10:15:00"), connector: "netsuite", p95Ms: 200 },
      { t: at("10:25:00"), connector: "netsuite", p95Ms: 400 },
    ]);
    expect((await stepLatency(t.db, hour, flowB.id)).byConnector.map((c) => c.connector)).toEqual(["wms"]);
  });

  it("charts the sampled queue depth per bucket, leaving unsampled buckets empty", async () => {
    const points = await gaugePerBucket(t.db, hour, "queue_depth", { state: "total" });
    expect(points).toHaveLength(60);
    const byTime = new Map(points.map((p) => [p.t.toISOString(), p]));
    expect(byTime.get(at("10:29:00").toISOString())).toEqual({ t: at("10:29:00"), max: 7, avg: 5 });
    expect(byTime.get(at("10:10:00").toISOString())).toEqual({ t: at("10:10:00"), max: 12, avg: 12 });
    expect(byTime.get(at("10:11:00").toISOString())).toEqual({ t: at("10:11:00"), max: null, avg: null });
  });

  it("counts dead letters open at the end of each bucket", async () => {
    for (const flowId of [undefined, flowA.id]) {
      const series = await openDeadLettersPerBucket(t.db, hour, flowId);
      expect(series).toHaveLength(60);
      const expected = series.map(({ t: start }) => {
        const end = Math.min(start.getTime() + hour.bucketMs, NOW.getTime());
        return letters.filter(
          (l) => (!flowId || l.flow === "A") && l.createdAt.getTime() <= end && (l.resolvedAt === null || l.resolvedAt.getTime() > end),
        ).length;
      });
      expect(series.map((p) => p.open)).toEqual(expected);
    }
    const series = await openDeadLettersPerBucket(t.db, hour);
    const open = (hhmm: string) => series.find((p) => p.t.getTime() === at(`${hhmm}:00`).getTime())!.open;
    expect([open("09:31"), open("09:50"), open("10:05"), open("10:10"), open("10:20"), open("10:25"), open("10:30")]).toEqual([2, 3, 4, 3, 2, 3, 3]);
  });

  it("lists open dead letters now per flow", async () => {
    expect(await openDeadLetters(t.db)).toEqual({
      total: 3,
      byFlow: [
        { flowId: flowA.id, flowName: "Flow A", count: 2 },
        { flowId: flowB.id, flowName: "Flow B", count: 1 },
      ],
    });
    expect((await openDeadLetters(t.db, flowB.id)).total).toBe(1);
  });

  it("measures sync lag of succeeded runs per flow (finished − created)", async () => {
    expect(round(await syncLagPerFlow(t.db, hour))).toEqual([
      { flowId: flowA.id, flowName: "Flow A", runs: 4, p50Ms: 250, p95Ms: 385 },
      { flowId: flowB.id, flowName: "Flow B", runs: 1, p50Ms: 1_000, p95Ms: 1_000 },
    ]);
  });

  it("puts it together with window totals", async () => {
    const data = await dashboardData(t.db, { range: "hour", now: NOW });
    expect(data.totals).toMatchObject({ all: 8, succeeded: 5, dead: 1, failed: 1, queued: 1 });
    expect(data.totals.errorRate).toBeCloseTo(2 / 7);
    expect(data.deadLetters.open).toBe(3);
    expect(data.deadLetters.overTime).toHaveLength(60);
    expect(data.queueDepth.find((p) => p.max === 7)).toBeTruthy();
    // The week view reads the same rows into 2-hour buckets.
    const week = await dashboardData(t.db, { range: "week", now: NOW });
    expect(week.runs).toHaveLength(84);
    expect(week.runs.at(-1)).toMatchObject({ t: at("10:00:00"), succeeded: 5, dead: 1, failed: 1, queued: 1 });
    expect(week.runs.at(-2)).toMatchObject({ t: at("08:00:00"), succeeded: 3 }); // 09:00 + the 09:10 step runs
  });
});
