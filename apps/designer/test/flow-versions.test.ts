import { createFlow } from "@ipaas/db";
import type { TestDatabase } from "@ipaas/db/testing";
import { demoFlowDefinition, parseFlowDefinition } from "@ipaas/flow";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunsQueue } from "../src/server/context";
import { createCaller } from "../src/server/routers/_app";
import type { SessionUser } from "../src/server/services/users";
import { auditRows, codeOf, demoDatabaseFixture } from "./helpers";

let t: TestDatabase;
let queue: RunsQueue;
let admin: SessionUser;

const demo = demoDatabaseFixture();
beforeAll(() => {
  ({ t, queue, admin } = demo);
});

const as = (user: SessionUser) => createCaller({ db: t.db, queue, user, ip: "127.0.0.1" });
const viewer = () => as({ ...admin, role: "viewer" });

/** A flow with v1 (the demo) and v2 (map expression changed); the draft adds a node. */
async function flowWithHistory(name: string) {
  const { flow } = await createFlow(t.db, { name, definition: demoFlowDefinition });
  await as(admin).flows.publish({ flowId: flow.id, message: "first" });
  const v2 = parseFlowDefinition(structuredClone(demoFlowDefinition));
  v2.nodes[1]!.config = { expression: "{ 'orderNo': name }" };
  await as(admin).flows.saveDraft({ flowId: flow.id, definition: v2 });
  await as(admin).flows.publish({ flowId: flow.id, message: "second" });
  const draft = structuredClone(v2);
  draft.nodes.push({ id: "f", type: "filter", name: "Filter", position: { x: 0, y: 0 }, config: { condition: "true" } });
  draft.edges.push({ id: "e2", source: "map", target: "f" });
  await as(admin).flows.saveDraft({ flowId: flow.id, definition: draft });
  return flow.id;
}

describe("versions, diff, rollback", () => {
  it("lists versions newest first with who, when and the current flag; returns a version's definition", async () => {
    const flowId = await flowWithHistory("history");
    const versions = await viewer().flows.versions({ flowId });
    expect(versions.map((v) => [v.version, v.message, v.publishedBy, v.current])).toEqual([
      [2, "second", admin.email, true],
      [1, "first", admin.email, false],
    ]);
    expect(versions[0]!.publishedAt).toBeInstanceOf(Date);
    const v1 = await viewer().flows.version({ flowId, version: 1 });
    expect((v1.definition as typeof demoFlowDefinition).nodes[1]!.config.expression).toBe(demoFlowDefinition.nodes[1]!.config.expression);
    expect(await codeOf(viewer().flows.version({ flowId, version: 9 }))).toBe("NOT_FOUND");
  });

  it("diffs two versions (expressions side by side) and a version against the draft", async () => {
    const flowId = await flowWithHistory("diffed");
    const diff = await viewer().flows.diff({ flowId, from: 1, to: 2 });
    expect(diff.nodes.changed).toEqual([
      { id: "map", name: "To sales order", type: "map", changes: [{ path: "config.expression", before: demoFlowDefinition.nodes[1]!.config.expression, after: "{ 'orderNo': name }", expression: true }] },
    ]);
    const toDraft = await viewer().flows.diff({ flowId, from: 2, to: "draft" });
    expect(toDraft.nodes.added).toEqual([{ id: "f", name: "Filter", type: "filter" }]);
    expect(toDraft.edges.added).toEqual([{ id: "e2", source: "map", target: "f" }]);
    expect(toDraft.nodes.changed).toEqual([]);
  });

  it("rolls back by publishing the old definition as a new version, audited; the draft stays", async () => {
    const flowId = await flowWithHistory("rolled back");
    expect(await codeOf(viewer().flows.rollback({ flowId, version: 1, message: "back" }))).toBe("FORBIDDEN");
    expect(await codeOf(as(admin).flows.rollback({ flowId, version: 1, message: " " }))).toBe("BAD_REQUEST");
    expect(await as(admin).flows.rollback({ flowId, version: 1, message: "back to first" })).toEqual({ published: true, version: 3 });
    const versions = await viewer().flows.versions({ flowId });
    expect(versions[0]).toMatchObject({ version: 3, message: "back to first", current: true });
    expect((await viewer().flows.diff({ flowId, from: 1, to: 3 })).nodes.changed).toEqual([]);
    const audit = await auditRows(t.db, { targetId: flowId });
    // One row per publish: the rollback's version 3 is recorded once, as a rollback (it used to get a "flow.publish" row too).
    const byVersion = audit.filter((a) => a.action.startsWith("flow.publish") || a.action === "flow.rollback").map((a) => [(a.summary as { version?: number }).version, a.action]);
    expect(byVersion.sort()).toEqual([[1, "flow.publish"], [2, "flow.publish"], [3, "flow.rollback"]]);
    expect(audit.find((a) => a.action === "flow.rollback")).toMatchObject({ actorEmail: admin.email, ip: "127.0.0.1", summary: { name: "rolled back", fromVersion: 1, version: 3, message: "back to first" } });
    const detail = await viewer().flows.get({ flowId });
    expect((detail.draft as typeof demoFlowDefinition).nodes).toHaveLength(3);
  });

  it("refuses a rollback to a version whose connection no longer exists, with the problems", async () => {
    const def = parseFlowDefinition(structuredClone(demoFlowDefinition));
    def.nodes.push({ id: "call", type: "action", name: "Call", position: { x: 0, y: 0 }, config: { connectorId: "http", operation: "request", connectionName: "gone", input: "{ 'method': 'GET', 'path': '/' }" } });
    def.edges.push({ id: "e2", source: "map", target: "call" });
    // Inserted directly: publish would refuse it, but an old version may name a since-deleted connection.
    const { flow } = await createFlow(t.db, { name: "stale connection", definition: def, publish: { message: "old" } });
    const result = await as(admin).flows.rollback({ flowId: flow.id, version: 1, message: "again" });
    expect(result.published).toBe(false);
    expect(result.published === false && result.problems.map((p) => p.code)).toEqual(["unknown_connection"]);
  });
});
