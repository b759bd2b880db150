import { describe, expect, it } from "vitest";
import {
  assertValid,
  demoFlowDefinition,
  FlowValidationError,
  nodeConfigSchemas,
  validate,
  webhookVerification,
  type ConnectorLookup,
  type NodeType,
  type Problem,
} from "../src";

type Config = Record<string, unknown>;
const node = (id: string, type: NodeType, config: Config = {}, name = id.toUpperCase()) => ({ id, type, name, position: { x: 0, y: 0 }, config });
const edge = (id: string, source: string, target: string, sourceHandle?: string) => ({ id, source, target, ...(sourceHandle ? { sourceHandle } : {}) });
const flow = (nodes: unknown[], edges: unknown[], settings?: Config) => ({ schemaVersion: 1, nodes, edges, ...(settings ? { settings } : {}) });

const start = node("t", "trigger.manual", {}, "Start");
const mapNode = (id: string, expression = "$") => node(id, "map", { expression });
const uuid = "3f2b8c1e-5d4a-4b6f-9a7e-1c2d3e4f5a6b";

/** The one problem with `code` (fails when there are none or several). */
function only(problems: Problem[], code: string): Problem {
  const matching = problems.filter((p) => p.code === code);
  expect(matching, JSON.stringify(problems, null, 2)).toHaveLength(1);
  return matching[0]!;
}
const codes = (problems: Problem[]) => problems.map((p) => p.code);

describe("validate: valid flows", () => {
  it("finds no problems in the demo flow", () => {
    expect(validate(demoFlowDefinition)).toEqual([]);
    expect(assertValid(demoFlowDefinition).nodes).toHaveLength(2);
  });

  it("allows two edges from a non-branch node (parallel paths)", () => {
    const def = flow([start, mapNode("a"), mapNode("b")], [edge("e1", "t", "a"), edge("e2", "t", "b")]);
    expect(validate(def)).toEqual([]);
  });

  it("accepts a fully wired branch and an API flow with respond", () => {
    const branch = node("b", "branch", { cases: [{ id: "big", label: "Big orders", condition: "total > 100" }, { id: "eu", condition: "region = 'EU'" }] });
    const def = flow(
      [node("t", "trigger.api"), branch, mapNode("x"), mapNode("y"), mapNode("z"), node("r", "respond", { status: 201, body: "$" })],
      [edge("e1", "t", "b"), edge("e2", "b", "x", "big"), edge("e3", "b", "y", "eu"), edge("e4", "b", "z", "default"), edge("e5", "x", "r")],
    );
    expect(validate(def)).toEqual([]);
  });
});

describe("validate: definition shape", () => {
  it("reports zod paths and stops there", () => {
    const def = flow([start, mapNode("a"), { id: "c", type: "teleport", name: "Beam me up" }], [edge("e1", "nowhere", "a")]);
    const problems = validate(def);
    expect(problems).toHaveLength(1); // the dangling edge is not checked on a malformed definition
    expect(problems[0]).toMatchObject({ code: "INVALID_DEFINITION", nodeId: "c", path: "nodes.2.type" });
    expect(problems[0]?.message).toContain('Node "Beam me up"');
  });

  it("handles input that is not an object at all", () => {
    expect(validate(null)[0]).toMatchObject({ code: "INVALID_DEFINITION", nodeId: null, path: "(root)" });
    expect(validate({ schemaVersion: 1, nodes: [{ id: "x", type: "map" }], edges: [] })[0]).toMatchObject({ path: "nodes.0.name", message: "nodes.0.name is required" });
  });
});

describe("validate: identity", () => {
  it("reports a duplicate node id on the second node", () => {
    const p = only(validate(flow([start, mapNode("a"), node("a", "map", { expression: "$" }, "Other")], [edge("e1", "t", "a")])), "DUPLICATE_NODE_ID");
    expect(p).toMatchObject({ nodeId: "a", path: "nodes.2.id" });
    expect(p.message).toContain('Node "Other"');
  });

  it("reports a duplicate edge id", () => {
    const def = flow([start, mapNode("a"), mapNode("b")], [edge("e1", "t", "a"), edge("e1", "a", "b")]);
    expect(only(validate(def), "DUPLICATE_EDGE_ID")).toMatchObject({ nodeId: null, edgeId: "e1", path: "edges.1.id" });
  });

  it("reports a duplicate node name, since $steps.<name> would be ambiguous", () => {
    const def = flow([start, node("a", "map", { expression: "$" }, "Same"), node("b", "map", { expression: "$" }, "Same")], [edge("e1", "t", "a"), edge("e2", "a", "b")]);
    const p = only(validate(def), "DUPLICATE_NODE_NAME");
    expect(p).toMatchObject({ nodeId: "b", path: "nodes.2.name" });
    expect(p.message).toContain('Node "Same"');
  });
});

