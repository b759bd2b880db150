"use client";

import {
  Background,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  reconnectEdge,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
  type FinalConnectionState,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import type { FlowDefinition } from "@ipaas/flow";
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from "react";
import { CanvasContext, type CanvasContextValue } from "./canvas-context";
import { copyFragment, parseFragment, pasteFragment } from "./clipboard";
import { edgeFromConnection, isDuplicateEdge, moveItems, newId, newNote, notesOf, removeEdges, removeNodes, toCanvasEdges, toCanvasNodes, updateNote, type CanvasItem } from "./convert";
import { nodeFromEntry, type PaletteEntry } from "./entries";
import { NodeCard } from "./node-card";
import { autoLayout } from "./layout";
import { DND_MIME, Palette } from "./palette";
import { QuickAdd } from "./quick-add";
import { ShortcutsHelp } from "./shortcuts-help";
import { StickyNote } from "./sticky-note";
import { FIT_OPTIONS, useRevealNode } from "./use-reveal-node";
import type { useFlowDocument } from "./use-flow-document";

// Module-level so the object is stable (React Flow warns when nodeTypes changes).
const nodeTypes = { flowNode: NodeCard, stickyNote: StickyNote };

type Doc = ReturnType<typeof useFlowDocument>;

interface QuickAddState {
  screen: { x: number; y: number };
  /** The same point relative to the canvas wrapper (where the popup is placed). */
  at: { x: number; y: number };
  from?: { nodeId: string; sourceHandle: string | null };
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable || !!el.closest?.(".cm-editor"));
}

