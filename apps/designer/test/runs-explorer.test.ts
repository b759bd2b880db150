import { randomUUID } from "node:crypto";
import { createFlow, listRunsQuery, publishVersion, updateFlowDraft } from "@ipaas/db";
import type { RunStatus } from "@ipaas/db/enums";
import { createTestDatabase, indexOnlyPlan, insertRow, insertRows, randomQueuePrefix, type TestDatabase } from "@ipaas/db/testing";
import type { FlowDefinitionInput, NodeType } from "@ipaas/flow";
import { createRunsQueue } from "@ipaas/jobs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { filtersFromSearch, queryFromFilters, searchFromFilters } from "../src/components/runs/filters";
import { runPath, timelineBars } from "../src/components/runs/run-path";
import { errorFacts } from "../src/components/runs/error-facts";
import type { RunsQueue } from "../src/server/context";
import { createCaller } from "../src/server/routers/_app";
import type { SessionUser } from "../src/server/services/users";
import { codeOf } from "./helpers";

/*
 * The runs explorer and run detail against real Postgres: every filter of
 * runs.list (alone and combined with the cursor), the search box, the run
 * detail's dead letters, the executed version's graph with the run's path, and
 * related runs. Rows are inserted directly so each case knows exactly what matches.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const node = (id: string, type: NodeType, config: Record<string, unknown> = {}, x = 0) => ({ id, type, name: `Node ${id}`, position: { x, y: 0 }, config });
const settings = { retry: { attempts: 3, backoffMs: 100, maxDelayMs: 1000 }, businessKey: "name" };
/** v1 of "Orders": trigger → map → upsert (NetSuite), and a branch to notify that no seeded run takes. */
const ordersV1 = {
  schemaVersion: 1,
  nodes: [
    node("trigger", "trigger.manual", { sample: { name: "#1" } }),
    node("map", "map", { expression: "$" }, 260),
    node("upsert", "action", { connectorId: "netsuite", operation: "upsertSalesOrder", input: "$" }, 520),
    node("notify", "action", { connectorId: "http", operation: "request", input: "$" }, 520),
  ],
  edges: [
    { id: "e1", source: "trigger", target: "map" },
    { id: "e2", source: "map", target: "upsert" },
    { id: "e3", source: "map", target: "notify" },
  ],
  settings,
} satisfies FlowDefinitionInput;
const ordersV2 = { ...ordersV1, nodes: [...ordersV1.nodes, node("audit", "map", { expression: "$" }, 780)], edges: [...ordersV1.edges, { id: "e4", source: "upsert", target: "audit" }] };

const nsError = {
  message: "Invalid Field Value 9999 for the following field: item",
  class: "non_retryable",
  code: "INVALID_KEY_OR_REF",
  details: { status: 400, body: { "o:errorDetails": [{ detail: "Invalid Field Value 9999", "o:errorCode": "INVALID_KEY_OR_REF" }] } },
};
const timeout = { message: "NetSuite timed out", class: "retryable", code: "TIMEOUT" };

let t: TestDatabase;
let queue: RunsQueue;
const viewer: SessionUser = { id: randomUUID(), email: "viewer@example.com", role: "viewer" };
const caller = () => createCaller({ db: t.db, queue, user: viewer });

const now = Date.now();
const ids = {} as Record<"ok1001" | "dead1002" | "other1001" | "retrying1003" | "resub1" | "child" | "resub2", string>;
let ordersId: string;
let fulfilId: string;
let ordersV1Id: string;
/** Bulk runs of the fulfilment flow for pagination: [id, createdAt, hasHttpStep]. */
const bulk: Array<{ id: string; createdAt: Date; http: boolean }> = [];

interface SeedRun {
  flowId: string;
  versionId: string;
  status: RunStatus;
  ago: number;
  businessKey?: string | null;
  correlationId?: string;
  error?: unknown;
  parentRunId?: string;
  resubmittedFrom?: string;
  steps?: Array<{ nodeId: string; status: "succeeded" | "failed" | "skipped"; connector?: string; attempt?: number; lineage?: string; error?: unknown }>;
}

