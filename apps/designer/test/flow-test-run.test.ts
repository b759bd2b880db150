import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createOutboundPolicy } from "@ipaas/connectors";
import { createConnection, createEnvironment, createFlow, createTradingPartner, KeyRing, partnerFieldsSchema, upsertLookupTable } from "@ipaas/db";
import { selectRows, type TestDatabase } from "@ipaas/db/testing";
import { demoFlowDefinition, demoHttpFlowDefinition, parseFlowDefinition } from "@ipaas/flow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunsQueue } from "../src/server/context";
import { createCaller } from "../src/server/routers/_app";
import type { SessionUser } from "../src/server/services/users";
import { auditRows, codeOf, demoDatabaseFixture, testOutbound } from "./helpers";

let t: TestDatabase;
let queue: RunsQueue;
let admin: SessionUser;
let server: Server;
const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
const keyRing = new KeyRing(randomBytes(32).toString("base64"));
const TOKEN = "sandbox-token-very-secret";

const demo = demoDatabaseFixture();
beforeAll(async () => {
  ({ t, queue, admin } = demo);
  // The target echoes the Authorization header back, to prove secrets are scrubbed from results.
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? "", headers: req.headers });
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ ok: true, path: req.url, auth: req.headers.authorization }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const actor = { id: admin.id, email: admin.email };
  await createConnection(t.db, { name: "target", connectorId: "http", environment: "sandbox", config: { baseUrl: `${baseUrl}/sandbox` }, secrets: { bearerToken: TOKEN }, keyRing, actor });
  await createConnection(t.db, { name: "target", connectorId: "http", environment: "production", config: { baseUrl: `${baseUrl}/production` }, secrets: {}, keyRing, actor });
});
afterAll(async () => {
  server?.close();
});

const as = (user: SessionUser, outbound = testOutbound) => createCaller({ db: t.db, queue, user, keyRing, ip: "127.0.0.1", outbound });
const httpFlow = (path = "/healthz") => {
  const def = parseFlowDefinition(structuredClone(demoHttpFlowDefinition));
  def.nodes[1]!.config.connectionName = "target";
  def.nodes[1]!.config.input = `{ 'method': 'GET', 'path': '${path}' }`;
  return def;
};

