"use client";

import { reconnectEdge, useReactFlow, type Connection, type Edge, type EdgeChange, type FinalConnectionState, type NodeChange } from "@xyflow/react";
import type { FlowDefinition } from "@ipaas/flow";
import { useCallback, useMemo, useRef, useState, type RefObject } from "react";
import { copyFragment, pasteFragment } from "./clipboard";
import { toCanvasEdges, toCanvasNodes, type CanvasItem } from "./canvas-items";
import { edgeFromConnection, isDuplicateEdge, moveItems, newId, newNote, notesOf, removeEdges, removeNodes } from "./definition-edits";
import { nodeFromEntry, type PaletteEntry } from "./entries";
import { autoLayout } from "./layout";
import type { useFlowDocument } from "./use-flow-document";
import { FIT_OPTIONS, useRevealNode } from "./use-reveal-node";

export type Doc = ReturnType<typeof useFlowDocument>;

export interface QuickAddState {
  screen: { x: number; y: number };
  /** The same point relative to the canvas wrapper (where the popup is placed). */
  at: { x: number; y: number };
  from?: { nodeId: string; sourceHandle: string | null };
}

/**
 * The canvas' state beside the draft (measured sizes, selected edges, the quick-add popup)
 * and every change React Flow reports, turned into edits of the draft: drags and resizes
 * (one undo step each), selection, deletes, connections, palette and quick-add entries,
 * auto-layout and duplicate.
 */
