import { createFlow, createUser, DEFAULT_PAYLOAD_DAYS, DEFAULT_RUN_DAYS, getFlow } from "@ipaas/db";
import { createTestDatabase, randomQueuePrefix, type TestDatabase } from "@ipaas/db/testing";
import { createRunsQueue } from "@ipaas/jobs";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expected, observe, seedRetention, type SeededRun } from "../../../packages/db/test/retention-fixture";
import { describePrune, formatBytes } from "../src/components/settings/format";
import type { Context, RunsQueue } from "../src/server/context";
import { createCaller } from "../src/server/routers/_app";
import type { SessionUser } from "../src/server/services/users";
import { auditRows } from "./helpers";

// Data retention through tRPC (createCaller, real Postgres + Redis).
let t: TestDatabase;
let queue: RunsQueue;
let admin: SessionUser;
let flowId: string;
let seeded: SeededRun[];

beforeAll(async () => {
  t = await createTestDatabase();
  queue = createRunsQueue({ redisUrl: inject("redisUrl"), prefix: randomQueuePrefix() });
  admin = await createUser(t.db, { email: "admin@retention.test", name: "Admin", role: "admin" });
  flowId = (await createFlow(t.db, { name: "Retention settings", definition: { schemaVersion: 1, nodes: [], edges: [] } })).flow.id;
  seeded = await seedRetention(t.db, new Date());
});
afterAll(async () => {
  await queue?.close();
  await t?.close();
});

const api = () => createCaller({ db: t.db, queue, user: admin, ip: "203.0.113.9" } satisfies Context).retention;
const auditOf = (action: string) => auditRows(t.db, { action });

/** The BAD_REQUEST message and per-field messages of a refused update. */
async function refusal(input: { payloadDays: number | null; runDays: number | null }) {
  const error = await api()
    .update({ flowId, ...input })
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(TRPCError);
  const e = error as TRPCError;
  expect(e.code).toBe("BAD_REQUEST");
  return e.message;
}

describe("retention router", () => {
  it("overview: defaults, each flow's override and effective values, usage and table sizes", async () => {
    const overview = await api().overview();
    expect(overview.defaults).toMatchObject({ payloadDays: DEFAULT_PAYLOAD_DAYS, runDays: DEFAULT_RUN_DAYS, minDays: 1, maxDays: 3650 });
    const mine = overview.flows.find((f) => f.flowId === flowId)!;
    expect(mine).toMatchObject({ name: "Retention settings", payloadDays: null, runDays: null, effective: { payloadDays: 30, runDays: 90 }, runs: 0, oldestRunAt: null, payloadBytes: 0 });
    const short = overview.flows.find((f) => f.flowId === seeded.find((s) => s.label === "b-young")!.flowId)!;
    expect(short).toMatchObject({ payloadDays: 2, runDays: 5, effective: { payloadDays: 2, runDays: 5 }, runs: 4 });
    expect(short.payloadBytes).toBeGreaterThan(0);
    expect(overview.tables.find((x) => x.table === "runs")!.bytes).toBeGreaterThan(0);
    expect(overview.tables.map((x) => x.table)).toContain("audit_log");
    expect(overview.estimated).toBe(false);
  });

  it("update: saves the override and audits it as flow.retention with before and after", async () => {
    expect(await api().update({ flowId, payloadDays: 7, runDays: 30 })).toEqual({ flowId, payloadDays: 7, runDays: 30, effective: { payloadDays: 7, runDays: 30 } });
    // Only runDays: payloads go with the run when the payload default is longer.
    expect(await api().update({ flowId, payloadDays: null, runDays: 10 })).toMatchObject({ effective: { payloadDays: 10, runDays: 10 } });
    const flow = await getFlow(t.db, flowId);
    expect([flow.retentionPayloadDays, flow.retentionRunDays]).toEqual([null, 10]);
    const audit = await auditOf("flow.retention");
    expect(audit.map((a) => [a.targetType, a.targetId, a.actorEmail, a.ip])).toEqual([
      ["flow", flowId, admin.email, "203.0.113.9"],
      ["flow", flowId, admin.email, "203.0.113.9"],
    ]);
    expect(audit[1]?.summary).toMatchObject({ name: "Retention settings", before: { payloadDays: 7, runDays: 30 }, after: { payloadDays: null, runDays: 10 } });
  });

  it("update: refuses invalid values with a message naming the field, and changes nothing", async () => {
    await api().update({ flowId, payloadDays: 5, runDays: 10 });
    const audited = (await auditOf("flow.retention")).length;
    expect(await refusal({ payloadDays: 20, runDays: 10 })).toContain("payloadDays: must not exceed runDays (10)");
    expect(await refusal({ payloadDays: 120, runDays: null })).toContain(`payloadDays: must not exceed the default run retention (${DEFAULT_RUN_DAYS} days)`);
    expect(await refusal({ payloadDays: 0, runDays: null })).toContain("payloadDays: at least 1 day");
    expect(await refusal({ payloadDays: null, runDays: 3651 })).toContain("runDays: at most 3650 days");
    expect(await refusal({ payloadDays: 1.5, runDays: null })).toContain("payloadDays: use whole days");
    // An invalid runDays is reported as such, not compared against.
    const both = await refusal({ payloadDays: 20, runDays: 0 });
    expect(both).toContain("runDays: at least 1 day");
    expect(both).not.toContain("must not exceed");
    const flow = await getFlow(t.db, flowId);
    expect([flow.retentionPayloadDays, flow.retentionRunDays]).toEqual([5, 10]);
    expect(await auditOf("flow.retention")).toHaveLength(audited);
    await expect(api().update({ flowId: "00000000-0000-4000-8000-000000000000", payloadDays: null, runDays: null })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("pruneNow: runs the runtime's pass once, returns the counts and audits them", async () => {
    const result = await api().pruneNow();
    expect(result).toMatchObject({ done: true, payloadsCleared: 4, runsDeleted: 5, samplesDeleted: 2, alertsDeleted: 1, bulkOperationsDeleted: 2 });
    expect(await observe(t.db, seeded)).toEqual(expected(seeded));
    const [audit] = await auditOf("retention.prune");
    expect(audit).toMatchObject({ targetType: "retention", actorEmail: admin.email, summary: expect.objectContaining({ runsDeleted: 5, payloadsCleared: 4 }) });
  });
});

describe("settings page formatting", () => {
  it("prints bytes in binary units", () => {
    expect([0, 512, 1536, 10 * 1024 * 1024, 3.25 * 1024 ** 3].map(formatBytes)).toEqual(["0 B", "512 B", "1.5 KB", "10 MB", "3.3 GB"]);
  });

  it("describes a prune by what it did", () => {
    const none = { payloadsCleared: 0, stepPayloadsCleared: 0, runsDeleted: 0, effectsDeleted: 0, samplesDeleted: 0, alertsDeleted: 0, bulkOperationsDeleted: 0, batches: 3, done: true, elapsedMs: 40 };
    expect(describePrune(none)).toBe("Nothing was due (0.0 s).");
    expect(describePrune({ ...none, payloadsCleared: 1200, stepPayloadsCleared: 2400, runsDeleted: 5, samplesDeleted: 2, done: false, elapsedMs: 10_000 })).toBe(
      "Cleared the payloads of 1,200 runs (2,400 steps); deleted 5 runs, 2 gauge samples in 10.0 s; more is due and the scheduled job continues.",
    );
  });
});