describe("validate: triggers", () => {
  it("reports a flow without a trigger once, not every node as unreachable", () => {
    const problems = validate(flow([mapNode("a")], []));
    expect(codes(problems)).toEqual(["NO_TRIGGER"]);
    expect(problems[0]).toMatchObject({ nodeId: null, path: "nodes" });
  });

  it("reports every trigger after the first", () => {
    const def = flow([start, node("t2", "trigger.webhook", {}, "Hook"), mapNode("a")], [edge("e1", "t", "a"), edge("e2", "t2", "a")]);
    const p = only(validate(def), "MULTIPLE_TRIGGERS");
    expect(p).toMatchObject({ nodeId: "t2", path: "nodes.1.type" });
    expect(p.message).toContain('Node "Hook"');
  });

  it("reports an edge into a trigger", () => {
    const def = flow([start, mapNode("a")], [edge("e1", "t", "a"), edge("back", "a", "t")]);
    const problems = validate(def);
    expect(only(problems, "EDGE_INTO_TRIGGER")).toMatchObject({ nodeId: "t", edgeId: "back", path: "edges.1.target" });
    expect(only(problems, "EDGE_INTO_TRIGGER").message).toContain('Node "Start"');
    expect(codes(problems)).not.toContain("CYCLE"); // one mistake, one problem
  });
});

describe("validate: edges and branches", () => {
  it("reports edges whose source or target is not a node", () => {
    const problems = validate(flow([start, mapNode("a")], [edge("e1", "t", "a"), edge("e2", "a", "ghost"), edge("e3", "ghost", "a")]));
    const dangling = problems.filter((p) => p.code === "DANGLING_EDGE");
    expect(dangling.map((p) => [p.edgeId, p.path, p.nodeId])).toEqual([
      ["e2", "edges.1.target", "a"],
      ["e3", "edges.2.source", "a"],
    ]);
    expect(dangling[0]?.message).toContain('Node "A"');
    expect(dangling[0]?.message).toContain('"ghost"');
  });

  it("reports the same connection twice (the target would run twice)", () => {
    const p = only(validate(flow([start, mapNode("a")], [edge("e1", "t", "a"), edge("e2", "t", "a")])), "DUPLICATE_EDGE");
    expect(p).toMatchObject({ nodeId: "t", edgeId: "e2", path: "edges.1.target" });
  });

  const branchFlow = (edges: unknown[]) =>
    flow([start, node("b", "branch", { cases: [{ id: "big", condition: "total > 100" }] }, "Route"), mapNode("x"), mapNode("y")], [edge("e1", "t", "b"), ...edges]);

  it("reports a branch edge whose handle is not a case id or default", () => {
    const problems = validate(branchFlow([edge("e2", "b", "x", "big"), edge("e3", "b", "y", "huge"), edge("e4", "b", "y", "default")]));
    const p = only(problems, "BRANCH_HANDLE_INVALID");
    expect(p).toMatchObject({ nodeId: "b", edgeId: "e3", path: "edges.2.sourceHandle" });
    expect(p.message).toContain('Node "Route"');
    expect(p.message).toContain('"huge"');
  });

  it("reports a branch edge without a handle", () => {
    const problems = validate(branchFlow([edge("e2", "b", "x", "big"), edge("e3", "b", "y"), edge("e4", "b", "y", "default")]));
    expect(only(problems, "BRANCH_HANDLE_INVALID").message).toMatch(/has no handle/);
  });

  it("reports a branch without a default edge", () => {
    const p = only(validate(branchFlow([edge("e2", "b", "x", "big")])), "BRANCH_NO_DEFAULT");
    expect(p).toMatchObject({ nodeId: "b", path: "nodes.1" });
    expect(p.message).toContain('Node "Route"');
  });

  it("reports a branch case without an outgoing edge", () => {
    const problems = validate(branchFlow([edge("e2", "b", "x", "default"), edge("e3", "x", "y")]));
    const p = only(problems, "BRANCH_CASE_UNCONNECTED");
    expect(p).toMatchObject({ nodeId: "b", path: "nodes.1.config.cases.0" });
    expect(p.message).toContain('Node "Route": case "big"');
  });
});

