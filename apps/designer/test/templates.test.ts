import { ConflictError, createConnection, createFlow, createTradingPartner, createUser, getRunnableVersion } from "@ipaas/db";
import { partnerFieldsSchema } from "@ipaas/db/trading-partner-schema";
import { createTestDatabase, randomQueuePrefix, selectRows, type TestDatabase } from "@ipaas/db/testing";
import { demoFlowDefinition } from "@ipaas/flow";
import { createRunsQueue, loadRunnableFlow } from "@ipaas/jobs";
import { templates, type FlowTemplate } from "@ipaas/templates";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { Context, RunsQueue } from "../src/server/context";
import { createCaller } from "../src/server/routers/_app";
import type { Role, SessionUser } from "../src/server/services/users";
import { auditRows, codeOf } from "./helpers";

// "New flow from template", enable/disable and the webhook URL, through tRPC on
// real Postgres + Redis, with a template defined here (the real ones need their
// connectors' simulators; this one only needs connection rows).
const testTemplate: FlowTemplate = {
  id: "test-shop-to-erp",
  name: "Shop order → ERP order",
  description: "Copies each shop order into the ERP.",
  steps: ["Shop webhook", "Create the ERP order"],
  connections: [
    { key: "shop", connectorId: "test-shop", label: "The shop" },
    { key: "erp", connectorId: "test-erp", label: "The ERP" },
  ],
  build: (bindings) => ({
    schemaVersion: 1,
    nodes: [
      { id: "trigger", type: "trigger.webhook", name: "Order created", position: { x: 0, y: 0 }, config: { connectorId: "test-shop", connectionName: bindings.shop } },
      { id: "create", type: "action", name: "Create order", position: { x: 260, y: 0 }, config: { connectorId: "test-erp", operation: "createOrder", connectionName: bindings.erp, input: "$merge([$, { 'item': $lookup('test-erp-item', sku) }])" } },
    ],
    edges: [{ id: "e1", source: "trigger", target: "create" }],
  }),
};

let t: TestDatabase;
let queue: RunsQueue;
const users = {} as Record<Role, SessionUser>;

beforeAll(async () => {
  templates.push(testTemplate);
  // getEnv() is read once per process: stub before the first procedure that needs it.
  vi.stubEnv("RUNTIME_URL", "http://runtime.test:3001/");
  t = await createTestDatabase();
  vi.stubEnv("DATABASE_URL", t.url);
  vi.stubEnv("REDIS_URL", inject("redisUrl"));
  queue = createRunsQueue({ redisUrl: inject("redisUrl"), prefix: randomQueuePrefix() });
  for (const role of ["admin", "analyst", "operator", "viewer"] as const) {
    users[role] = await createUser(t.db, { email: `${role}@templates.test`, name: role, role });
  }
  const connection = (name: string, connectorId: string, environment: string) =>
    createConnection(t.db, { name, connectorId, environment, config: {}, secrets: {}, keyRing: null, actor: null });
  await connection("Shop A", "test-shop", "sandbox");
  await connection("Shop B", "test-shop", "sandbox");
  await connection("ERP sandbox", "test-erp", "sandbox");
  await connection("Shop live", "test-shop", "production");
});
afterAll(async () => {
  templates.splice(templates.indexOf(testTemplate), 1);
  vi.unstubAllEnvs();
  await queue?.close();
  await t?.close();
});

const callerAs = (role: Role) => createCaller({ db: t.db, queue, user: users[role], ip: "198.51.100.4" } satisfies Context);
const install = { templateId: testTemplate.id, environment: "sandbox", bindings: { shop: "Shop A", erp: "ERP sandbox" } };
const auditRowsFor = (flowId: string) => auditRows(t.db, { targetId: flowId });

/** The rejection's message (the call must fail with `code`). */
async function refusal(promise: Promise<unknown>, code: string): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  return (error as TRPCError).message;
}

