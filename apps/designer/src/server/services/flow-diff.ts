import { expressionFields, type NodeType } from "@ipaas/flow";

/**
 * The difference between two flow definitions, for the version history's visual
 * diff. Pure: no database, so it is unit-tested directly. Node positions are not
 * compared — moving a card is layout, not behaviour, and would drown the real changes.
 */

export interface ValueChange {
  /** Dotted path, e.g. "config.cases.0.condition" or "retry.attempts". */
  path: string;
  before: unknown;
  after: unknown;
  /** The path is a JSONata expression field: the UI shows before/after side by side. */
  expression: boolean;
}

export interface NodeRef {
  id: string;
  name: string;
  type: string;
}

export interface EdgeRef {
  id: string;
  source: string;
  target: string;
  sourceHandle?: string;
}

export interface FlowDiff {
  nodes: { added: NodeRef[]; removed: NodeRef[]; changed: Array<NodeRef & { changes: ValueChange[] }> };
  edges: { added: EdgeRef[]; removed: EdgeRef[] };
  settings: ValueChange[];
}

interface DefinitionLike {
  nodes?: Array<{ id: string; type: string; name: string; config?: Record<string, unknown> }>;
  edges?: EdgeRef[];
  settings?: Record<string, unknown>;
}

/** Config fields compared as one value: sample payloads and pinned outputs would otherwise list every leaf. */
const ATOMIC_KEYS = new Set(["sample", "pinnedOutput"]);

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Leaves of a JSON value by dotted path; arrays are indexed ("cases.0.condition"). */
function flatten(value: unknown, prefix: string, out: Map<string, unknown>) {
  const key = prefix.split(".").pop() ?? "";
  if (ATOMIC_KEYS.has(key)) {
    out.set(prefix, value);
  } else if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (Array.isArray(value) && value.length > 0) {
    value.forEach((v, i) => flatten(v, `${prefix}.${i}`, out));
  } else {
    out.set(prefix, value);
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function changesBetween(before: unknown, after: unknown, prefix: string, isExpression: (path: string) => boolean): ValueChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before, prefix, a);
  flatten(after, prefix, b);
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths
    .filter((p) => !same(a.get(p), b.get(p)))
    .map((path) => ({ path, before: a.get(path), after: b.get(path), expression: isExpression(path) }));
}

/** Leaf-by-leaf changes between two JSON values (a dead letter's old input and its replayed one). */
export function diffValues(before: unknown, after: unknown): ValueChange[] {
  return changesBetween(before, after, "", () => false);
}

/** "cases[].condition" → /^config\.cases\.\d+\.condition$/ */
function expressionMatcher(type: string): (path: string) => boolean {
  const fields = expressionFields[type as NodeType] ?? [];
  const patterns = fields.map((f) => new RegExp(`^config\\.${f.replace(/\./g, "\\.").replace(/\[\]/g, "\\.\\d+")}$`));
  return (path) => patterns.some((re) => re.test(path));
}

// Edges are compared by what they connect: a re-created edge with a new id is no change.
const edgeKey = (e: EdgeRef) => `${e.source}\u0000${e.sourceHandle ?? ""}\u0000${e.target}`;

export function diffFlows(from: unknown, to: unknown): FlowDiff {
  const a = (from ?? {}) as DefinitionLike;
  const b = (to ?? {}) as DefinitionLike;
  const before = new Map((a.nodes ?? []).map((n) => [n.id, n]));
  const after = new Map((b.nodes ?? []).map((n) => [n.id, n]));
  const ref = (n: { id: string; name: string; type: string }): NodeRef => ({ id: n.id, name: n.name, type: n.type });

  const changed: FlowDiff["nodes"]["changed"] = [];
  for (const [id, next] of after) {
    const prev = before.get(id);
    if (!prev) continue;
    const changes = changesBetween(
      { name: prev.name, type: prev.type, config: prev.config ?? {} },
      { name: next.name, type: next.type, config: next.config ?? {} },
      "",
      expressionMatcher(next.type),
    );
    if (changes.length > 0) changed.push({ ...ref(next), changes });
  }
  const edgesBefore = new Map((a.edges ?? []).map((e) => [edgeKey(e), e]));
  const edgesAfter = new Map((b.edges ?? []).map((e) => [edgeKey(e), e]));
  const settingsExpression = (path: string) => path === "businessKey";
  return {
    nodes: {
      added: [...after.values()].filter((n) => !before.has(n.id)).map(ref),
      removed: [...before.values()].filter((n) => !after.has(n.id)).map(ref),
      changed,
    },
    edges: {
      added: [...edgesAfter].filter(([k]) => !edgesBefore.has(k)).map(([, e]) => e),
      removed: [...edgesBefore].filter(([k]) => !edgesAfter.has(k)).map(([, e]) => e),
    },
    settings: changesBetween(a.settings ?? {}, b.settings ?? {}, "", settingsExpression),
  };
}