describe("validate: graph", () => {
  it("reports a cycle naming its nodes", () => {
    const def = flow([start, mapNode("a"), mapNode("b")], [edge("e1", "t", "a"), edge("e2", "a", "b"), edge("e3", "b", "a")]);
    const p = only(validate(def), "CYCLE");
    expect(p).toMatchObject({ nodeId: "a", path: "nodes.1" });
    expect(p.message).toContain('Node "A"');
    expect(p.message).toContain("A → B → A");
  });

  it("reports a node that loops to itself", () => {
    const p = only(validate(flow([start, mapNode("a")], [edge("e1", "t", "a"), edge("e2", "a", "a")])), "CYCLE");
    expect(p.message).toContain("A → A");
  });

  it("reports nodes the trigger cannot reach, including an unreachable cycle", () => {
    const def = flow([start, mapNode("a"), mapNode("b"), mapNode("c")], [edge("e1", "t", "a"), edge("e2", "b", "c"), edge("e3", "c", "b")]);
    const problems = validate(def);
    expect(problems.filter((p) => p.code === "UNREACHABLE").map((p) => [p.nodeId, p.path])).toEqual([
      ["b", "nodes.2"],
      ["c", "nodes.3"],
    ]);
    expect(problems.find((p) => p.code === "UNREACHABLE")?.message).toContain('Node "B"');
    expect(only(problems, "CYCLE").message).toContain("B → C → B");
  });
});

describe("validate: node config", () => {
  const single = (type: NodeType, config: Config) => validate(flow([start, node("n", type, config, "Subject")], [edge("e1", "t", "n")]));
  const configProblems = (type: NodeType, config: Config) => single(type, config).filter((p) => p.code === "INVALID_CONFIG");

  it("accepts a valid config of every node type", () => {
    const valid: Record<NodeType, Config> = {
      "trigger.manual": { sample: { a: 1 } },
      "trigger.webhook": { connectorId: "shopify", connectionName: "Shop", event: "orders/create" },
      "trigger.schedule": { cron: "0 */2 * * MON-FRI", timezone: "Europe/Berlin" },
      "trigger.poll": { connectorId: "netsuite", operation: "listOrders", intervalSeconds: 60 },
      "trigger.api": {},
      "trigger.edi": { partnerId: uuid, set: "850" },
      action: { connectorId: "netsuite", operation: "upsertSalesOrder", connectionId: uuid, input: "$", retry: { attempts: 3 } },
      map: { expression: "$" },
      filter: { condition: "total > 0" },
      branch: { cases: [{ id: "a", condition: "true" }] },
      foreach: { items: "lines", concurrency: 5 },
      lookup: { table: "sku-map", key: "sku", onMissing: "fail" },
      delay: { ms: 60_000 },
      subflow: { flowId: uuid, input: "$" },
      respond: { status: 200, body: "$", headers: { "x-a": "b" } },
      "edi.send": { partnerId: uuid, set: "856", input: "$" },
    };
    for (const [type, config] of Object.entries(valid)) {
      expect(nodeConfigSchemas[type as NodeType].safeParse(config).success, type).toBe(true);
    }
    expect(nodeConfigSchemas.delay.safeParse({ until: "$now()" }).success).toBe(true);
  });

  it("reports a missing field with its path and the node's name", () => {
    const [p] = configProblems("map", {});
    expect(p).toMatchObject({ nodeId: "n", path: "nodes.1.config.expression" });
    expect(p?.message).toBe('Node "Subject": config.expression is required');
    expect(configProblems("map", { expression: "  " })[0]?.message).toContain("must not be empty");
  });

  it.each<[NodeType, Config, string[]]>([
    ["trigger.schedule", { cron: "every hour", timezone: "Mars/Olympus" }, ["cron", "timezone"]],
    ["trigger.schedule", { cron: "*/ * * * *" }, ["cron"]],
    ["trigger.poll", { connectorId: "x", operation: "y", intervalSeconds: 5 }, ["intervalSeconds"]],
    ["trigger.edi", { partnerId: "retailer", set: "PO" }, ["partnerId", "set"]],
    ["action", { connectorId: "x", operation: "y", input: "$", connectionId: "not-a-uuid" }, ["connectionId"]],
    ["action", { connectorId: "x", operation: "y", input: "$", connectionId: uuid, connectionName: "prod" }, ["connectionName"]],
    ["action", { connectorId: "x", operation: "y", input: "$", retry: { attempts: 0 } }, ["retry.attempts"]],
    ["filter", { condition: 42 }, ["condition"]],
    ["branch", { cases: [] }, ["cases"]],
    ["branch", { cases: [{ id: "a", condition: "1" }, { id: "a", condition: "2" }, { id: "default", condition: "3" }] }, ["cases.1.id", "cases.2.id"]],
    ["foreach", { items: "lines", concurrency: 101 }, ["concurrency"]],
    ["lookup", { table: "t", key: "k", onMissing: "ignore" }, ["onMissing"]],
    ["delay", { ms: 31 * 24 * 3600 * 1000 }, ["ms"]],
    ["edi.send", { partnerId: "bigbox", set: "999", input: "$" }, ["partnerId", "set"]],
    ["delay", { ms: 5, until: "$now()" }, [""]],
    ["subflow", { flowId: "flow-7" }, ["flowId"]],
    ["respond", { status: 700, body: "$" }, ["status"]],
    ["trigger.webhook", {}, ["verification"]],
    ["trigger.webhook", { connectorId: "shopify", event: "orders/create" }, ["verification"]],
    ["trigger.webhook", { verification: "signed-ish" }, ["verification"]],
    ["trigger.webhook", { verification: "hmac-timestamp" }, ["connectionId"]],
    ["trigger.webhook", { verification: "connection" }, ["connectionId"]],
    ["trigger.webhook", { verification: "public", connectionId: uuid }, ["verification"]],
  ])("%s %j → problems at %j", (type, config, fields) => {
    const problems = configProblems(type, config);
    expect(problems.map((p) => p.path)).toEqual(fields.map((f) => `nodes.1.config${f ? `.${f}` : ""}`));
    for (const p of problems) expect(p.message).toMatch(/^Node "Subject": config/);
  });
});

