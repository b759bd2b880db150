import { compileExpression, MappingError } from "@ipaas/mapping-engine";
import type { z } from "zod";
import { flowDefinitionSchema, isTriggerType, type FlowDefinition, type FlowEdge, type FlowNode } from "./model";
import { expressionFields, isIanaTimeZone, nodeConfigSchemas } from "./node-config";

/** One thing wrong with a flow definition, located for the designer (node on the canvas, field in the form). */
export interface Problem {
  /** The node to highlight; null for flow-level problems (no trigger, an edge between missing nodes). */
  nodeId: string | null;
  edgeId?: string;
  /** Dotted path into the definition, e.g. `nodes.2.config.expression`. */
  path: string;
  code: string;
  message: string;
  /** JSONata syntax errors: JSONata's character offset (just past the offending token). */
  position?: number;
  /** JSONata syntax errors: the offending token ("(end)" when the expression stops early). */
  token?: string;
}

/**
 * What validation needs of a connector registry. Structural so that @ipaas/flow does
 * not depend on @ipaas/connectors; `ConnectorRegistry` satisfies it.
 */
export interface ConnectorLookup {
  get(id: string): { actions: Record<string, unknown> } | undefined;
}

export class FlowValidationError extends Error {
  constructor(readonly problems: Problem[]) {
    const shown = problems.slice(0, 3).map((p) => p.message);
    const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : "";
    super(`Flow definition has ${problems.length} problem${problems.length === 1 ? "" : "s"}: ${shown.join("; ")}${more}`);
    this.name = "FlowValidationError";
  }
}

/** Throws `FlowValidationError` when `validate` finds anything; returns the parsed definition otherwise. */
export function assertValid(definition: unknown, registry?: ConnectorLookup): FlowDefinition {
  const checked = checkDefinition(definition, registry);
  if (checked.problems.length > 0 || !checked.definition) throw new FlowValidationError(checked.problems);
  return checked.definition;
}

const label = (node: FlowNode) => `Node "${node.name}"`;

/** "is required" reads better than zod's "expected string, received undefined". */
function issueText(field: string, issue: z.core.$ZodIssue): string {
  const text = issue.code === "invalid_type" && issue.message.endsWith("received undefined") ? "is required" : issue.message;
  return /^[a-z]/.test(text) ? `${field} ${text}` : `${field}: ${text}`;
}

/**
 * All problems of a definition, ordered by node (flow-level ones first, edge-only
 * ones last), then by check, so the designer's list does not jump between edits.
 * Synchronous: JSONata compiles without evaluating anything.
 */
export function validate(definition: unknown, registry?: ConnectorLookup): Problem[] {
  return checkDefinition(definition, registry).problems;
}

/**
 * `validate`, also giving the parsed definition (null when it does not have the
 * flow's shape), so a caller that goes on to publish does not parse it again.
 */
export function checkDefinition(definition: unknown, registry?: ConnectorLookup): { definition: FlowDefinition | null; problems: Problem[] } {
  const parsed = flowDefinitionSchema.safeParse(definition);
  if (!parsed.success) return { definition: null, problems: shapeProblems(definition, parsed.error.issues) };
  const def = parsed.data;
  return { definition: def, problems: definitionProblems(def, registry) };
}

