import { createFlow, getFlow, getFlowVersion } from "@ipaas/db";
import { selectRows, type TestDatabase } from "@ipaas/db/testing";
import { demoFlowDefinition } from "@ipaas/flow";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunsQueue } from "../src/server/context";
import { createCaller } from "../src/server/routers/_app";
import type { SessionUser } from "../src/server/services/users";
import { auditRows, demoDatabaseFixture } from "./helpers";

let t: TestDatabase;
let queue: RunsQueue;
let admin: SessionUser;

const demo = demoDatabaseFixture();
beforeAll(() => {
  ({ t, queue, admin } = demo);
});

const as = (user: SessionUser) => createCaller({ db: t.db, queue, user });

describe("publishing", () => {
  it("refuses a draft with problems and returns them with node ids", async () => {
    const draft = {
      ...demoFlowDefinition,
      nodes: [...demoFlowDefinition.nodes, { id: "orphan", type: "map", name: "Orphan", config: { expression: "{ 'a': " } }],
    };
    const { flow } = await createFlow(t.db, { name: "broken draft", definition: draft });
    const problems = await as(admin).flows.validate({ flowId: flow.id });
    expect(problems.map((p) => [p.nodeId, p.code])).toEqual(expect.arrayContaining([["orphan", "UNREACHABLE"], ["orphan", "EXPRESSION_SYNTAX"]]));
    const result = await as(admin).flows.publish({ flowId: flow.id, message: "try" });
    expect(result.published).toBe(false);
    expect(result.published === false && result.problems.find((p) => p.code === "EXPRESSION_SYNTAX")?.position).toBeTypeOf("number");
    expect(await selectRows(t.db, "flowVersions", { flowId: flow.id })).toHaveLength(0);
  });

  it("publishes a valid draft as the next version, audited, and the runtime runs it", async () => {
    const { flow } = await createFlow(t.db, { name: "good draft", definition: demoFlowDefinition, publish: { message: "v1" } });
    const result = await as(admin).flows.publish({ flowId: flow.id, message: "second" });
    expect(result).toEqual({ published: true, version: 2 });
    const row = await getFlow(t.db, flow.id);
    const v2 = await getFlowVersion(t.db, row.publishedVersionId!);
    expect(v2).toMatchObject({ version: 2, message: "second", publishedBy: admin.id });
    const audit = await auditRows(t.db, { targetId: flow.id });
    expect(audit).toEqual([expect.objectContaining({ action: "flow.publish", actorEmail: admin.email })]);
  });

  it("publishing a public webhook is audited with its warning; a signed one is not", async () => {
    const hook = (config: Record<string, unknown>) => ({
      schemaVersion: 1,
      nodes: [{ id: "hook", type: "trigger.webhook", name: "Order in", position: { x: 0, y: 0 }, config }, demoFlowDefinition.nodes[1]],
      edges: [{ id: "e1", source: "hook", target: demoFlowDefinition.nodes[1]!.id }],
    });
    const { flow } = await createFlow(t.db, { name: "public hook", definition: hook({ verification: "public" }) });
    expect(await as(admin).flows.publish({ flowId: flow.id, message: "open it" })).toEqual({ published: true, version: 1 });
    const audit = await auditRows(t.db, { targetId: flow.id });
    expect(audit.map((a) => a.action).sort()).toEqual(["flow.publish", "flow.publish_public_webhook"]);
    expect(audit.find((a) => a.action === "flow.publish_public_webhook")).toMatchObject({ actorEmail: admin.email, summary: expect.objectContaining({ version: 1, trigger: "Order in", warning: expect.stringMatching(/unauthenticated/) }) });

    const { flow: unverified } = await createFlow(t.db, { name: "unverified hook", definition: hook({}) });
    const refused = await as(admin).flows.publish({ flowId: unverified.id, message: "try" });
    expect(refused.published === false && refused.problems.map((p) => p.path)).toEqual(["nodes.0.config.verification"]);
  });

  it("only admins and analysts may publish", async () => {
    const { flow } = await createFlow(t.db, { name: "ops cannot publish", definition: demoFlowDefinition });
    const error = await as({ ...admin, role: "operator" }).flows.publish({ flowId: flow.id, message: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("FORBIDDEN");
    const empty = await as(admin).flows.publish({ flowId: flow.id, message: "  " }).catch((e: unknown) => e);
    expect((empty as TRPCError).code).toBe("BAD_REQUEST");
    expect((empty as TRPCError).message).toMatch(/message/);
  });
});

describe("saved mappings in flows", () => {
  it("a map node using a saved mapping gets its expression copied into the published version", async () => {
    const { createMapping, updateMapping } = await import("@ipaas/db");
    const mapping = await createMapping(t.db, { name: "order to SO (flow test)", expression: "{ 'orderNo': name }" });
    const draft = {
      ...demoFlowDefinition,
      nodes: [demoFlowDefinition.nodes[0], { ...demoFlowDefinition.nodes[1], config: { mappingId: mapping.id } }],
    };
    const { flow } = await createFlow(t.db, { name: "uses saved mapping", definition: draft });
    expect(await as(admin).flows.publish({ flowId: flow.id, message: "v1" })).toEqual({ published: true, version: 1 });
    await updateMapping(t.db, { id: mapping.id, version: mapping.version, expression: "{ 'changed': true }" });
    const [version] = await selectRows(t.db, "flowVersions", { flowId: flow.id });
    const map = (version!.definition as typeof draft).nodes[1]!.config as Record<string, unknown>;
    expect(map).toMatchObject({ mappingId: mapping.id, expression: "{ 'orderNo': name }", mappingVersion: mapping.version });
  });
});
