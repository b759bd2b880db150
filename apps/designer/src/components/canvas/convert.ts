import type { Edge, Node } from "@xyflow/react";
import type { FlowDefinition, FlowEdge, FlowNode } from "@ipaas/flow";

/** Data carried by a canvas node: the flow node itself plus what the card shows about it. */
export interface CanvasNodeData extends Record<string, unknown> {
  node: FlowNode;
  /** Source handles of a branch node: one per case id, then "default". Empty → one plain handle. */
  handles: Array<{ id: string; label: string }>;
}
export type CanvasNode = Node<CanvasNodeData, "flowNode">;

/** Case ids of a branch node (its edges' sourceHandles), followed by the reserved "default". */
export function sourceHandlesOf(node: FlowNode): Array<{ id: string; label: string }> {
  if (node.type !== "branch") return [];
  const cases = Array.isArray(node.config.cases) ? (node.config.cases as Array<{ id?: unknown; label?: unknown }>) : [];
  const handles = cases
    .filter((c) => typeof c?.id === "string" && c.id !== "" && c.id !== "default")
    .map((c) => ({ id: c.id as string, label: typeof c.label === "string" && c.label !== "" ? c.label : (c.id as string) }));
  return [...handles, { id: "default", label: "default" }];
}

export interface ViewState {
  selected: ReadonlySet<string>;
  measured: Readonly<Record<string, { width: number; height: number }>>;
}

/** Definition → React Flow nodes. Measurements and selection live outside the definition (React Flow needs them back). */
export function toCanvasNodes(definition: FlowDefinition, view: ViewState): CanvasNode[] {
  return definition.nodes.map((node) => ({
    id: node.id,
    type: "flowNode",
    position: node.position,
    data: { node, handles: sourceHandlesOf(node) },
    selected: view.selected.has(node.id),
    ...(view.measured[node.id] ? { measured: view.measured[node.id] } : {}),
  }));
}

export function toCanvasEdges(definition: FlowDefinition, selected: ReadonlySet<string>): Edge[] {
  return definition.edges.map((edge) => ({
    id: edge.id,
    source: edge.source,
    target: edge.target,
    ...(edge.sourceHandle !== undefined ? { sourceHandle: edge.sourceHandle, label: edge.sourceHandle } : {}),
    selected: selected.has(edge.id),
  }));
}

/** A React Flow connection → a definition edge. The plain handle (null) means "no sourceHandle". */
export function edgeFromConnection(conn: { source: string; target: string; sourceHandle?: string | null }, id: string): FlowEdge {
  return { id, source: conn.source, target: conn.target, ...(conn.sourceHandle ? { sourceHandle: conn.sourceHandle } : {}) };
}

/** Same source/handle/target already connected, or a self-loop: the canvas refuses it. */
export function isDuplicateEdge(definition: FlowDefinition, edge: FlowEdge): boolean {
  if (edge.source === edge.target) return true;
  return definition.edges.some((e) => e.source === edge.source && e.target === edge.target && (e.sourceHandle ?? null) === (edge.sourceHandle ?? null));
}

/** Removes nodes and every edge touching them. */
export function removeNodes(definition: FlowDefinition, ids: ReadonlySet<string>): FlowDefinition {
  return {
    ...definition,
    nodes: definition.nodes.filter((n) => !ids.has(n.id)),
    edges: definition.edges.filter((e) => !ids.has(e.source) && !ids.has(e.target)),
  };
}

export function removeEdges(definition: FlowDefinition, ids: ReadonlySet<string>): FlowDefinition {
  return { ...definition, edges: definition.edges.filter((e) => !ids.has(e.id)) };
}

export function newId(prefix: string): string {
  return `${prefix}_${Math.random().toString(36).slice(2, 8)}${Date.now().toString(36).slice(-3)}`;
}
