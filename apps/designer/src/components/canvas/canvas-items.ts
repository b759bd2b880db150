import type { Edge, Node } from "@xyflow/react";
import type { FlowDefinition, FlowNode, FlowNote } from "@ipaas/flow";
import { notesOf } from "./definition-edits";

// A flow definition as React Flow nodes and edges, and back.

/** Data carried by a canvas node: the flow node itself plus what the card shows about it. */
export interface CanvasNodeData extends Record<string, unknown> {
  node: FlowNode;
  /** Source handles of a branch node: one per case id, then "default". Empty → one plain handle. */
  handles: Array<{ id: string; label: string }>;
}
export type CanvasNode = Node<CanvasNodeData, "flowNode">;

export interface CanvasNoteData extends Record<string, unknown> {
  note: FlowNote;
}
/** A sticky note: a canvas node without handles; it lives in definition.notes, not definition.nodes. */
export type CanvasNoteNode = Node<CanvasNoteData, "stickyNote">;
export type CanvasItem = CanvasNode | CanvasNoteNode;

export const NOTE_SIZE = { width: 220, height: 140 };

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

/**
 * Definition → React Flow nodes (steps, then sticky notes). Measurements and
 * selection live outside the definition (React Flow needs them back).
 */
export function toCanvasNodes(definition: FlowDefinition, view: ViewState): CanvasItem[] {
  const steps: CanvasItem[] = definition.nodes.map((node) => ({
    id: node.id,
    type: "flowNode",
    position: node.position,
    data: { node, handles: sourceHandlesOf(node) },
    selected: view.selected.has(node.id),
    ...(view.measured[node.id] ? { measured: view.measured[node.id] } : {}),
  }));
  const notes: CanvasItem[] = notesOf(definition).map((note) => ({
    id: note.id,
    type: "stickyNote",
    position: note.position,
    data: { note },
    // Explicit size: NodeResizer changes it, and the note keeps it across reloads.
    width: note.width ?? NOTE_SIZE.width,
    height: note.height ?? NOTE_SIZE.height,
    selected: view.selected.has(note.id),
    ...(view.measured[note.id] ? { measured: view.measured[note.id] } : {}),
  }));
  return [...steps, ...notes];
}

/** React Flow note node → definition note (position and size as the canvas has them). */
export function noteFromCanvas(item: CanvasNoteNode): FlowNote {
  const { note } = item.data;
  const width = item.width ?? note.width;
  const height = item.height ?? note.height;
  return { ...note, position: item.position, ...(width !== undefined ? { width } : {}), ...(height !== undefined ? { height } : {}) };
}

/** Canvas items back to the definition: steps and notes each keep their own list. */
export function fromCanvasNodes(definition: FlowDefinition, items: CanvasItem[]): FlowDefinition {
  const nodes: FlowNode[] = [];
  const notes: FlowNote[] = [];
  for (const item of items) {
    if (item.type === "stickyNote") notes.push(noteFromCanvas(item));
    else nodes.push({ ...item.data.node, position: item.position });
  }
  return { ...definition, nodes, notes };
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