export function useCanvasHandlers(options: {
  doc: Doc;
  readOnly: boolean;
  selected: ReadonlySet<string>;
  onSelect(ids: ReadonlySet<string>): void;
  wrapper: RefObject<HTMLDivElement | null>;
}) {
  const { doc, readOnly, selected, onSelect, wrapper } = options;
  const { definition, commit, replace, checkpoint } = doc;
  const rf = useReactFlow();
  const [measured, setMeasured] = useState<Record<string, { width: number; height: number }>>({});
  const [selectedEdges, setSelectedEdges] = useState<ReadonlySet<string>>(new Set());
  const [quickAdd, setQuickAdd] = useState<QuickAddState | null>(null);
  const dragStart = useRef<FlowDefinition | null>(null);

  const nodes = useMemo(() => toCanvasNodes(definition, { selected, measured }), [definition, selected, measured]);
  const edges = useMemo(() => toCanvasEdges(definition, selectedEdges), [definition, selectedEdges]);
  const reveal = useRevealNode({ wrapper, definition, measured });

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasItem>[]) => {
      let nextSelected: Set<string> | null = null;
      const positions = new Map<string, { x: number; y: number }>();
      // Sticky-note resizes (NodeResizer); they end like a drag, as one undo step.
      const sizes = new Map<string, { width: number; height: number }>();
      let dragEnded = false;
      for (const c of changes) {
        if (c.type === "dimensions") {
          const dims = c.dimensions;
          if (dims) setMeasured((m) => (m[c.id]?.width === dims.width && m[c.id]?.height === dims.height ? m : { ...m, [c.id]: dims }));
          if (dims && c.resizing !== undefined && !readOnly) sizes.set(c.id, { width: Math.round(dims.width), height: Math.round(dims.height) });
          if (c.resizing === false) dragEnded = true;
        } else if (c.type === "select") {
          nextSelected ??= new Set(selected);
          if (c.selected) nextSelected.add(c.id);
          else nextSelected.delete(c.id);
        } else if (c.type === "position") {
          if (c.position && !readOnly) positions.set(c.id, c.position);
          if (c.dragging === false) dragEnded = true;
        }
        // "remove" is handled once for nodes and edges together in onDelete.
      }
      if (nextSelected) onSelect(nextSelected);
      if (positions.size > 0 || sizes.size > 0) {
        replace((d) => {
          dragStart.current ??= d;
          const moved = moveItems(d, positions);
          return sizes.size === 0 ? moved : { ...moved, notes: notesOf(moved).map((n) => (sizes.has(n.id) ? { ...n, ...sizes.get(n.id)! } : n)) };
        });
      }
      if (dragEnded && dragStart.current) {
        checkpoint(dragStart.current);
        dragStart.current = null;
      }
    },
    [selected, onSelect, replace, checkpoint, readOnly],
  );

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    setSelectedEdges((prev) => {
      let next: Set<string> | null = null;
      for (const c of changes) {
        if (c.type !== "select") continue;
        next ??= new Set(prev);
        if (c.selected) next.add(c.id);
        else next.delete(c.id);
      }
      return next ?? prev;
    });
  }, []);

  const onDelete = useCallback(
    ({ nodes: ns, edges: es }: { nodes: CanvasItem[]; edges: Edge[] }) => {
      commit((d) => removeEdges(removeNodes(d, new Set(ns.map((n) => n.id))), new Set(es.map((e) => e.id))));
      onSelect(new Set());
    },
    [commit, onSelect],
  );

  const onConnect = useCallback(
    (conn: Connection) => {
      const edge = edgeFromConnection(conn, newId("e"));
      commit((d) => (isDuplicateEdge(d, edge) ? d : { ...d, edges: [...d.edges, edge] }));
    },
    [commit],
  );

  const openQuickAdd = useCallback(
    (screen: { x: number; y: number }, from?: QuickAddState["from"]) => {
      const rect = wrapper.current?.getBoundingClientRect();
      const at = rect ? { x: screen.x - rect.left, y: screen.y - rect.top } : screen;
      setQuickAdd(from ? { screen, at, from } : { screen, at });
    },
    [wrapper],
  );

  /** A connection dropped on empty canvas: quick-add there, connected from where the drag began (as in n8n). */
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (readOnly || state.isValid || !state.fromNode || state.fromHandle?.type !== "source") return;
      const point = "changedTouches" in event ? event.changedTouches[0] : event;
      if (!point) return;
      openQuickAdd({ x: point.clientX, y: point.clientY }, { nodeId: state.fromNode.id, sourceHandle: state.fromHandle.id ?? null });
    },
    [readOnly, openQuickAdd],
  );

  const onReconnect = useCallback(
    (old: Edge, conn: Connection) => {
      commit((d) => {
        const moved = reconnectEdge(old, conn, toCanvasEdges(d, new Set()), { shouldReplaceId: false }).find((e) => e.id === old.id);
        if (!moved) return d;
        const edge = edgeFromConnection({ source: moved.source, target: moved.target, sourceHandle: moved.sourceHandle ?? null }, old.id);
        return { ...d, edges: d.edges.map((e) => (e.id === old.id ? edge : e)) };
      });
    },
    [commit],
  );

  /** Adds a node for a palette entry at a flow position, optionally connected from a node's handle. */
  const addEntry = useCallback(
    (entry: PaletteEntry, position: { x: number; y: number }, from?: QuickAddState["from"]) => {
      const id = newId(entry.type.replace(/\W/g, "_"));
      if (entry.type === "note") {
        // Notes take no edges: one added from a handle's "+" just lands at that point.
        commit((d) => ({ ...d, notes: [...notesOf(d), newNote(position, id)] }));
        onSelect(new Set([id]));
        reveal(id);
        return;
      }
      commit((d) => {
        const node = nodeFromEntry(entry, position, id, new Set(d.nodes.map((n) => n.name)));
        const edges = from ? [...d.edges, edgeFromConnection({ source: from.nodeId, target: id, sourceHandle: from.sourceHandle }, newId("e"))] : d.edges;
        return { ...d, nodes: [...d.nodes, node], edges };
      });
      onSelect(new Set([id]));
      reveal(id);
    },
    [commit, onSelect, reveal],
  );

  const centerOfView = useCallback(() => {
    const rect = wrapper.current?.getBoundingClientRect();
    return rf.screenToFlowPosition(rect ? { x: rect.left + rect.width / 2 - 110, y: rect.top + rect.height / 2 - 40 } : { x: 200, y: 200 });
  }, [rf, wrapper]);

  const pickQuickAdd = (entry: PaletteEntry) => {
    if (!quickAdd) return;
    addEntry(entry, rf.screenToFlowPosition(quickAdd.screen), quickAdd.from);
    setQuickAdd(null);
  };

  const fitView = useCallback(() => void rf.fitView({ ...FIT_OPTIONS, duration: 200 }), [rf]);

  const layout = useCallback(() => {
    commit((d) => autoLayout(d, measured));
    setTimeout(fitView, 50);
  }, [commit, measured, fitView]);

  const duplicate = useCallback(() => {
    if (selected.size === 0) return;
    let ids: string[] = [];
    commit((d) => {
      const r = pasteFragment(d, copyFragment(d, selected), { x: 40, y: 40 });
      ids = r.ids;
      return r.definition;
    });
    // commit's updater runs synchronously inside setState's batch; select on the next tick.
    setTimeout(() => onSelect(new Set(ids)), 0);
  }, [commit, selected, onSelect]);

  return {
    nodes,
    edges,
    flowHandlers: { onNodesChange, onEdgesChange, onDelete, onConnect, onConnectEnd, onReconnect },
    quickAdd,
    openQuickAdd,
    pickQuickAdd,
    closeQuickAdd: () => setQuickAdd(null),
    addEntry,
    centerOfView,
    fitView,
    layout,
    duplicate,
  };
}