describe("templates router", () => {
  it("lists templates with the connections each needs and those available per environment", async () => {
    const list = await callerAs("viewer").templates.list();
    const listed = list.find((x) => x.id === testTemplate.id);
    expect(listed).toEqual({
      id: testTemplate.id,
      name: testTemplate.name,
      description: testTemplate.description,
      steps: testTemplate.steps,
      connections: [
        { key: "shop", connectorId: "test-shop", label: "The shop", available: { sandbox: ["Shop A", "Shop B"], production: ["Shop live"] } },
        { key: "erp", connectorId: "test-erp", label: "The ERP", available: { sandbox: ["ERP sandbox"], production: [] } },
      ],
      partners: [],
      lookups: { tables: ["test-erp-item"], missing: { sandbox: ["test-erp-item"], production: ["test-erp-item"] } },
    });
  });

  it("reports the cross-reference tables the template reads that the environment lacks, in the list and on install", async () => {
    // The shipped Shopify → NetSuite template: its tables are found in the embedded standard mapping.
    const shipped = (await callerAs("viewer").templates.list()).find((x) => x.id === "shopify-order-to-netsuite-sales-order");
    expect(shipped?.lookups.tables).toEqual(expect.arrayContaining(["netsuite-item", "netsuite-unit"]));
    const missingIn = async () => (await callerAs("viewer").templates.list()).find((x) => x.id === testTemplate.id)?.lookups.missing;
    const analyst = callerAs("analyst");
    const table = await analyst.lookups.createTable({ name: "test-erp-item" });
    // The table exists but has no entries anywhere: still missing everywhere.
    expect(await missingIn()).toEqual({ sandbox: ["test-erp-item"], production: ["test-erp-item"] });
    await analyst.lookups.upsertEntry({ tableId: table.id, environment: "sandbox", entry: { key: "SKU-1", value: "1" } });
    expect(await missingIn()).toEqual({ sandbox: [], production: ["test-erp-item"] });

    const live = await analyst.templates.install({ templateId: testTemplate.id, name: "Live orders", environment: "production", bindings: { shop: "Shop live", erp: "ERP sandbox" } }).catch((e: unknown) => e);
    // (production has no ERP connection: refused before anything is reported)
    expect(live).toBeInstanceOf(TRPCError);
    const installed = await analyst.templates.install({ ...install, name: "Orders with items" });
    expect(installed.lookups).toEqual({
      environment: "sandbox",
      dynamic: 0,
      tables: [{ name: "test-erp-item", exists: true, entryCount: 1, exportedEntries: null, missingKeys: [], missingKeyCount: 0, missing: false }],
    });
    const [audit] = await auditRowsFor(installed.flowId);
    expect(audit?.summary).toMatchObject({ missingLookups: [] });
  });

  it("installs a draft in the chosen environment with the connection names bound, audited as flow.create", async () => {
    const { flowId } = await callerAs("analyst").templates.install({ ...install, name: "  Orders to ERP " });
    const flow = await callerAs("viewer").flows.get({ flowId });
    expect(flow).toMatchObject({ name: "Orders to ERP", environment: "sandbox", publishedVersion: null, description: testTemplate.description });
    const nodes = (flow.draft as { nodes: Array<{ id: string; config: Record<string, unknown> }> }).nodes;
    expect(nodes.map((n) => [n.id, n.config.connectionName])).toEqual([
      ["trigger", "Shop A"],
      ["create", "ERP sandbox"],
    ]);
    // The bound connections exist in the environment: the draft has no connection problems.
    expect((await callerAs("viewer").flows.validate({ flowId })).filter((p) => p.code.includes("connection"))).toEqual([]);
    const [audit] = await auditRowsFor(flowId);
    expect(audit).toMatchObject({
      action: "flow.create",
      actorEmail: "analyst@templates.test",
      summary: { name: "Orders to ERP", template: testTemplate.id, environment: "sandbox", bindings: { shop: "Shop A", erp: "ERP sandbox" } },
    });
  });

  it("refuses unbound, unknown, wrong-connector and extra bindings, naming the key", async () => {
    const analyst = callerAs("analyst");
    const attempt = (bindings: Record<string, string>, environment = "sandbox") => refusal(analyst.templates.install({ ...install, name: "Refused", environment, bindings }), "BAD_REQUEST");
    expect(await attempt({ shop: "Shop A" })).toMatch(/^bindings\.erp: choose a test-erp connection/);
    expect(await attempt({ shop: "Shop A", erp: "  " })).toMatch(/^bindings\.erp:/);
    expect(await attempt({ shop: "Nope", erp: "ERP sandbox" })).toMatch(/^bindings\.shop: there is no connection "Nope" in the sandbox environment/);
    expect(await attempt({ shop: "ERP sandbox", erp: "ERP sandbox" })).toMatch(/^bindings\.shop: "ERP sandbox" is a test-erp connection/);
    // A sandbox connection does not exist in production (and production has no ERP connection).
    expect(await attempt({ shop: "Shop live", erp: "ERP sandbox" }, "production")).toMatch(/^bindings\.erp: there is no connection "ERP sandbox" in the production/);
    expect(await attempt({ ...install.bindings, warehouse: "Shop A" })).toMatch(/^bindings\.warehouse: the template has no connection/);
    expect(await selectRows(t.db, "flows", { name: "Refused" })).toEqual([]);
  });

  it("refuses a taken name (CONFLICT), an unknown template or environment (NOT_FOUND)", async () => {
    await createFlow(t.db, { name: "Taken", definition: demoFlowDefinition });
    expect(await refusal(callerAs("admin").templates.install({ ...install, name: "taken" }), "CONFLICT")).toMatch(/A flow named "taken" already exists/);
    expect(await codeOf(callerAs("admin").templates.install({ ...install, name: "X", templateId: "nope" }))).toBe("NOT_FOUND");
    expect(await codeOf(callerAs("admin").templates.install({ ...install, name: "X", environment: "staging" }))).toBe("NOT_FOUND");
  });

  it("refuses install and setEnabled to viewers and operators", async () => {
    const { flow } = await createFlow(t.db, { name: "Guarded", definition: demoFlowDefinition, publish: { message: "v1" } });
    for (const role of ["viewer", "operator"] as const) {
      expect(await codeOf(callerAs(role).templates.install({ ...install, name: `By ${role}` }))).toBe("FORBIDDEN");
      expect(await codeOf(callerAs(role).flows.setEnabled({ flowId: flow.id, enabled: false }))).toBe("FORBIDDEN");
    }
    expect((await getRunnableVersion(t.db, flow.id)).flow.enabled).toBe(true);
  });
});