function definitionProblems(def: FlowDefinition, registry?: ConnectorLookup): Problem[] {
  const { nodes, edges } = def;

  // Sort key: -1 flow-level, node index, nodes.length for edges that belong to no node.
  const found: Array<{ order: number; problem: Problem }> = [];
  const add = (order: number, problem: Problem) => found.push({ order, problem });
  const EDGE_ONLY = nodes.length;

  // Identity. Later duplicates are the ones reported; the first occurrence wins lookups.
  const indexById = new Map<string, number>();
  const indexByName = new Map<string, number>();
  nodes.forEach((node, i) => {
    if (indexById.has(node.id)) add(i, { nodeId: node.id, path: `nodes.${i}.id`, code: "DUPLICATE_NODE_ID", message: `${label(node)}: id "${node.id}" is already used by another node` });
    else indexById.set(node.id, i);
    // Expressions address earlier outputs as $steps.<name>; two equal names make that ambiguous.
    const other = indexByName.get(node.name);
    if (other !== undefined) add(i, { nodeId: node.id, path: `nodes.${i}.name`, code: "DUPLICATE_NODE_NAME", message: `${label(node)}: another node has the same name, so $steps."${node.name}" would be ambiguous` });
    else indexByName.set(node.name, i);
  });
  const nodeById = (id: string) => nodes[indexById.get(id) ?? -1];

  const triggers = nodes.map((node, i) => ({ node, i })).filter(({ node }) => isTriggerType(node.type));
  if (triggers.length === 0) add(-1, { nodeId: null, path: "nodes", code: "NO_TRIGGER", message: "The flow has no trigger: add one trigger node to start it" });
  for (const { node, i } of triggers.slice(1)) {
    add(i, { nodeId: node.id, path: `nodes.${i}.type`, code: "MULTIPLE_TRIGGERS", message: `${label(node)}: a flow has exactly one trigger, and "${triggers[0]?.node.name}" is already its trigger` });
  }

  // Edges. Only edges between existing nodes, not into a trigger, form the graph used below.
  const outgoing = new Map<string, FlowEdge[]>();
  const edgeIds = new Set<string>();
  const connections = new Set<string>();
  edges.forEach((edge, e) => {
    const source = nodeById(edge.source);
    const target = nodeById(edge.target);
    const owner = source ?? target;
    const order = owner ? (indexById.get(owner.id) ?? EDGE_ONLY) : EDGE_ONLY;
    const at = (field: string, code: string, message: string, nodeId = owner?.id ?? null) =>
      add(order, { nodeId, edgeId: edge.id, path: `edges.${e}.${field}`, code, message });

    if (edgeIds.has(edge.id)) at("id", "DUPLICATE_EDGE_ID", `Edge "${edge.id}": id is already used by another edge`, null);
    edgeIds.add(edge.id);
    if (!source) at("source", "DANGLING_EDGE", `Edge "${edge.id}" starts at node "${edge.source}", which does not exist${target ? ` (it leads to node "${target.name}")` : ""}`);
    if (!target) at("target", "DANGLING_EDGE", `${source ? `${label(source)}: edge "${edge.id}"` : `Edge "${edge.id}"`} leads to node "${edge.target}", which does not exist`);
    if (!source || !target) return;
    if (isTriggerType(target.type)) {
      at("target", "EDGE_INTO_TRIGGER", `${label(target)} is a trigger, so no edge may lead into it (edge "${edge.id}" from node "${source.name}")`, target.id);
      return;
    }
    // The same source, handle and target twice would run the target twice per event.
    const key = JSON.stringify([edge.source, edge.sourceHandle ?? null, edge.target]);
    if (connections.has(key)) at("target", "DUPLICATE_EDGE", `${label(source)} is connected to node "${target.name}" twice (edge "${edge.id}"), so it would run twice`);
    connections.add(key);
    outgoing.set(source.id, [...(outgoing.get(source.id) ?? []), edge]);
  });

  // Branches: each case and the default path leave through the handle of the same name.
  nodes.forEach((node, i) => {
    const cases = node.type === "branch" ? node.config.cases : undefined;
    if (!Array.isArray(cases)) return; // not a branch, or its config problem is reported below
    const caseIds = cases.map((c: unknown) => (c && typeof c === "object" && "id" in c && typeof c.id === "string" ? c.id : undefined));
    const handles = new Set<string>();
    edges.forEach((edge, e) => {
      if (edge.source !== node.id || !nodeById(edge.target)) return;
      if (edge.sourceHandle !== undefined) handles.add(edge.sourceHandle);
      if (edge.sourceHandle !== undefined && (edge.sourceHandle === "default" || caseIds.includes(edge.sourceHandle))) return;
      const what = edge.sourceHandle === undefined ? "has no handle" : `leaves through handle "${edge.sourceHandle}", which is not one of its cases`;
      add(i, { nodeId: node.id, edgeId: edge.id, path: `edges.${e}.sourceHandle`, code: "BRANCH_HANDLE_INVALID", message: `${label(node)}: edge "${edge.id}" ${what}; use a case id or "default"` });
    });
    if (!handles.has("default")) add(i, { nodeId: node.id, path: `nodes.${i}`, code: "BRANCH_NO_DEFAULT", message: `${label(node)} has no "default" edge for items that match no case` });
    caseIds.forEach((id, c) => {
      // Duplicate case ids are a config problem; report the missing edge once per id.
      if (id !== undefined && !handles.has(id) && caseIds.indexOf(id) === c) add(i, { nodeId: node.id, path: `nodes.${i}.config.cases.${c}`, code: "BRANCH_CASE_UNCONNECTED", message: `${label(node)}: case "${id}" has no outgoing edge, so matching items stop here` });
    });
  });

  const successors = (id: string) => (outgoing.get(id) ?? []).map((edge) => edge.target);
  for (const cycle of findCycles(nodes.map((n) => n.id), successors)) {
    const first = indexById.get(cycle[0] ?? "") ?? 0;
    const names = cycle.map((id) => nodeById(id)?.name ?? id).join(" → ");
    const message = `Node "${nodes[first]?.name}" is part of a cycle (${names}); a flow must not loop back to an earlier step`;
    add(first, { nodeId: nodes[first]?.id ?? null, path: `nodes.${first}`, code: "CYCLE", message });
  }

  // Reachability from the trigger(s); with none, every node would be flagged, which says nothing new.
  if (triggers.length > 0) {
    const reached = new Set(triggers.map(({ node }) => node.id));
    const queue = [...reached];
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      for (const next of successors(id)) {
        if (reached.has(next)) continue;
        reached.add(next);
        queue.push(next);
      }
    }
    nodes.forEach((node, i) => {
      if (!reached.has(node.id) && indexById.get(node.id) === i) add(i, { nodeId: node.id, path: `nodes.${i}`, code: "UNREACHABLE", message: `${label(node)} cannot be reached from the trigger, so it never runs` });
    });
  }

  const hasApiTrigger = triggers.some(({ node }) => node.type === "trigger.api");
  nodes.forEach((node, i) => {
    for (const problem of nodeProblems(node, i, registry)) add(i, problem);
    if (node.type === "respond" && !hasApiTrigger) {
      add(i, { nodeId: node.id, path: `nodes.${i}.type`, code: "RESPOND_WITHOUT_API_TRIGGER", message: `${label(node)} answers an API call, but the flow has no API trigger (trigger.api) to answer` });
    }
  });

  // settings.businessKey is JSONata too; a typo there would silently leave every run without a key.
  if (def.settings.businessKey !== undefined) {
    const problem = syntaxProblem(def.settings.businessKey, "The business key");
    if (problem) add(-1, { nodeId: null, path: "settings.businessKey", code: "EXPRESSION_SYNTAX", ...problem });
  }

  for (const problem of settingsProblems(def, registry)) add(-1, problem);

  return found.sort((a, b) => a.order - b.order).map((f) => f.problem); // sort is stable
}