async function seedRun(run: SeedRun): Promise<string> {
  const createdAt = new Date(now - run.ago);
  const row = await insertRow(t.db, "runs", {
    flowId: run.flowId,
    flowVersionId: run.versionId,
    status: run.status,
    triggerType: "trigger.manual",
    correlationId: run.correlationId ?? randomUUID(),
    businessKey: run.businessKey ?? null,
    error: run.error ?? null,
    parentRunId: run.parentRunId ?? null,
    resubmittedFrom: run.resubmittedFrom ?? null,
    createdAt,
    startedAt: createdAt,
    finishedAt: new Date(createdAt.getTime() + 500),
    durationMs: 500,
  });
  const runId = row.id;
  const steps = run.steps ?? [];
  if (steps.length > 0) {
    await insertRows(
      t.db,
      "runSteps",
      steps.map((s, i) => ({
        runId,
        seq: i + 1,
        nodeId: s.nodeId,
        nodeName: `Node ${s.nodeId}`,
        nodeType: s.connector ? "action" : "map",
        connector: s.connector ?? null,
        lineage: s.lineage ?? "0",
        status: s.status,
        attempt: s.attempt ?? 1,
        input: { step: i },
        output: s.status === "succeeded" ? { ok: true } : null,
        error: s.error ?? null,
        startedAt: new Date(createdAt.getTime() + i * 100),
        finishedAt: new Date(createdAt.getTime() + i * 100 + 50),
        durationMs: 50,
      })),
    );
  }
  return runId;
}

beforeAll(async () => {
  t = await createTestDatabase();
  queue = createRunsQueue({ redisUrl: inject("redisUrl"), prefix: randomQueuePrefix() });
  const orders = await createFlow(t.db, { name: "Orders to NetSuite", definition: ordersV1, publish: { message: "v1" } });
  ordersId = orders.flow.id;
  ordersV1Id = orders.version!.id;
  // Later versions and draft edits must not change what an old run shows.
  await publishVersion(t.db, { flowId: ordersId, definition: ordersV2, message: "v2", actor: { id: null, email: null } });
  await updateFlowDraft(t.db, { flowId: ordersId, definition: { ...ordersV2, nodes: [] } });
  const fulfil = await createFlow(t.db, { name: "Fulfilments", definition: ordersV1, publish: { message: "v1" } });
  fulfilId = fulfil.flow.id;
  const fulfilV1 = fulfil.version!.id;
  const orders1 = { flowId: ordersId, versionId: ordersV1Id };
  const fulfil1 = { flowId: fulfilId, versionId: fulfilV1 };
  const happy = [
    { nodeId: "trigger", status: "succeeded" as const },
    { nodeId: "map", status: "succeeded" as const },
  ];

  ids.ok1001 = await seedRun({ ...orders1, status: "succeeded", ago: 10 * MIN, businessKey: "#1001", steps: [...happy, { nodeId: "upsert", status: "succeeded", connector: "netsuite" }] });
  ids.dead1002 = await seedRun({
    ...orders1,
    status: "dead",
    ago: 20 * MIN,
    businessKey: "#1002",
    correlationId: "corr-dead-1002",
    error: nsError,
    steps: [...happy, { nodeId: "upsert", status: "failed", connector: "netsuite", error: nsError }],
  });
  ids.other1001 = await seedRun({ ...fulfil1, status: "succeeded", ago: 2 * HOUR, businessKey: "#1001", steps: [{ nodeId: "upsert", status: "succeeded", connector: "shopify" }] });
  ids.retrying1003 = await seedRun({
    ...orders1,
    status: "failed",
    ago: 3 * DAY,
    businessKey: "#1003",
    error: timeout,
    steps: [...happy, { nodeId: "upsert", status: "failed", connector: "netsuite", error: timeout }, { nodeId: "upsert", status: "failed", connector: "netsuite", attempt: 2, error: timeout }],
  });
  ids.resub1 = await seedRun({ ...orders1, status: "succeeded", ago: 5 * MIN, businessKey: "#1002", resubmittedFrom: ids.dead1002, steps: [{ nodeId: "upsert", status: "succeeded", connector: "netsuite" }] });
  ids.resub2 = await seedRun({ ...orders1, status: "queued", ago: 1 * MIN, businessKey: "#1002", resubmittedFrom: ids.resub1 });
  ids.child = await seedRun({ ...fulfil1, status: "skipped", ago: 30 * DAY, parentRunId: ids.ok1001 });
  await insertRow(t.db, "deadLetters", {
    runId: ids.dead1002,
    flowId: ordersId,
    nodeId: "upsert",
    nodeName: "Node upsert",
    errorClass: nsError.class,
    errorMessage: nsError.message,
    error: nsError,
    input: { item: "9999" },
    attempts: 1,
    correlationId: "corr-dead-1002",
    businessKey: "#1002",
    status: "resubmitted",
  });

  // 45 runs a day old, three to a timestamp (the cursor's id tie-break matters), every other one with an HTTP step.
  const base = now - DAY - 1000;
  const rows = Array.from({ length: 45 }, (_, i) => ({
    flowId: fulfilId,
    flowVersionId: fulfilV1,
    status: "succeeded" as const,
    triggerType: "trigger.manual",
    correlationId: `bulk-corr-${i}`,
    businessKey: `B-${i}`,
    createdAt: new Date(base - Math.floor(i / 3) * 1000),
  }));
  const inserted = await insertRows(t.db, "runs", rows);
  inserted.forEach((r, i) => bulk.push({ id: r.id, createdAt: r.createdAt, http: i % 2 === 0 }));
  await insertRows(
    t.db,
    "runSteps",
    bulk
      .filter((b) => b.http)
      .map((b) => ({ runId: b.id, seq: 1, nodeId: "notify", nodeName: "Notify", nodeType: "action", connector: "http", status: "succeeded" as const, startedAt: b.createdAt, finishedAt: b.createdAt, durationMs: 1 })),
  );
});