describe("validate: webhook verification", () => {
  it("accepts each named scheme, and a connection alone as its signature", () => {
    for (const config of [{ verification: "public" }, { verification: "hmac-timestamp", connectionName: "Signing" }, { verification: "connection", connectionId: uuid }, { connectionId: uuid }]) {
      expect(nodeConfigSchemas["trigger.webhook"].safeParse(config).success, JSON.stringify(config)).toBe(true);
    }
    expect([{ verification: "public" }, { connectionId: uuid }, {}].map((c) => webhookVerification(c))).toEqual(["public", "connection", null]);
  });

  it("says which choices there are when a webhook trigger names none", () => {
    const problems = validate(flow([node("hook", "trigger.webhook", {}, "Hook"), mapNode("a")], [edge("e1", "hook", "a")]));
    const p = only(problems, "INVALID_CONFIG");
    expect(p).toMatchObject({ nodeId: "hook", path: "nodes.0.config.verification" });
    expect(p.message).toMatch(/"connection".*"hmac-timestamp".*"public"/);
  });
});

describe("validate: expressions", () => {
  it("reports a JSONata syntax error with its position and token", () => {
    const def = { ...demoFlowDefinition, nodes: [demoFlowDefinition.nodes[0], { ...demoFlowDefinition.nodes[1], config: { expression: "{ 'a': " } }] };
    const p = only(validate(def), "EXPRESSION_SYNTAX");
    expect(p).toMatchObject({ nodeId: "map", path: "nodes.1.config.expression", position: 7, token: "(end)" });
    expect(typeof p.position).toBe("number");
    expect(p.message).toBe('Node "To sales order": expression has a syntax error at position 7: Expected "}" before end of expression');
  });

  it("checks every expression field, including each branch case", () => {
    const branch = node("b", "branch", { cases: [{ id: "ok", condition: "x = 1" }, { id: "bad", condition: "a ++ b" }] }, "Route");
    const def = flow([start, branch, mapNode("x")], [edge("e1", "t", "b"), edge("e2", "b", "x", "ok"), edge("e3", "b", "x", "bad"), edge("e4", "b", "x", "default")]);
    const p = only(validate(def), "EXPRESSION_SYNTAX");
    expect(p).toMatchObject({ nodeId: "b", path: "nodes.1.config.cases.1.condition", token: "+" });
    expect(p.message).toContain('Node "Route": condition of case "bad" has a syntax error at position');
  });

  it("checks the business key expression in settings", () => {
    const p = only(validate({ ...demoFlowDefinition, settings: { businessKey: "order.(" } }), "EXPRESSION_SYNTAX");
    expect(p).toMatchObject({ nodeId: null, path: "settings.businessKey" });
  });
});