/** The React Flow canvas over the draft: palette drop, quick-add, edges, selection, clipboard, history, layout. */
export function FlowCanvas(props: {
  doc: Doc;
  readOnly: boolean;
  entries: PaletteEntry[];
  selected: ReadonlySet<string>;
  onSelect(ids: ReadonlySet<string>): void;
  context: Omit<CanvasContextValue, "addAfter" | "readOnly" | "updateNote">;
}) {
  const { doc, readOnly, entries, selected, onSelect } = props;
  const { definition, commit, replace, checkpoint } = doc;
  const rf = useReactFlow();
  const wrapper = useRef<HTMLDivElement>(null);
  const [measured, setMeasured] = useState<Record<string, { width: number; height: number }>>({});
  const [selectedEdges, setSelectedEdges] = useState<ReadonlySet<string>>(new Set());
  const [quickAdd, setQuickAdd] = useState<QuickAddState | null>(null);
  const [help, setHelp] = useState(false);
  const mouse = useRef<{ x: number; y: number } | null>(null);
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

  const openQuickAdd = useCallback((screen: { x: number; y: number }, from?: QuickAddState["from"]) => {
    const rect = wrapper.current?.getBoundingClientRect();
    const at = rect ? { x: screen.x - rect.left, y: screen.y - rect.top } : screen;
    setQuickAdd(from ? { screen, at, from } : { screen, at });
  }, []);

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
  }, [rf]);

  function onDrop(event: DragEvent) {
    event.preventDefault();
    const entry = entries.find((e) => e.id === event.dataTransfer.getData(DND_MIME));
    if (entry && !readOnly) addEntry(entry, rf.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  }

  const pickQuickAdd = (entry: PaletteEntry) => {
    if (!quickAdd) return;
    addEntry(entry, rf.screenToFlowPosition(quickAdd.screen), quickAdd.from);
    setQuickAdd(null);
  };

  const layout = useCallback(() => {
    commit((d) => autoLayout(d, measured));
    setTimeout(() => void rf.fitView({ ...FIT_OPTIONS, duration: 200 }), 50);
  }, [commit, measured, rf]);

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

  // Keyboard shortcuts (listed in ShortcutsHelp). Skipped while typing in a field.
  useEffect(() => {
    function onKeyDown(e: KeyboardEvent) {
      if (isTyping(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const act = (fn: () => void) => {
        e.preventDefault();
        fn();
      };
      if (e.key === "?") setHelp((h) => !h);
      else if (e.key === "Escape") setHelp(false);
      else if (mod && key === "z" && !e.shiftKey && !readOnly) act(doc.undo);
      else if (mod && ((key === "z" && e.shiftKey) || key === "y") && !readOnly) act(doc.redo);
      else if (mod && key === "d" && !readOnly) act(duplicate);
      else if (mod && key === "a") act(() => onSelect(new Set(definition.nodes.map((n) => n.id))));
      else if (!mod && e.shiftKey && key === "l" && !readOnly) layout();
      else if (!mod && key === "1") void rf.fitView({ ...FIT_OPTIONS, duration: 200 });
      else if (!mod && (e.key === "/" || e.key === "Tab") && mouse.current && !readOnly) act(() => openQuickAdd(mouse.current!));
    }
    // copy/paste events rather than keys: clipboardData works without a permission prompt.
    function onCopy(e: ClipboardEvent) {
      if (isTyping(e.target) || selected.size === 0) return;
      e.preventDefault();
      e.clipboardData?.setData("text/plain", JSON.stringify(copyFragment(definition, selected), null, 2));
    }
    function onPaste(e: ClipboardEvent) {
      if (isTyping(e.target) || readOnly) return;
      const fragment = parseFragment(e.clipboardData?.getData("text/plain") ?? "");
      if (!fragment || fragment.nodes.length === 0) return;
      e.preventDefault();
      const minX = Math.min(...fragment.nodes.map((n) => n.position.x));
      const minY = Math.min(...fragment.nodes.map((n) => n.position.y));
      const at = mouse.current ? rf.screenToFlowPosition(mouse.current) : { x: minX + 40, y: minY + 40 };
      const r = pasteFragment(definition, fragment, { x: at.x - minX, y: at.y - minY });
      commit(() => r.definition);
      onSelect(new Set(r.ids));
    }
    window.addEventListener("keydown", onKeyDown);
    window.addEventListener("copy", onCopy);
    window.addEventListener("paste", onPaste);
    return () => {
      window.removeEventListener("keydown", onKeyDown);
      window.removeEventListener("copy", onCopy);
      window.removeEventListener("paste", onPaste);
    };
  }, [definition, selected, readOnly, doc, duplicate, layout, onSelect, commit, rf, openQuickAdd]);

  const contextValue = useMemo<CanvasContextValue>(
    () => ({
      ...props.context,
      readOnly,
      addAfter: (nodeId, sourceHandle, screen) => openQuickAdd(screen, { nodeId, sourceHandle }),
      updateNote: (id, patch) => commit((d) => updateNote(d, id, patch)),
    }),
    [props.context, readOnly, openQuickAdd, commit],
  );

  return (
    <CanvasContext.Provider value={contextValue}>
      {!readOnly && <Palette entries={entries} onAdd={(entry) => addEntry(entry, centerOfView())} />}
      <div
        className="canvas-wrapper"
        ref={wrapper}
        data-testid="flow-canvas"
        onMouseMove={(e) => (mouse.current = { x: e.clientX, y: e.clientY })}
        onMouseLeave={() => (mouse.current = null)}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = "move";
        }}
        onDrop={onDrop}
      >
        <ReactFlow<CanvasItem>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onDelete={onDelete}
          onConnect={onConnect}
          onConnectEnd={onConnectEnd}
          onReconnect={onReconnect}
          edgesReconnectable={!readOnly}
          nodesConnectable={!readOnly}
          nodesDraggable={!readOnly}
          deleteKeyCode={readOnly ? null : ["Delete", "Backspace"]}
          multiSelectionKeyCode={["Shift", "Meta", "Control"]}
          selectionKeyCode="Shift"
          fitView
          fitViewOptions={FIT_OPTIONS}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={16} />
          <MiniMap pannable zoomable />
          <Controls />
          <Panel position="top-left" className="canvas-tools">
            {!readOnly && (
              <>
                <button type="button" className="button button-secondary button-small" onClick={doc.undo} disabled={!doc.canUndo} data-testid="undo" title="Undo (Ctrl/Cmd-Z)">
                  ↶ Undo
                </button>
                <button type="button" className="button button-secondary button-small" onClick={doc.redo} disabled={!doc.canRedo} data-testid="redo" title="Redo (Shift-Ctrl/Cmd-Z)">
                  ↷ Redo
                </button>
                <button type="button" className="button button-secondary button-small" onClick={layout} data-testid="auto-layout" title="Auto-layout (Shift-L)">
                  Auto-layout
                </button>
              </>
            )}
            <button type="button" className="button button-secondary button-small" onClick={() => void rf.fitView({ ...FIT_OPTIONS, duration: 200 })} data-testid="zoom-fit" title="Zoom to fit (1)">
              Fit
            </button>
            <button type="button" className="button button-secondary button-small" onClick={() => setHelp((h) => !h)} data-testid="shortcuts-button" title="Keyboard shortcuts (?)">
              ?
            </button>
          </Panel>
        </ReactFlow>
        {quickAdd && <QuickAdd entries={entries} at={quickAdd.at} onPick={pickQuickAdd} onClose={() => setQuickAdd(null)} />}
        {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
      </div>
    </CanvasContext.Provider>
  );
}
