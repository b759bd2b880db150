import { randomBytes } from "node:crypto";
import { createConnection, createFlow, KeyRing, lookupValues, upsertLookupTable } from "@ipaas/db";
import type { TestDatabase } from "@ipaas/db/testing";
import { demoFlowDefinition, demoHttpFlowDefinition, parseFlowDefinition } from "@ipaas/flow";
import type { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunsQueue } from "../src/server/context";
import { createCaller } from "../src/server/routers/_app";
import type { SessionUser } from "../src/server/services/users";
import { auditRows, codeOf, demoDatabaseFixture } from "./helpers";

let t: TestDatabase;
let queue: RunsQueue;
let admin: SessionUser;
let connectionId: string;
const keyRing = new KeyRing(randomBytes(32).toString("base64"));
const SECRET = "export-must-not-contain-this";

const demo = demoDatabaseFixture();
beforeAll(async () => {
  ({ t, queue, admin } = demo);
  const actor = { id: admin.id, email: admin.email };
  const conn = await createConnection(t.db, { name: "erp", connectorId: "http", environment: "sandbox", config: { baseUrl: "http://127.0.0.1:1" }, secrets: { bearerToken: SECRET }, keyRing, actor });
  connectionId = conn.id;
  await createConnection(t.db, { name: "erp", connectorId: "http", environment: "production", config: { baseUrl: "http://127.0.0.1:2" }, secrets: {}, keyRing, actor });
});

const as = (user: SessionUser) => createCaller({ db: t.db, queue, user, keyRing, ip: "127.0.0.1" });