describe("validate: settings", () => {
  it("refuses a time zone that is not an IANA zone, and a default connection for a connector that is not installed", () => {
    const registry: ConnectorLookup = { get: (id) => (id === "http" ? { actions: {} } : undefined) };
    const problems = validate({ ...demoFlowDefinition, settings: { timezone: "Mars/Olympus", defaultConnections: { http: "h", nope: "n" } } }, registry);
    expect(only(problems, "INVALID_TIMEZONE")).toMatchObject({ nodeId: null, path: "settings.timezone" });
    expect(only(problems, "UNKNOWN_CONNECTOR")).toMatchObject({ path: "settings.defaultConnections.nope" });
    expect(validate({ ...demoFlowDefinition, settings: { timezone: "Europe/Berlin" } })).toEqual([]);
  });

  it("holds an action's stale guard and timeout to their schema and compiles the guard's expressions", () => {
    const action = (config: Config) => node("a", "action", { connectorId: "http", operation: "request", input: "$", ...config }, "Send");
    const problems = validate(flow([start, action({ timeoutMs: 5, stale: { entityKey: "sku", sequence: "updated_at +" } })], [edge("e1", "t", "a")]));
    expect(problems.map((p) => [p.path, p.code]).sort()).toEqual([
      ["nodes.1.config.stale.sequence", "EXPRESSION_SYNTAX"],
      ["nodes.1.config.timeoutMs", "INVALID_CONFIG"],
    ]);
    expect(validate(flow([start, action({ stale: { entityKey: "sku" } })], [edge("e1", "t", "a")])).map((p) => p.path)).toEqual(["nodes.1.config.stale.sequence"]);
  });

  it("refuses an empty list of error kinds to retry", () => {
    const p = only(validate({ ...demoFlowDefinition, settings: { retry: { attempts: 3, retryOn: [] } } }), "INVALID_DEFINITION");
    expect(p.path).toBe("settings.retry.retryOn");
  });
});

describe("validate: connectors and respond", () => {
  const registry: ConnectorLookup = { get: (id) => (id === "netsuite" ? { actions: { upsertSalesOrder: {} } } : undefined) };
  const actionFlow = (connectorId: string, operation: string) =>
    flow([start, node("a", "action", { connectorId, operation, input: "$" }, "To NetSuite")], [edge("e1", "t", "a")]);

  it("accepts a known connector and operation, and skips the check without a registry", () => {
    expect(validate(actionFlow("netsuite", "upsertSalesOrder"), registry)).toEqual([]);
    expect(validate(actionFlow("sap", "x"))).toEqual([]);
  });

  it("reports an unknown connector", () => {
    const p = only(validate(actionFlow("sap", "createOrder"), registry), "UNKNOWN_CONNECTOR");
    expect(p).toMatchObject({ nodeId: "a", path: "nodes.1.config.connectorId" });
    expect(p.message).toContain('Node "To NetSuite"');
  });

  it("reports an unknown operation, listing the known ones", () => {
    const p = only(validate(actionFlow("netsuite", "toString"), registry), "UNKNOWN_OPERATION");
    expect(p).toMatchObject({ nodeId: "a", path: "nodes.1.config.operation" });
    expect(p.message).toContain('Node "To NetSuite"');
    expect(p.message).toContain("upsertSalesOrder");
  });

  it("reports a respond node in a flow without an API trigger", () => {
    const p = only(validate(flow([start, node("r", "respond", { body: "$" }, "Reply")], [edge("e1", "t", "r")])), "RESPOND_WITHOUT_API_TRIGGER");
    expect(p).toMatchObject({ nodeId: "r", path: "nodes.1.type" });
    expect(p.message).toContain('Node "Reply"');
  });
});

describe("validate: order and assertValid", () => {
  it("orders problems by node, then by check; flow-level first", () => {
    const def = flow([mapNode("a", "("), mapNode("b", ")"), node("c", "map", { expression: "" }, "A")], [edge("e1", "a", "b"), edge("e2", "b", "a")]);
    expect(validate(def).map((p) => [p.nodeId, p.code])).toEqual([
      [null, "NO_TRIGGER"],
      ["a", "CYCLE"],
      ["a", "EXPRESSION_SYNTAX"],
      ["b", "EXPRESSION_SYNTAX"],
      ["c", "DUPLICATE_NODE_NAME"],
      ["c", "INVALID_CONFIG"],
    ]);
  });

  it("throws FlowValidationError carrying the problems", () => {
    const def = flow([mapNode("a")], []);
    let caught: unknown;
    try {
      assertValid(def);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(FlowValidationError);
    expect(caught).toBeInstanceOf(Error);
    const error = caught as FlowValidationError;
    expect(codes(error.problems)).toEqual(["NO_TRIGGER"]);
    expect(error.message).toMatch(/1 problem: The flow has no trigger/);
  });
});
