import { randomUUID } from "node:crypto";
import { createFlow, createUser, type Db } from "@ipaas/db";
import type { TestDatabase } from "@ipaas/db/testing";
import { demoFlowDefinition } from "@ipaas/flow";
import { beforeAll, describe, expect, it } from "vitest";
import type { Context, RunsQueue } from "../src/server/context";
import { createCaller } from "../src/server/routers/_app";
import type { SessionUser } from "../src/server/services/users";
import { codeOf, demoDatabaseFixture } from "./helpers";

// Real Postgres and Redis from the root global setup; tRPC is called in-process
// through createCaller, so this covers routers, middleware and services without HTTP.
let t: TestDatabase;
let queue: RunsQueue;
let flowId: string;
let admin: SessionUser;

const demo = demoDatabaseFixture();
beforeAll(() => {
  ({ t, queue, flowId, admin } = demo);
});

function callerAs(user: SessionUser | null, db: Db = t.db) {
  const ctx: Context = { db, queue, user };
  return createCaller(ctx);
}

describe("designer tRPC routers (real Postgres + Redis)", () => {
  it("finds the seeded admin", () => {
    expect(admin.role).toBe("admin");
  });

  it("flows.list returns the demo flow, published as version 1", async () => {
    const flows = await callerAs(admin).flows.list();
    const demo = flows.find((f) => f.id === flowId);
    expect(demo).toMatchObject({ publishedVersion: 1, enabled: true, lastRun: null });
  });

  it("flows.run records a queued run with the sample's business key and enqueues it under the run id", async () => {
    const caller = callerAs(admin);
    const result = await caller.flows.run({ flowId });
    expect(result).toMatchObject({ businessKey: "#1001", duplicate: false });

    const { items } = await caller.runs.list({ flowId });
    const run = items.find((r) => r.id === result.runId);
    expect(run).toMatchObject({ status: "queued", businessKey: "#1001", triggerType: "trigger.manual", correlationId: result.correlationId });

    const job = await queue.getJob(result.runId);
    expect(job?.id).toBe(result.runId);
    expect(job?.data).toMatchObject({ runId: result.runId, flowId });

    const detail = await caller.runs.byId({ id: result.runId });
    expect(detail.run.triggerPayload).toEqual(demoFlowDefinition.nodes[0]?.config.sample);
    expect(detail.run.flowName).toBe("Demo: Shopify order to sales order");

    const flows = await caller.flows.list();
    expect(flows.find((f) => f.id === flowId)?.lastRun).toMatchObject({ id: result.runId, status: "queued" });
  });

  it("flows.run uses an explicit payload instead of the sample", async () => {
    const caller = callerAs(admin);
    const { runId, businessKey } = await caller.flows.run({ flowId, payload: { name: "#2002", line_items: [] } });
    expect(businessKey).toBe("#2002");
    expect((await caller.runs.byId({ id: runId })).run.triggerPayload).toEqual({ name: "#2002", line_items: [] });
  });

  it("runs.list pages newest first with a cursor and filters by business key", async () => {
    const caller = callerAs(admin);
    const first = await caller.runs.list({ limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const second = await caller.runs.list({ limit: 1, cursor: first.nextCursor });
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
    expect(second.items[0]!.createdAt.getTime()).toBeLessThanOrEqual(first.items[0]!.createdAt.getTime());

    const byKey = await caller.runs.list({ businessKey: "#2002" });
    expect(byKey.items.map((r) => r.businessKey)).toEqual(["#2002"]);
    expect(await codeOf(caller.runs.list({ cursor: "not-a-cursor" }))).toBe("BAD_REQUEST");
  });

  it("maps domain errors: unknown flow or run → NOT_FOUND, unpublished flow → CONFLICT", async () => {
    const caller = callerAs(admin);
    expect(await codeOf(caller.flows.run({ flowId: randomUUID() }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.runs.byId({ id: randomUUID() }))).toBe("NOT_FOUND");
    const { flow: draft } = await createFlow(t.db, { name: "draft only", definition: demoFlowDefinition });
    await expect(caller.flows.run({ flowId: draft.id })).rejects.toMatchObject({ code: "CONFLICT", message: 'Flow "draft only" has no published version' });
  });

  it("enforces roles in middleware: a viewer may list but not run", async () => {
    const viewerRow = await createUser(t.db, { email: "viewer@example.com", name: "Viewer", role: "viewer", password: "pw-not-used" });
    const viewer = callerAs({ id: viewerRow.id, email: viewerRow.email, role: "viewer" });
    await expect(viewer.flows.list()).resolves.toEqual(expect.arrayContaining([expect.objectContaining({ id: flowId })]));
    expect(await codeOf(viewer.flows.run({ flowId }))).toBe("FORBIDDEN");
    // An operator may start runs (re-driving a flow is part of their job).
    await expect(callerAs({ id: randomUUID(), email: "op@example.com", role: "operator" }).flows.run({ flowId })).resolves.toMatchObject({ duplicate: false });
  });

  it("refuses every procedure without a user", async () => {
    const anonymous = callerAs(null);
    expect(await codeOf(anonymous.flows.list())).toBe("UNAUTHORIZED");
    expect(await codeOf(anonymous.flows.run({ flowId }))).toBe("UNAUTHORIZED");
    expect(await codeOf(anonymous.runs.list({}))).toBe("UNAUTHORIZED");
  });
});