/**
 * Flow settings the schema accepts loosely so an older draft still loads. What needs the
 * database (the error flow exists and is not this flow, default connections exist in the
 * environment) is the designer's publish gate.
 */
function settingsProblems(def: FlowDefinition, registry?: ConnectorLookup): Problem[] {
  const problems: Problem[] = [];
  const { timezone, defaultConnections } = def.settings;
  if (timezone !== undefined && !isIanaTimeZone(timezone)) {
    problems.push({ nodeId: null, path: "settings.timezone", code: "INVALID_TIMEZONE", message: `The time zone "${timezone}" is not an IANA time zone such as "Europe/Berlin" or "America/New_York"` });
  }
  for (const connectorId of Object.keys(defaultConnections ?? {})) {
    if (registry && !registry.get(connectorId)) {
      problems.push({ nodeId: null, path: `settings.defaultConnections.${connectorId}`, code: "UNKNOWN_CONNECTOR", message: `The default connection is for connector "${connectorId}", which is not installed` });
    }
  }
  return problems;
}

/** The definition does not even have the flow's shape: report zod's issues and stop. */
function shapeProblems(definition: unknown, issues: z.core.$ZodIssue[]): Problem[] {
  const rawNodes = definition && typeof definition === "object" && "nodes" in definition ? definition.nodes : undefined;
  return issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    const [head, index, ...rest] = issue.path;
    const raw: unknown = head === "nodes" && typeof index === "number" && Array.isArray(rawNodes) ? rawNodes[index] : undefined;
    const id = raw && typeof raw === "object" && "id" in raw && typeof raw.id === "string" ? raw.id : null;
    const name = raw && typeof raw === "object" && "name" in raw && typeof raw.name === "string" ? raw.name : null;
    const message = name !== null && rest.length > 0 ? `Node "${name}": ${issueText(rest.join("."), issue)}` : issueText(path || "The definition", issue);
    return { nodeId: id, path: path || "(root)", code: "INVALID_DEFINITION", message };
  });
}