describe("templates that need a trading partner", () => {
  // An EDI template binds partners by name like connections, so promotion picks the target environment's same-named partner.
  const ediTemplate: FlowTemplate = {
    id: "test-retailer-po",
    name: "Retailer PO → ERP",
    description: "Each retailer 850 becomes an ERP order.",
    steps: ["Receive the 850", "Create the ERP order"],
    connections: [{ key: "erp", connectorId: "test-erp", label: "The ERP" }],
    partners: [{ key: "retailer", label: "The retailer", sets: ["850 in"] }],
    build: (bindings) => ({
      schemaVersion: 1,
      nodes: [
        { id: "trigger", type: "trigger.manual", name: "PO received", position: { x: 0, y: 0 }, config: { sample: { partnerId: bindings.retailer } } },
        { id: "create", type: "action", name: "Create order", position: { x: 260, y: 0 }, config: { connectorId: "test-erp", operation: "createOrder", connectionName: bindings.erp, input: "$" } },
      ],
      edges: [{ id: "e1", source: "trigger", target: "create" }],
    }),
  };
  let megaMartId = "";
  beforeAll(async () => {
    templates.push(ediTemplate);
    const fields = partnerFieldsSchema.parse({ ourIsaQualifier: "ZZ", ourIsaId: "US", ourGsId: "US", theirIsaQualifier: "ZZ", theirIsaId: "MEGAMART", theirGsId: "MEGAMART" });
    megaMartId = (await createTradingPartner(t.db, { name: "MegaMart", environment: "sandbox", fields, secrets: {}, keyRing: null, actor: null })).id;
  });
  afterAll(() => void templates.splice(templates.indexOf(ediTemplate), 1));

  it("lists the partners available per environment; one chosen by name is built in by id", async () => {
    const listed = (await callerAs("viewer").templates.list()).find((x) => x.id === ediTemplate.id);
    expect(listed?.partners).toEqual([{ key: "retailer", label: "The retailer", sets: ["850 in"], available: { sandbox: ["MegaMart"], production: [] } }]);
    const { flowId } = await callerAs("analyst").templates.install({ templateId: ediTemplate.id, name: "MegaMart POs", environment: "sandbox", bindings: { erp: "ERP sandbox", retailer: " MegaMart " } });
    const nodes = ((await callerAs("viewer").flows.get({ flowId })).draft as { nodes: Array<{ config: Record<string, unknown> }> }).nodes;
    expect(nodes[0]?.config.sample).toEqual({ partnerId: megaMartId });
  });

  it("refuses an unbound partner or one that does not exist in the environment, naming the key", async () => {
    const attempt = (bindings: Record<string, string>) =>
      refusal(callerAs("analyst").templates.install({ templateId: ediTemplate.id, name: "Refused EDI", environment: "sandbox", bindings }), "BAD_REQUEST");
    expect(await attempt({ erp: "ERP sandbox" })).toMatch(/^bindings\.retailer: choose a trading partner for "The retailer"/);
    expect(await attempt({ erp: "ERP sandbox", retailer: "OtherMart" })).toMatch(/^bindings\.retailer: there is no trading partner "OtherMart" in the sandbox environment/);
    expect(await selectRows(t.db, "flows", { name: "Refused EDI" })).toEqual([]);
  });
});

