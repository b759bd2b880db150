import { createUser } from "@ipaas/db";
import { demoFlowDefinition, parseFlowDefinition, type FlowDefinition } from "@ipaas/flow";
import { beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "../src/server/routers/_app";
import type { SessionUser } from "../src/server/services/users";
import { auditRows, codeOf, demoDatabaseFixture } from "./helpers";

// Mapping changes and draft saves leave audit rows (who, what, before/after), and
// a change that fails leaves none.
const demo = demoDatabaseFixture();
let analyst: SessionUser;

beforeAll(async () => {
  const row = await createUser(demo.t.db, { email: "analyst@example.com", name: "Ana", role: "analyst", password: "pw-not-used" });
  analyst = { id: row.id, email: row.email, role: "analyst" };
});

const IP = "192.0.2.44";
const as = (user: SessionUser) => createCaller({ db: demo.t.db, queue: demo.queue, user, ip: IP });
const rowsFor = (targetType: string, targetId: string) => auditRows(demo.t.db, { targetType, targetId });

describe("mapping audit", () => {
  it("create, update and delete are audited with the actor, the changed fields and before/after", async () => {
    const caller = as(analyst);
    const secretSample = { customer: "Ada Lovelace", card: "4111111111111111" };
    const created = await caller.mappings.create({ name: "Orders", expression: "{ 'a': 1 }", sourceSample: secretSample });
    await caller.mappings.update({ id: created.id, version: 1, name: "Orders v2", expression: "{ 'a': 2, 'b': 3 }" });
    await caller.mappings.delete({ id: created.id });

    const rows = await rowsFor("mapping", created.id);
    expect(rows.map((r) => r.action)).toEqual(["mapping.create", "mapping.update", "mapping.delete"]);
    expect(rows.every((r) => r.actorId === analyst.id && r.actorEmail === analyst.email && r.ip === IP)).toBe(true);
    const [create, update, remove] = rows.map((r) => r.summary as Record<string, unknown>);
    expect(create!.after).toMatchObject({ name: "Orders", version: 1, expressionChars: 10, hasSample: true });
    expect(update).toMatchObject({
      changed: ["name", "expression"],
      before: { name: "Orders", version: 1, expressionChars: 10 },
      after: { name: "Orders v2", version: 2, expressionChars: 18 },
    });
    expect(remove!.before).toMatchObject({ name: "Orders v2", version: 2 });
    // Sizes, not contents: the sample is customer data.
    expect(JSON.stringify(rows)).not.toContain("4111111111111111");
  });

  it("a stale update is refused and leaves no audit row", async () => {
    const caller = as(analyst);
    const created = await caller.mappings.create({ name: "Stale", expression: "1" });
    await caller.mappings.update({ id: created.id, version: 1, expression: "2" });
    expect(await codeOf(caller.mappings.update({ id: created.id, version: 1, expression: "3" }))).toBe("CONFLICT");
    expect((await rowsFor("mapping", created.id)).map((r) => r.action)).toEqual(["mapping.create", "mapping.update"]);
  });
});

describe("draft audit", () => {
  it("a draft save is audited with node counts and the node ids added, removed and edited", async () => {
    const caller = as(analyst);
    const { flowId } = await caller.flows.create({ name: "Audited draft" });
    const first = parseFlowDefinition(demoFlowDefinition);
    await caller.flows.saveDraft({ flowId, definition: first });
    const [kept, dropped, ...rest] = first.nodes;
    const second: FlowDefinition = {
      ...first,
      nodes: [{ ...kept!, name: `${kept!.name} (renamed)` }, ...rest],
      edges: first.edges.filter((e) => e.source !== dropped!.id && e.target !== dropped!.id),
    };
    await caller.flows.saveDraft({ flowId, definition: second });

    const saves = (await rowsFor("flow", flowId)).filter((r) => r.action === "flow.draft.save");
    expect(saves).toHaveLength(2);
    expect(saves[0]).toMatchObject({ actorId: analyst.id, ip: IP });
    expect(saves[0]!.summary).toMatchObject({ name: "Audited draft", before: { nodes: 0, edges: 0 }, after: { nodes: first.nodes.length }, removed: [] });
    expect((saves[0]!.summary as { added: string[] }).added).toHaveLength(first.nodes.length);
    expect(saves[1]!.summary).toMatchObject({ added: [], removed: [dropped!.id], edited: [kept!.id], after: { nodes: first.nodes.length - 1, edges: second.edges.length } });
  });
});