afterAll(async () => {
  await queue?.close();
  await t?.close();
});

async function listIds(input: Parameters<ReturnType<typeof caller>["runs"]["list"]>[0]): Promise<string[]> {
  const { items } = await caller().runs.list({ limit: 200, ...input });
  return items.map((r) => r.id);
}

describe("runs.list filters", () => {
  it("search: business key with or without '#', correlation id and run id, all exact", async () => {
    const both1001 = [ids.ok1001, ids.other1001];
    expect(await listIds({ search: "1001" })).toEqual(both1001);
    expect(await listIds({ search: "#1001" })).toEqual(both1001);
    expect(await listIds({ search: "corr-dead-1002" })).toEqual([ids.dead1002]);
    expect(await listIds({ search: ids.retrying1003 })).toEqual([ids.retrying1003]);
    // Exact, not prefix: "100" is no order number here.
    expect(await listIds({ search: "100" })).toEqual([]);
    expect(await listIds({ search: randomUUID() })).toEqual([]);
    // The existing exact business-key filter still works.
    expect(await listIds({ businessKey: "#1003" })).toEqual([ids.retrying1003]);
  });

  it("flow and status (one or several)", async () => {
    const orders = await listIds({ flowId: ordersId });
    expect(orders).toEqual([ids.resub2, ids.resub1, ids.ok1001, ids.dead1002, ids.retrying1003]);
    expect(await listIds({ status: "dead" })).toEqual([ids.dead1002]);
    expect(await listIds({ status: ["failed", "dead"] })).toEqual([ids.dead1002, ids.retrying1003]);
    expect(await listIds({ status: ["skipped"], flowId: fulfilId })).toEqual([ids.child]);
    expect(await listIds({ status: "dead", flowId: fulfilId })).toEqual([]);
  });

  it("time range: presets relative to now, or explicit from/to", async () => {
    expect(await listIds({ range: "1h" })).toEqual([ids.resub2, ids.resub1, ids.ok1001, ids.dead1002]);
    expect(await listIds({ range: "24h", flowId: fulfilId })).toEqual([ids.other1001]);
    const week = await listIds({ range: "7d" });
    expect(week).toContain(ids.retrying1003);
    expect(week).not.toContain(ids.child);
    expect(week).toHaveLength(6 + bulk.length);
    expect(await listIds({ from: new Date(now - 25 * MIN), to: new Date(now - 9 * MIN) })).toEqual([ids.ok1001, ids.dead1002]);
    // An explicit `from` wins over a preset.
    expect(await listIds({ range: "1h", from: new Date(now - 6 * MIN) })).toEqual([ids.resub2, ids.resub1]);
  });

  it("connector: runs with a step of that connector", async () => {
    expect(await listIds({ connector: "netsuite" })).toEqual([ids.resub1, ids.ok1001, ids.dead1002, ids.retrying1003]);
    expect(await listIds({ connector: "shopify" })).toEqual([ids.other1001]);
    expect(await listIds({ connector: "netsuite", status: "dead" })).toEqual([ids.dead1002]);
    expect(await listIds({ connector: "nope" })).toEqual([]);
  });

  it("error class, with the classes on offer, and rows carry class and message", async () => {
    expect(await caller().runs.errorClasses()).toEqual(["non_retryable", "retryable"]);
    expect(await listIds({ errorClass: "non_retryable" })).toEqual([ids.dead1002]);
    expect(await listIds({ errorClass: "retryable", range: "1h" })).toEqual([]);
    const { items } = await caller().runs.list({ search: "#1002", status: "dead" });
    expect(items[0]).toMatchObject({ errorClass: "non_retryable", errorMessage: nsError.message, flowName: "Orders to NetSuite" });
  });

  it("pages through a filtered list with the cursor: no duplicates, no gaps, newest first", async () => {
    const expected = [...bulk]
      .filter((b) => b.http)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((b) => b.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<ReturnType<typeof caller>["runs"]["list"]>> = await caller().runs.list({ flowId: fulfilId, connector: "http", range: "7d", limit: 4, cursor });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBe(Math.ceil(expected.length / 4));
    expect(await codeOf(caller().runs.list({ cursor: "not-a-cursor" }))).toBe("BAD_REQUEST");
    // Well-formed around the bar but not a position: refused by the API, never a 500 from the database.
    expect(await codeOf(caller().runs.list({ cursor: `2026-02-30T00:00:00Z|${ids.ok1001}` }))).toBe("BAD_REQUEST");
  });
});

describe("runs.list query plan", () => {
  /**
   * EXPLAIN of the explorer's query. This table is tiny, so sorting it would be
   * cheapest; with sorts and full scans disabled Postgres still sorts only when no
   * index can give it the order, which is exactly what this guards against.
   */
  async function plan(params: Parameters<typeof listRunsQuery>[1]): Promise<string> {
    return indexOnlyPlan(t.url, listRunsQuery(t.db, params).toSQL());
  }

  it("reads newest-first straight from runs_created_idx, on the first page and behind a cursor (no sort of all runs)", async () => {
    // The order must match the index's DESC NULLS LAST, or Postgres sorts every matching run (50 ms at 50k runs, linear beyond).
    for (const cursor of [null, `${(now - 15 * MIN) * 1000}|${ids.dead1002}`]) {
      const text = await plan({ limit: 50, cursor });
      expect(text).toContain("runs_created_idx");
      expect(text).not.toMatch(/\bSort\b/);
    }
  });
});

describe("run detail", () => {
  it("byId: version number, steps with connectors, the run's dead letters", async () => {
    const detail = await caller().runs.byId({ id: ids.dead1002 });
    expect(detail.run).toMatchObject({ flowName: "Orders to NetSuite", flowVersion: 1, errorClass: "non_retryable", status: "dead" });
    expect(detail.steps.map((s) => [s.nodeId, s.status, s.connector])).toEqual([
      ["trigger", "succeeded", null],
      ["map", "succeeded", null],
      ["upsert", "failed", "netsuite"],
    ]);
    expect(detail.deadLetters).toEqual([expect.objectContaining({ nodeId: "upsert", status: "resubmitted", errorClass: "non_retryable", attempts: 1 })]);
    expect((await caller().runs.byId({ id: ids.ok1001 })).deadLetters).toEqual([]);
    // The step error view finds the target's status and body in the recorded error.
    expect(errorFacts(detail.steps[2]!.error)).toMatchObject({ status: 400, code: "INVALID_KEY_OR_REF", body: nsError.details.body });
  });

  it("graph: the version the run executed (not the latest or the draft), and the path it took", async () => {
    const graph = await caller().runs.graph({ id: ids.dead1002 });
    expect(graph).toMatchObject({ flowId: ordersId, flowVersionId: ordersV1Id, version: 1 });
    expect(graph.definition).toEqual(ordersV1);

    const dead = runPath(ordersV1, (await caller().runs.byId({ id: ids.dead1002 })).steps);
    expect(dead.nodes).toEqual({ trigger: "succeeded", map: "succeeded", upsert: "failed", notify: "not_reached" });
    expect(dead.edges).toEqual({ e1: true, e2: true, e3: false });
    // Two failed attempts: still red.
    expect(runPath(ordersV1, (await caller().runs.byId({ id: ids.retrying1003 })).steps).nodes.upsert).toBe("failed");
    // A resubmission that only ran the failed step: the earlier nodes are not on its path.
    const resub = runPath(ordersV1, (await caller().runs.byId({ id: ids.resub1 })).steps);
    expect(resub.nodes).toMatchObject({ trigger: "not_reached", upsert: "succeeded" });
    expect(resub.edges.e2).toBe(false);
    expect(await codeOf(caller().runs.graph({ id: randomUUID() }))).toBe("NOT_FOUND");
  });

  it("related: same business key across flows, parent and children, the resubmission chain both ways", async () => {
    const ok = await caller().runs.related({ id: ids.ok1001 });
    expect(ok.sameBusinessKey.map((r) => r.id)).toEqual([ids.other1001]);
    expect(ok.children.map((r) => r.id)).toEqual([ids.child]);
    expect(ok.parent).toBeNull();

    const child = await caller().runs.related({ id: ids.child });
    expect(child.parent?.id).toBe(ids.ok1001);
    expect(child.sameBusinessKey).toEqual([]);

    const dead = await caller().runs.related({ id: ids.dead1002 });
    expect(dead.resubmittedFrom).toEqual([]);
    expect(dead.resubmissions.map((r) => r.id)).toEqual([ids.resub1, ids.resub2]);
    // The same key's other runs, newest first, without the run itself.
    expect(dead.sameBusinessKey.map((r) => r.id)).toEqual([ids.resub2, ids.resub1]);

    const middle = await caller().runs.related({ id: ids.resub1 });
    expect(middle.resubmittedFrom.map((r) => r.id)).toEqual([ids.dead1002]);
    expect(middle.resubmissions.map((r) => r.id)).toEqual([ids.resub2]);
    const last = await caller().runs.related({ id: ids.resub2 });
    expect(last.resubmittedFrom.map((r) => r.id)).toEqual([ids.dead1002, ids.resub1]);
    expect(last.resubmissions).toEqual([]);
    expect(await codeOf(caller().runs.related({ id: randomUUID() }))).toBe("NOT_FOUND");
  });
});

describe("run path and timeline (pure)", () => {
  const graph = { nodes: [{ id: "each" }, { id: "call" }, { id: "after" }], edges: [{ id: "a", source: "each", target: "call" }, { id: "b", source: "call", target: "after" }] };

  it("a retry that succeeded is green; a for-each item still failed is red", () => {
    const steps = [
      { seq: 1, nodeId: "each", lineage: "0", status: "succeeded" as const },
      { seq: 2, nodeId: "call", lineage: "0.0", status: "failed" as const },
      { seq: 3, nodeId: "call", lineage: "0.1", status: "succeeded" as const },
      { seq: 4, nodeId: "call", lineage: "0.0", status: "succeeded" as const },
    ];
    expect(runPath(graph, steps).nodes).toEqual({ each: "succeeded", call: "succeeded", after: "not_reached" });
    const stillFailed = [...steps.slice(0, 3), { seq: 4, nodeId: "call", lineage: "0.0", status: "failed" as const }];
    expect(runPath(graph, stillFailed).nodes.call).toBe("failed");
    expect(runPath(graph, [{ seq: 1, nodeId: "each", lineage: "0", status: "skipped" }]).nodes.each).toBe("skipped");
  });

  it("bars sit on the run's time axis", () => {
    const start = new Date(1_000_000);
    const at = (ms: number) => new Date(start.getTime() + ms);
    const bars = timelineBars(
      [
        { startedAt: at(0), finishedAt: at(250) },
        { startedAt: at(500), finishedAt: at(1000) },
      ],
      start,
      at(1000),
    );
    expect(bars).toEqual([
      { offsetMs: 0, left: 0, width: 25 },
      { offsetMs: 500, left: 50, width: 50 },
    ]);
    // Still running: the axis ends with the last step.
    expect(timelineBars([{ startedAt: at(0), finishedAt: at(100) }], start, null)[0]).toMatchObject({ left: 0, width: 100 });
  });
});

describe("explorer URL", () => {
  it("filters round-trip through the query string and become the list input", () => {
    const search = "?flow=9b2f7a52-7a0c-4c55-9d0e-3f3c1d6c1a11&status=failed,dead&range=24h&connector=netsuite&error=non_retryable&q=1001";
    const filters = filtersFromSearch(new URLSearchParams(search));
    expect(filters).toEqual({ flow: "9b2f7a52-7a0c-4c55-9d0e-3f3c1d6c1a11", status: ["failed", "dead"], range: "24h", connector: "netsuite", errorClass: "non_retryable", q: "1001" });
    expect(searchFromFilters(filters)).toBe(search);
    expect(queryFromFilters(filters)).toEqual({ flowId: filters.flow, status: ["failed", "dead"], range: "24h", connector: "netsuite", errorClass: "non_retryable", search: "1001" });
    // No filters: the plain /runs URL (the nav link and tests expect exactly that).
    expect(searchFromFilters({})).toBe("");
    // A custom range travels as local date-times; junk is dropped instead of breaking the page.
    const custom = filtersFromSearch(new URLSearchParams("from=2030-01-02T10:00&to=nonsense&flow=not-a-uuid&status=bogus"));
    expect(custom).toEqual({ range: "custom", from: "2030-01-02T10:00" });
    expect(queryFromFilters(custom)).toEqual({ from: new Date(2030, 0, 2, 10, 0) });
    expect(queryFromFilters({ status: ["dead"] })).toEqual({ status: "dead" });
  });
});
