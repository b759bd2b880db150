/** The canvas's edits of a flow definition (move, add, remove steps, notes and edges), as pure functions returning a new definition. */

import type { FlowDefinition, FlowEdge, FlowNote } from "@ipaas/flow";

/** Drafts saved before notes existed have no `notes` array (the client does not parse drafts). */
export function notesOf(definition: FlowDefinition): FlowNote[] {
  return definition.notes ?? [];
}

/** Moves steps and notes (a drag may hold both). */
export function moveItems(definition: FlowDefinition, positions: ReadonlyMap<string, { x: number; y: number }>): FlowDefinition {
  return {
    ...definition,
    nodes: definition.nodes.map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id)! } : n)),
    notes: notesOf(definition).map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id)! } : n)),
  };
}

export function newNote(position: { x: number; y: number }, id: string): FlowNote {
  return { id, text: "", position, color: "yellow" };
}

export function updateNote(definition: FlowDefinition, id: string, patch: Partial<Omit<FlowNote, "id">>): FlowDefinition {
  return { ...definition, notes: notesOf(definition).map((n) => (n.id === id ? { ...n, ...patch } : n)) };
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

/** Removes nodes (steps or notes) and every edge touching them. */
export function removeNodes(definition: FlowDefinition, ids: ReadonlySet<string>): FlowDefinition {
  return {
    ...definition,
    nodes: definition.nodes.filter((n) => !ids.has(n.id)),
    notes: notesOf(definition).filter((n) => !ids.has(n.id)),
    edges: definition.edges.filter((e) => !ids.has(e.source) && !ids.has(e.target)),
  };
}

export function removeEdges(definition: FlowDefinition, ids: ReadonlySet<string>): FlowDefinition {
  return { ...definition, edges: definition.edges.filter((e) => !ids.has(e.id)) };
}

export function newId(prefix: string): string {
  return `${prefix}_${Math.random().toString(36).slice(2, 8)}${Date.now().toString(36).slice(-3)}`;
}