/** Config schema, JSONata syntax and (with a registry) connector/operation of one node. */
function nodeProblems(node: FlowNode, i: number, registry?: ConnectorLookup): Problem[] {
  const problems: Problem[] = [];
  const base = `nodes.${i}.config`;
  const result = nodeConfigSchemas[node.type].safeParse(node.config);
  for (const issue of result.success ? [] : result.error.issues) {
    const field = ["config", ...issue.path.map(String)].join(".");
    problems.push({ nodeId: node.id, path: [base, ...issue.path.map(String)].join("."), code: "INVALID_CONFIG", message: `${label(node)}: ${issueText(field, issue)}` });
  }

  for (const { path, value, display } of expressionValues(node, expressionFields[node.type] ?? [])) {
    // Empty or non-string values were reported by the schema above.
    if (typeof value !== "string" || value.trim() === "") continue;
    const problem = syntaxProblem(value, `${label(node)}: ${display}`);
    if (problem) problems.push({ nodeId: node.id, path: `${base}.${path}`, code: "EXPRESSION_SYNTAX", ...problem });
  }

  const { connectorId, operation } = node.config;
  if (registry && typeof connectorId === "string" && connectorId !== "") {
    const connector = registry.get(connectorId);
    if (!connector) {
      problems.push({ nodeId: node.id, path: `${base}.connectorId`, code: "UNKNOWN_CONNECTOR", message: `${label(node)}: connector "${connectorId}" is not installed` });
    } else if (node.type === "action" && typeof operation === "string" && operation !== "" && !Object.hasOwn(connector.actions, operation)) {
      const known = Object.keys(connector.actions).join(", ") || "none";
      problems.push({ nodeId: node.id, path: `${base}.operation`, code: "UNKNOWN_OPERATION", message: `${label(node)}: connector "${connectorId}" has no operation "${operation}" (it has: ${known})` });
    }
  }
  return problems;
}

/** Resolves `expressionFields` entries (`field` or `array[].field`) to the values in a node's config. */
function expressionValues(node: FlowNode, fields: string[]) {
  return fields.flatMap((field) => {
    const [arrayField, sub] = field.split("[].");
    if (sub === undefined || arrayField === undefined) {
      const [objectField, key] = field.split(".");
      const object = key === undefined ? undefined : node.config[objectField ?? ""];
      if (key === undefined) return [{ path: field, value: node.config[field], display: field }];
      return object && typeof object === "object" ? [{ path: field, value: (object as Record<string, unknown>)[key], display: field }] : [];
    }
    const items = node.config[arrayField];
    if (!Array.isArray(items)) return [];
    return items.map((item: unknown, j) => {
      const record = item && typeof item === "object" ? (item as Record<string, unknown>) : {};
      const name = typeof record.id === "string" ? `"${record.id}"` : String(j + 1);
      return { path: `${arrayField}.${j}.${sub}`, value: record[sub], display: `${sub} of ${arrayField.replace(/s$/, "")} ${name}` };
    });
  });
}

function syntaxProblem(text: string, subject: string): Pick<Problem, "message" | "position" | "token"> | undefined {
  try {
    compileExpression(text);
    return undefined;
  } catch (err) {
    if (!(err instanceof MappingError)) throw err;
    // MappingError appends " at position N" to JSONata's text; the message below states it once.
    const reason = err.message.replace(/ at position \d+$/, "");
    const at = err.position !== undefined ? ` at position ${err.position}` : "";
    return { message: `${subject} has a syntax error${at}: ${reason}`, position: err.position, token: err.token };
  }
}

/**
 * Every cycle closed by a back edge of a depth-first search in node order, as node
 * ids from the first node back to itself. Iterative: a long flow must not overflow the stack.
 */
function findCycles(ids: string[], successors: (id: string) => string[]): string[][] {
  const state = new Map<string, "open" | "done">();
  const cycles: string[][] = [];
  for (const root of ids) {
    if (state.has(root)) continue;
    const stack = [{ id: root, next: successors(root), at: 0 }];
    state.set(root, "open");
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const to = top.next[top.at++];
      if (to === undefined) {
        state.set(top.id, "done");
        stack.pop();
      } else if (state.get(to) === "open") {
        const from = stack.findIndex((frame) => frame.id === to);
        cycles.push([...stack.slice(from).map((frame) => frame.id), to]);
      } else if (!state.has(to)) {
        state.set(to, "open");
        stack.push({ id: to, next: successors(to), at: 0 });
      }
    }
  }
  return cycles;
}
