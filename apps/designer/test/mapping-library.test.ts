import { createFlow, createUser, upsertLookupTable } from "@ipaas/db";
import { selectRows, type TestDatabase } from "@ipaas/db/testing";
import { demoFlowDefinition, parseFlowDefinition } from "@ipaas/flow";
import { findStandardMapping, standardMappingCatalogue } from "@ipaas/standard-mappings";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunsQueue } from "../src/server/context";
import { createCaller } from "../src/server/routers/_app";
import { parseFlowDocument } from "../src/server/services/flow-export";
import type { SessionUser } from "../src/server/services/users";
import { auditRows, codeOf, demoDatabaseFixture, testOutbound } from "./helpers";

// The mapping library in the designer (issue 15), on real Postgres + Redis, tRPC called in-process.
let t: TestDatabase;
let queue: RunsQueue;
let analyst: SessionUser;
let viewer: SessionUser;

const demo = demoDatabaseFixture();
beforeAll(async () => {
  ({ t, queue } = demo);
  const user = async (role: "analyst" | "viewer") => {
    const row = await createUser(t.db, { email: `${role}@example.com`, name: role, role, password: "pw-not-used" });
    return { id: row.id, email: row.email, role };
  };
  analyst = await user("analyst");
  viewer = await user("viewer");
});

const as = (user: SessionUser) => createCaller({ db: t.db, queue, user, outbound: testOutbound });
const shopify = () => {
  const m = findStandardMapping("shopify-order-to-sales-order");
  if (!m) throw new Error("the catalogue lacks Shopify order → SalesOrder");
  return m;
};

describe("mappings.library", () => {
  it("lists every standard mapping for a viewer, and each one's golden examples pass through the sandbox", async () => {
    const v = as(viewer);
    const list = await v.mappings.library.list();
    expect(list.map((m) => m.id)).toEqual(standardMappingCatalogue.map((m) => m.id));
    expect(list.find((m) => m.id === "wms-snapshot-to-inventory-positions")).toMatchObject({ ref: "std:wms-snapshot-to-inventory-positions", source: "WMS inventory snapshot", targetSchema: "InventoryPosition[]", testCount: 2 });
    for (const m of list) {
      const report = await v.mappings.library.runExamples({ id: m.id });
      expect([m.id, report.cases.map((c) => [c.passed, c.error, c.diff, c.issues])]).toEqual([m.id, report.cases.map(() => [true, undefined, [], []])]);
      expect(report.cases).toHaveLength(m.testCount);
    }
    const [first] = (await v.mappings.library.runExamples({ id: "shopify-order-to-sales-order" })).cases;
    expect(first?.actual).toEqual(shopify().tests[0]?.expected);
  });

  it("gets one with its expression and examples, and names the tables this installation lacks", async () => {
    const before = await as(viewer).mappings.library.get({ id: "sales-order-to-netsuite" });
    expect(before).toMatchObject({ ref: "std:sales-order-to-netsuite", targetSchema: null, missingTables: ["netsuite-customer", "netsuite-discount-item", "netsuite-item", "netsuite-unit"] });
    expect(before.tests[0]?.expected).toBeDefined();
    await upsertLookupTable(t.db, "netsuite-item", { "WID-100-BLK": "1201" });
    expect((await as(viewer).mappings.library.get({ id: "sales-order-to-netsuite" })).missingTables).toEqual(["netsuite-customer", "netsuite-discount-item", "netsuite-unit"]);
    expect(await codeOf(as(viewer).mappings.library.get({ id: "no-such-mapping" }))).toBe("NOT_FOUND");
    expect(await codeOf(as(viewer).mappings.library.get({ id: "../etc" }))).toBe("BAD_REQUEST");
  });

  it("copies into an editable saved mapping for an analyst, audited with its origin; viewers may not copy", async () => {
    expect(await codeOf(as(viewer).mappings.library.copy({ id: "shopify-order-to-sales-order" }))).toBe("FORBIDDEN");
    const copy = await as(analyst).mappings.library.copy({ id: "shopify-order-to-sales-order" });
    expect(copy).toMatchObject({ name: "Shopify order → SalesOrder", targetSchema: "SalesOrder", expression: shopify().expression, version: 1, updatedBy: analyst.id });
    expect(copy.tests).toEqual(shopify().tests);
    expect(await auditRows(t.db, { targetId: copy.id })).toEqual([
      expect.objectContaining({ action: "mapping.create", actorEmail: analyst.email, summary: expect.objectContaining({ copiedFrom: "std:shopify-order-to-sales-order", copiedVersion: 1 }) }),
    ]);
    // The copy is a saved mapping like any other: edited, its tests run against it.
    const edited = await as(analyst).mappings.update({ id: copy.id, version: 1, expression: `${copy.expression} ~> | $ | { "channel": "web" } |` });
    expect(edited.version).toBe(2);
    const report = await as(analyst).mappings.runTests({ id: copy.id });
    expect(report.cases.every((c) => !c.passed && c.diff.some((d) => d.path === "channel"))).toBe(true);
    // The library's own name is taken now: a second copy needs another.
    expect(await codeOf(as(analyst).mappings.library.copy({ id: "shopify-order-to-sales-order" }))).toBe("CONFLICT");
    await expect(as(analyst).mappings.library.copy({ id: "wms-snapshot-to-inventory-positions", name: "Our WMS feed" })).resolves.toMatchObject({ name: "Our WMS feed", targetSchema: "InventoryPosition[]" });
  });
});