describe("export and import", () => {
  it("round-trips a flow; a connection referenced by id is exported by name", async () => {
    const def = parseFlowDefinition(structuredClone(demoHttpFlowDefinition));
    def.nodes[1]!.config.connectionId = connectionId;
    const { flow } = await createFlow(t.db, { name: "exported", definition: def, publish: { message: "v1" } });
    const doc = await as({ ...admin, role: "viewer" }).flows.export({ flowId: flow.id });
    expect(doc).toMatchObject({ format: "ipaas-flow", formatVersion: 1, name: "exported", environment: "sandbox" });
    const call = (doc.definition as typeof def).nodes[1]!.config;
    expect(call.connectionName).toBe("erp");
    expect(call.connectionId).toBeUndefined();
    const text = JSON.stringify(doc);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(connectionId);
    expect(await as(admin).flows.export({ flowId: flow.id, version: 1 })).toEqual(doc);

    const imported = await as(admin).flows.import({ json: text, name: "imported copy", environment: "production" });
    expect(imported.problems).toEqual([]);
    const detail = await as(admin).flows.get({ flowId: imported.flowId });
    expect(detail).toMatchObject({ name: "imported copy", environment: "production", publishedVersion: null });
    expect((detail.draft as typeof def).nodes[1]!.config.connectionName).toBe("erp");
    const audit = await auditRows(t.db, { targetId: imported.flowId });
    expect(audit.map((a) => a.action)).toEqual(["flow.import"]);
  });

  it("embeds saved mappings as expressions", async () => {
    const { createMapping } = await import("@ipaas/db");
    const mapping = await createMapping(t.db, { name: "export mapping", expression: "{ 'n': name }" });
    const def = parseFlowDefinition(structuredClone(demoFlowDefinition));
    def.nodes[1]!.config = { mappingId: mapping.id };
    const { flow } = await createFlow(t.db, { name: "with mapping", definition: def });
    const doc = await as(admin).flows.export({ flowId: flow.id });
    expect((doc.definition as typeof def).nodes[1]!.config).toEqual({ expression: "{ 'n': name }" });
  });

  it("imports a document with problems as a draft and reports them", async () => {
    const def = parseFlowDefinition(structuredClone(demoHttpFlowDefinition));
    def.nodes[1]!.config.connectionName = "nowhere";
    def.nodes.push({ id: "bad", type: "map", name: "Broken", position: { x: 0, y: 0 }, config: { expression: "{ 'a': " } });
    def.edges.push({ id: "e2", source: "call", target: "bad" });
    const doc = { format: "ipaas-flow", formatVersion: 1, name: "with problems", description: "", definition: def };
    const result = await as(admin).flows.import({ json: doc, environment: "sandbox" });
    expect(result.problems.map((p) => [p.nodeId, p.code])).toEqual(expect.arrayContaining([["call", "unknown_connection"], ["bad", "EXPRESSION_SYNTAX"]]));
    const detail = await as(admin).flows.get({ flowId: result.flowId });
    expect((detail.draft as typeof def).nodes.map((n) => n.id)).toEqual(["trigger", "call", "bad"]);
    // Same name again: CONFLICT unless renamed.
    expect(await codeOf(as(admin).flows.import({ json: doc, environment: "sandbox" }))).toBe("CONFLICT");
    expect((await as(admin).flows.import({ json: doc, name: "with problems 2", environment: "sandbox" })).flowId).not.toBe(result.flowId);
  });

  it("names the lookup tables the flow reads (with entries when asked); the import reports missing tables and keys in its environment and creates them", async () => {
    await upsertLookupTable(t.db, "export-items", { "SKU-1": "sb-1", "SKU-2": "sb-2", "SKU-3": { id: 3 } }, { description: "Shop SKU → ERP item" });
    await upsertLookupTable(t.db, "export-items", { "SKU-1": "pr-1" }, { environment: "production" });
    const def = parseFlowDefinition({
      schemaVersion: 1,
      nodes: [
        { id: "trigger", type: "trigger.manual", name: "Trigger", position: { x: 0, y: 0 }, config: {} },
        { id: "map", type: "map", name: "Map", position: { x: 0, y: 0 }, config: { expression: "{ 'item': $lookup('export-items', sku), 'unit': $lookupOr(\"export-units\", uom, 'EA'), 'x': $lookup(name, sku) }" } },
        { id: "loc", type: "lookup", name: "Location", position: { x: 0, y: 0 }, config: { table: "export-locations", key: "warehouse" } },
      ],
      edges: [
        { id: "e1", source: "trigger", target: "map" },
        { id: "e2", source: "map", target: "loc" },
      ],
    });
    const { flow } = await createFlow(t.db, { name: "with lookups", definition: def });
    const names = await as(admin).flows.export({ flowId: flow.id });
    expect(names.lookups).toEqual([
      { name: "export-items", description: "Shop SKU → ERP item" },
      { name: "export-locations", description: "" },
      { name: "export-units", description: "" },
    ]);
    const full = await as(admin).flows.export({ flowId: flow.id, lookupEntries: true });
    expect(full.lookups?.[0]?.entries).toEqual([
      { key: "SKU-1", value: "sb-1", description: "" },
      { key: "SKU-2", value: "sb-2", description: "" },
      { key: "SKU-3", value: { id: 3 }, description: "" },
    ]);

    // Into production: one table with keys missing, two tables missing; the dynamic name is counted.
    const imported = await as(admin).flows.import({ json: JSON.stringify(full), name: "with lookups (prod)", environment: "production" });
    expect(imported.lookups).toEqual({
      environment: "production",
      dynamic: 1,
      tables: [
        { name: "export-items", exists: true, entryCount: 1, exportedEntries: 3, missingKeys: ["SKU-2", "SKU-3"], missingKeyCount: 2, missing: true },
        { name: "export-locations", exists: false, entryCount: 0, exportedEntries: null, missingKeys: [], missingKeyCount: 0, missing: true },
        { name: "export-units", exists: false, entryCount: 0, exportedEntries: null, missingKeys: [], missingKeyCount: 0, missing: true },
      ],
    });
    expect((await auditRows(t.db, { targetId: imported.flowId }))[0]?.summary).toMatchObject({ missingLookups: ["export-items", "export-locations", "export-units"] });

    // "Create them": the missing tables exist afterwards, the missing keys are added, production's own SKU-1 stays.
    expect(await codeOf(as({ ...admin, role: "viewer" }).flows.importLookups({ json: full, environment: "production" }))).toBe("FORBIDDEN");
    const created = await as(admin).flows.importLookups({ json: full, environment: "production" });
    expect(created.created).toEqual([
      { name: "export-items", created: false, added: 2 },
      { name: "export-locations", created: true, added: 0 },
      { name: "export-units", created: true, added: 0 },
    ]);
    expect(Object.fromEntries(await lookupValues(t.db, { environment: "production", table: "export-items", keys: ["SKU-1", "SKU-2", "SKU-3"] }))).toEqual({ "SKU-1": "pr-1", "SKU-2": "sb-2", "SKU-3": { id: 3 } });
    expect(created.report.tables.map((r) => [r.name, r.exists, r.missingKeyCount, r.missing])).toEqual([
      ["export-items", true, 0, false],
      ["export-locations", true, 0, true],
      ["export-units", true, 0, true],
    ]);

    // A document exported before tables were listed: the importer scans its definition.
    const { lookups: _omitted, ...old } = names;
    const legacy = await as(admin).flows.import({ json: old, name: "with lookups (old doc)", environment: "sandbox" });
    expect(legacy.lookups.tables.map((r) => [r.name, r.entryCount, r.missing])).toEqual([
      ["export-items", 3, false],
      ["export-locations", 0, true],
      ["export-units", 0, true],
    ]);
  });

  it("rejects a malformed document with BAD_REQUEST naming the path", async () => {
    const notJson = await as(admin).flows.import({ json: "{ nope", environment: "sandbox" }).catch((e: unknown) => e);
    expect((notJson as TRPCError).code).toBe("BAD_REQUEST");
    expect((notJson as TRPCError).message).toMatch(/not valid JSON/);
    const bad = { format: "ipaas-flow", formatVersion: 1, name: "x", definition: { schemaVersion: 1, nodes: [{ id: "n", type: "nope", name: "N" }], edges: [] } };
    const error = await as(admin).flows.import({ json: bad, environment: "sandbox" }).catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect((error as TRPCError).message).toMatch(/definition\.nodes\.0\.type/);
    expect(await codeOf(as(admin).flows.import({ json: { format: "other" }, environment: "sandbox" }))).toBe("BAD_REQUEST");
    expect(await codeOf(as({ ...admin, role: "viewer" }).flows.import({ json: bad, environment: "sandbox" }))).toBe("FORBIDDEN");
  });
});