describe("flows.testRun", () => {
  it("runs the demo draft and returns each node's input and output, without a run record", async () => {
    const { flow } = await createFlow(t.db, { name: "test run demo", definition: demoFlowDefinition });
    const result = await as(admin).flows.testRun({ flowId: flow.id, definition: parseFlowDefinition(demoFlowDefinition) });
    expect(result.status).toBe("succeeded");
    expect(result.nodes.trigger).toMatchObject({ status: "succeeded", itemCount: 1, output: { name: "#1001" } });
    expect(result.nodes.map).toMatchObject({ status: "succeeded", itemCount: 1, output: { externalId: "shopify-1001", lineCount: 2 } });
    expect(await selectRows(t.db, "runs", { flowId: flow.id })).toHaveLength(0);
    const audit = await auditRows(t.db, { targetId: flow.id });
    expect(audit).toEqual([expect.objectContaining({ action: "flow.testRun", summary: expect.objectContaining({ environment: "sandbox" }) })]);
  });

  it("uses the chosen environment's connection and never returns its secret", async () => {
    const { flow } = await createFlow(t.db, { name: "test run http", definition: httpFlow() });
    seen.length = 0;
    const result = await as(admin).flows.testRun({ flowId: flow.id, definition: httpFlow(), environment: "sandbox" });
    expect(result.status).toBe("succeeded");
    expect(seen).toEqual([expect.objectContaining({ url: "/sandbox/healthz" })]);
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(result.nodes.call).toMatchObject({ status: "succeeded", output: { status: 200, body: { ok: true, path: "/sandbox/healthz" } } });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it("a pinned output short-circuits the connector call", async () => {
    const def = httpFlow();
    def.nodes[1]!.config.pinnedOutput = { status: 201, body: { pinned: true } };
    const { flow } = await createFlow(t.db, { name: "test run pinned", definition: def });
    seen.length = 0;
    const result = await as(admin).flows.testRun({ flowId: flow.id, definition: def });
    expect(seen).toHaveLength(0);
    expect(result.nodes.call).toMatchObject({ status: "succeeded", output: { status: 201, body: { pinned: true } } });
  });

  it("refuses production without confirmation, and runs there when confirmed", async () => {
    const { flow } = await createFlow(t.db, { name: "test run prod", definition: httpFlow() });
    const refused = as(admin).flows.testRun({ flowId: flow.id, definition: httpFlow(), environment: "production" });
    expect(await codeOf(refused)).toBe("CONFLICT");
    await expect(as(admin).flows.testRun({ flowId: flow.id, definition: httpFlow(), environment: "production" })).rejects.toThrow(/confirmProduction/);
    seen.length = 0;
    const result = await as(admin).flows.testRun({ flowId: flow.id, definition: httpFlow(), environment: "production", confirmProduction: true });
    expect(result.status).toBe("succeeded");
    expect(seen.map((s) => s.url)).toEqual(["/production/healthz"]);
  });

  it("'Test step' runs one node with the given input", async () => {
    const { flow } = await createFlow(t.db, { name: "test step", definition: demoFlowDefinition });
    const result = await as(admin).flows.testRun({ flowId: flow.id, definition: parseFlowDefinition(demoFlowDefinition), nodeId: "map", input: { name: "#7", email: "a@b.c", line_items: [] } });
    expect(result.nodes.trigger).toEqual({ status: "not_run", itemCount: 0 });
    expect(result.nodes.map).toMatchObject({ status: "succeeded", input: { name: "#7" }, output: { externalId: "shopify-7", lineCount: 0 } });
  });

  it("the token-theft reproduction: a path naming another server fails with the policy's error, and that server gets nothing", async () => {
    const canary: Array<IncomingHttpHeaders> = [];
    const stealer = createServer((req, res) => {
      canary.push(req.headers);
      res.end(JSON.stringify({ stolen: req.headers.authorization ?? null }));
    });
    await new Promise<void>((resolve) => stealer.listen(0, "127.0.0.1", resolve));
    try {
      const port = (stealer.address() as AddressInfo).port;
      const def = httpFlow(`/http://127.0.0.1:${port}/steal`);
      const { flow } = await createFlow(t.db, { name: "test run theft", definition: def });
      seen.length = 0;
      const result = await as(admin).flows.testRun({ flowId: flow.id, definition: def, environment: "sandbox" });
      expect(result.status).toBe("failed");
      expect(result.nodes.call).toMatchObject({ status: "failed", error: { message: expect.stringContaining("refused by the outbound network policy") } });
      expect(result.nodes.call!.error!.message).toContain("(rule: same-origin)");
      expect(canary).toEqual([]);
      expect(seen).toEqual([]);
      expect(JSON.stringify(result)).not.toContain(TOKEN);
    } finally {
      stealer.close();
    }
  });

  it("without an allow-list entry, a connection on loopback is refused like in production", async () => {
    const def = httpFlow();
    const { flow } = await createFlow(t.db, { name: "test run default policy", definition: def });
    seen.length = 0;
    const strict = createOutboundPolicy();
    const result = await as(admin, strict).flows.testRun({ flowId: flow.id, definition: def, environment: "sandbox" });
    expect(result.nodes.call).toMatchObject({ status: "failed", error: { message: expect.stringContaining("127.0.0.1 is a loopback address (rule: loopback)") } });
    expect(seen).toEqual([]);
  });

  it("reports a failing node with its message", async () => {
    const def = httpFlow();
    def.nodes[1]!.config.connectionName = "missing";
    const { flow } = await createFlow(t.db, { name: "test run failing", definition: def });
    const result = await as(admin).flows.testRun({ flowId: flow.id, definition: def });
    expect(result.status).toBe("failed");
    expect(result.nodes.call).toMatchObject({ status: "failed", error: { message: expect.stringMatching(/missing/) } });
    expect(result.error?.message).toMatch(/Check the target/);
  });

  it("a SKU missing from a cross-reference table fails the node with LOOKUP_MISSING before the call, as in a run; the added entry is read at once", async () => {
    const def = httpFlow();
    def.nodes.splice(1, 0, { id: "xref", type: "map", name: "Item", position: { x: 0, y: 0 }, config: { expression: '{ "item": $lookup("test-run-items", sku) }' } });
    def.edges = [{ id: "e1", source: def.nodes[0]!.id, target: "xref" }, { id: "e2", source: "xref", target: def.nodes[2]!.id }];
    await upsertLookupTable(t.db, "test-run-items", { "SKU-1": "1201" });
    const { flow } = await createFlow(t.db, { name: "test run lookups", definition: def });
    const calls = seen.length;
    const failed = await as(admin).flows.testRun({ flowId: flow.id, definition: def, payload: { sku: "SKU-1001" } });
    expect(failed.status).toBe("failed");
    expect(failed.nodes.xref).toMatchObject({ status: "failed", error: { message: expect.stringContaining("SKU-1001 not found in test-run-items") } });
    expect(seen.length).toBe(calls);
    await upsertLookupTable(t.db, "test-run-items", { "SKU-1": "1201", "SKU-1001": "1202" });
    const passed = await as(admin).flows.testRun({ flowId: flow.id, definition: def, payload: { sku: "SKU-1001" } });
    expect(passed.nodes.xref).toMatchObject({ status: "succeeded", output: { item: "1202" } });
  });

  it("reads the chosen test-run environment's entries of a cross-reference table", async () => {
    await createEnvironment(t.db, { name: "qa", actor: null });
    const def = parseFlowDefinition({
      schemaVersion: 1,
      nodes: [
        { id: "trigger", type: "trigger.manual", name: "Trigger", position: { x: 0, y: 0 }, config: { sample: { sku: "SKU-1" } } },
        { id: "xref", type: "map", name: "Item", position: { x: 0, y: 0 }, config: { expression: '{ "item": $lookup("env-test-items", sku) }' } },
      ],
      edges: [{ id: "e1", source: "trigger", target: "xref" }],
    });
    await upsertLookupTable(t.db, "env-test-items", { "SKU-1": "sandbox-1" });
    await upsertLookupTable(t.db, "env-test-items", { "SKU-1": "qa-1" }, { environment: "qa" });
    const { flow } = await createFlow(t.db, { name: "test run env lookups", definition: def });
    const inSandbox = await as(admin).flows.testRun({ flowId: flow.id, definition: def, payload: { sku: "SKU-1" } });
    expect(inSandbox.nodes.xref).toMatchObject({ status: "succeeded", output: { item: "sandbox-1" } });
    const inQa = await as(admin).flows.testRun({ flowId: flow.id, definition: def, payload: { sku: "SKU-1" }, environment: "qa" });
    expect(inQa.nodes.xref).toMatchObject({ status: "succeeded", output: { item: "qa-1" } });
  });

  it("viewers and operators may not test-run", async () => {
    const { flow } = await createFlow(t.db, { name: "test run roles", definition: demoFlowDefinition });
    expect(await codeOf(as({ ...admin, role: "operator" }).flows.testRun({ flowId: flow.id, definition: parseFlowDefinition(demoFlowDefinition) }))).toBe("FORBIDDEN");
  });
});

describe("flows.testRun: Send X12", () => {
  it("renders the document for the partner but stores, numbers and sends nothing", async () => {
    const fields = partnerFieldsSchema.parse({
      ourIsaQualifier: "ZZ",
      ourIsaId: "ACMEDIST",
      ourGsId: "ACMEDIST",
      theirIsaQualifier: "01",
      theirIsaId: "TESTRUN",
      theirGsId: "TESTRUNGS",
      transactionSets: [{ set: "855", direction: "outbound" }],
      transport: { kind: "as2", settings: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/as2`, as2From: "ACME", as2To: "TR", sign: false, encrypt: false } },
    });
    const partner = await createTradingPartner(t.db, { name: "Test-run retailer", environment: "sandbox", fields, secrets: {}, keyRing, actor: null });
    const def = parseFlowDefinition({
      schemaVersion: 1,
      nodes: [
        { id: "t", type: "trigger.manual", name: "Start", config: { sample: { po: "PO-77" } } },
        { id: "ack", type: "edi.send", name: "Send 855", config: { partnerId: partner.id, set: "855", input: "[{ 'id': 'BAK', 'elements': ['00', 'AC', po, '20260102'] }]" } },
      ],
      edges: [{ id: "e", source: "t", target: "ack" }],
    });
    const { flow } = await createFlow(t.db, { name: "test run x12", definition: def });
    seen.length = 0;
    const result = await as(admin).flows.testRun({ flowId: flow.id, definition: def });
    expect(result.status).toBe("succeeded");
    expect(result.nodes.ack).toMatchObject({ status: "succeeded", output: { interchangeId: null, status: "test: not sent", controlNumbers: { interchange: "000000001", group: "1", sets: ["0001"] } } });
    expect((result.nodes.ack!.output as { x12: string }).x12).toMatch(/^ISA\*00\*.*\nGS\*PR\*ACMEDIST\*TESTRUNGS\*.*\nST\*855\*0001\*?.*\nBAK\*00\*AC\*PO-77\*20260102~/s);
    expect(seen).toHaveLength(0);
    expect(await selectRows(t.db, "ediInterchanges", { partnerId: partner.id })).toHaveLength(0);
    expect(await selectRows(t.db, "partnerControlNumbers", { partnerId: partner.id })).toHaveLength(0);
  });
});