describe("enable / disable", () => {
  it("audits each change, and a disabled flow is not runnable until enabled again", async () => {
    const { flow } = await createFlow(t.db, { name: "Switchable", definition: demoFlowDefinition, publish: { message: "v1" } });
    const analyst = callerAs("analyst");
    await analyst.flows.setEnabled({ flowId: flow.id, enabled: false });
    await analyst.flows.setEnabled({ flowId: flow.id, enabled: false }); // no change, no audit row
    expect((await analyst.flows.get({ flowId: flow.id })).enabled).toBe(false);
    // The lookups the runtime's ingress, poller and manual runs go through all refuse it.
    await expect(getRunnableVersion(t.db, flow.id)).rejects.toThrow(ConflictError);
    await expect(loadRunnableFlow(t.db, flow.id)).rejects.toThrow(/is disabled/);
    expect(await refusal(analyst.flows.run({ flowId: flow.id }), "CONFLICT")).toMatch(/is disabled/);

    await callerAs("admin").flows.setEnabled({ flowId: flow.id, enabled: true });
    expect((await getRunnableVersion(t.db, flow.id)).flow.enabled).toBe(true);
    expect((await analyst.flows.run({ flowId: flow.id })).duplicate).toBe(false);
    const audit = await auditRowsFor(flow.id);
    expect(audit.filter((a) => a.action !== "flow.publish").map((a) => [a.action, a.actorEmail, a.summary])).toEqual([
      ["flow.disable", "analyst@templates.test", { name: "Switchable" }],
      ["flow.enable", "admin@templates.test", { name: "Switchable" }],
    ]);
    expect(await codeOf(analyst.flows.setEnabled({ flowId: "00000000-0000-4000-8000-000000000000", enabled: false }))).toBe("NOT_FOUND");
  });
});

describe("webhook URL", () => {
  it("gives the runtime's ingress URL for webhook-triggered flows and null for others", async () => {
    const { flowId } = await callerAs("analyst").templates.install({ ...install, name: "Hooked" });
    expect(await callerAs("viewer").flows.webhookUrl({ flowId })).toEqual({ url: `http://runtime.test:3001/v1/hooks/${flowId}` });
    const { flow } = await createFlow(t.db, { name: "Manual only", definition: demoFlowDefinition });
    expect(await callerAs("viewer").flows.webhookUrl({ flowId: flow.id })).toEqual({ url: null });
  });
});
