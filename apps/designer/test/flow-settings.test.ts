import { createFlow, updateFlowDraft } from "@ipaas/db";
import { insertRow, type TestDatabase } from "@ipaas/db/testing";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunsQueue } from "../src/server/context";
import { createCaller } from "../src/server/routers/_app";
import type { SessionUser } from "../src/server/services/users";
import { demoDatabaseFixture } from "./helpers";

/** The publish gate's checks of flow settings that need the database (issue 15, "Flow settings"). */
let t: TestDatabase;
let queue: RunsQueue;
let admin: SessionUser;
const demo = demoDatabaseFixture();
beforeAll(async () => {
  ({ t, queue, admin } = demo);
  await insertRow(t.db, "connections", { name: "orders-api", connectorId: "http", config: { baseUrl: "https://orders.example.com" } });
  await insertRow(t.db, "connections", { name: "shop", connectorId: "shopify", config: { shop: "demo" } });
});

const as = (user: SessionUser) => createCaller({ db: t.db, queue, user });

/** A flow as the canvas draws it: a manual trigger and an HTTP action naming no connection. */
const drawn = (settings: Record<string, unknown>) => ({
  schemaVersion: 1,
  nodes: [
    { id: "n1", type: "trigger.manual", name: "Manual trigger", position: { x: 0, y: 0 }, config: {} },
    { id: "n2", type: "action", name: "Send", position: { x: 280, y: 0 }, config: { connectorId: "http", operation: "request", input: "{ 'method': 'GET', 'path': '/' }" } },
  ],
  edges: [{ id: "e1", source: "n1", target: "n2" }],
  settings,
});

async function problemsOf(settings: Record<string, unknown>, name: string) {
  const { flow } = await createFlow(t.db, { name, definition: drawn(settings) });
  return { flowId: flow.id, problems: await as(admin).flows.validate({ flowId: flow.id }) };
}

describe("flow settings in the publish gate", () => {
  it("an action naming no connection needs a default connection for its connector, which must exist in the flow's environment and be of that connector", async () => {
    const none = await problemsOf({}, "no connection");
    expect(none.problems.map((p) => p.code)).toContain("missing_connection");

    const missing = await problemsOf({ defaultConnections: { http: "nope" } }, "missing default");
    expect(missing.problems).toEqual([expect.objectContaining({ nodeId: null, path: "settings.defaultConnections.http", code: "unknown_connection" })]);

    const wrong = await problemsOf({ defaultConnections: { http: "shop" } }, "wrong default");
    expect(wrong.problems).toEqual([expect.objectContaining({ path: "settings.defaultConnections.http", code: "connection_connector_mismatch" })]);

    const ok = await problemsOf({ defaultConnections: { http: "orders-api" } }, "good default");
    expect(ok.problems).toEqual([]);
    expect(await as(admin).flows.publish({ flowId: ok.flowId, message: "with a default connection" })).toEqual({ published: true, version: 1 });
  });

  it("the error flow must exist and be another flow; the time zone must be an IANA zone; both refuse the publish", async () => {
    const base = { defaultConnections: { http: "orders-api" } };
    const missing = await problemsOf({ ...base, errorFlowId: "3f2b8c1e-5d4a-4b6f-9a7e-1c2d3e4f5a6b" }, "missing error flow");
    expect(missing.problems).toEqual([expect.objectContaining({ path: "settings.errorFlowId", code: "ERROR_FLOW_MISSING" })]);

    const self = await problemsOf(base, "self error flow");
    await updateFlowDraft(t.db, { flowId: self.flowId, definition: drawn({ ...base, errorFlowId: self.flowId, timezone: "Europe/Atlantis" }) });
    const problems = await as(admin).flows.validate({ flowId: self.flowId });
    expect(problems.map((p) => [p.path, p.code]).sort()).toEqual([
      ["settings.errorFlowId", "ERROR_FLOW_SELF"],
      ["settings.timezone", "INVALID_TIMEZONE"],
    ]);
    expect(await as(admin).flows.publish({ flowId: self.flowId, message: "refused" })).toMatchObject({ published: false });

    const other = await problemsOf({ ...base, errorFlowId: missing.flowId, timezone: "America/New_York" }, "good error flow");
    expect(other.problems).toEqual([]);
  });
});