describe("list targets", () => {
  it("offers canonical and outside-document schemas; a saved mapping may target a list of X, and preview validates each element", async () => {
    const schemas = await as(viewer).mappings.targetSchemas();
    expect(schemas.find((s) => s.name === "InventoryPosition")).toMatchObject({ kind: "canonical" });
    expect(schemas.find((s) => s.name === "X12 856")).toMatchObject({ kind: "external", jsonSchema: expect.objectContaining({ title: "X12 856" }) });
    const created = await as(analyst).mappings.create({ name: "positions", targetSchema: "InventoryPosition[]", expression: "[items.{ 'sku': sku, 'locationCode': 'DC1', 'onHand': qty, 'asOf': '2025-03-14T14:05:00Z' }]" });
    expect(created.targetSchema).toBe("InventoryPosition[]");
    const preview = await as(analyst).mappings.preview({ expression: created.expression, input: { items: [{ sku: "A-1", qty: 3 }, { sku: "", qty: 1 }] }, targetSchema: "InventoryPosition[]" });
    expect(preview.ok && [...new Set(preview.problems.map((p) => p.path))]).toEqual(["1.sku"]);
    const single = await as(analyst).mappings.preview({ expression: "{ 'sku': 'A-1', 'locationCode': 'DC1', 'onHand': 1, 'asOf': '2025-03-14T14:05:00Z' }", input: {}, targetSchema: "InventoryPosition[]" });
    expect(single.ok && single.problems).toEqual([{ path: "", message: expect.stringMatching(/array/) }]);
    expect(await codeOf(as(analyst).mappings.create({ name: "bad list", expression: "$", targetSchema: "Nope[]" }))).toBe("BAD_REQUEST");
  });
});

describe("a map node referencing a library mapping", () => {
  const draft = () => {
    const def = parseFlowDefinition(structuredClone(demoFlowDefinition));
    const [trigger, map] = def.nodes;
    if (!trigger || !map) throw new Error("the demo flow changed");
    trigger.config.sample = shopify().tests[0]?.input;
    // As the node panel leaves it: the reference and a copy of the expression that publish replaces.
    map.config = { mappingId: "std:shopify-order-to-sales-order", expression: "$" };
    return { ...def, nodes: [trigger, map], edges: def.edges.filter((e) => e.source === trigger.id && e.target === map.id) };
  };

  it("test-runs with the library's expression and gives the golden output", async () => {
    const { flow } = await createFlow(t.db, { name: "library map test run", definition: draft() });
    const result = await as(analyst).flows.testRun({ flowId: flow.id, definition: draft() });
    expect(result.status).toBe("succeeded");
    expect(result.nodes.map?.output).toEqual(shopify().tests[0]?.expected);
  });

  it("publishes with the library's expression embedded (what the runtime runs), and exports and imports the portable reference", async () => {
    const { flow } = await createFlow(t.db, { name: "library map publish", definition: draft() });
    expect(await as(analyst).flows.publish({ flowId: flow.id, message: "v1" })).toEqual({ published: true, version: 1 });
    const [version] = await selectRows(t.db, "flowVersions", { flowId: flow.id });
    const published = parseFlowDefinition(version?.definition);
    expect(published.nodes[1]?.config).toMatchObject({ mappingId: "std:shopify-order-to-sales-order", expression: shopify().expression, mappingVersion: shopify().version });
    const doc = parseFlowDocument(await as(viewer).flows.export({ flowId: flow.id }));
    expect(doc.definition.nodes[1]?.config).toMatchObject({ mappingId: "std:shopify-order-to-sales-order", expression: shopify().expression });
    const imported = await as(analyst).flows.import({ json: doc, name: "library map imported", environment: "sandbox" });
    expect(imported.problems.filter((p) => p.code === "unknown_mapping")).toEqual([]);
    const unknown = { ...doc, definition: { ...doc.definition, nodes: doc.definition.nodes.map((n, i) => (i === 1 ? { ...n, config: { ...n.config, mappingId: "std:gone" } } : n)) } };
    const broken = await as(analyst).flows.import({ json: unknown, name: "library map unknown", environment: "sandbox" });
    expect(broken.problems).toContainEqual(expect.objectContaining({ code: "unknown_mapping", path: "nodes.1.config.mappingId" }));
  });
});
