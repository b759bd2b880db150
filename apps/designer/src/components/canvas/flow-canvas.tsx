"use client";

import { Background, Controls, MiniMap, ReactFlow, useReactFlow } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useMemo, useRef, useState, type DragEvent } from "react";
import { CanvasContext, type CanvasContextValue } from "./canvas-context";
import { CanvasTools } from "./canvas-tools";
import { type CanvasItem } from "./canvas-items";
import { updateNote } from "./definition-edits";
import type { PaletteEntry } from "./entries";
import { NodeCard } from "./node-card";
import { DND_MIME, Palette } from "./palette";
import { QuickAdd } from "./quick-add";
import { ShortcutsHelp } from "./shortcuts-help";
import { StickyNote } from "./sticky-note";
import { useCanvasHandlers, type Doc } from "./use-canvas-handlers";
import { useCanvasShortcuts } from "./use-canvas-shortcuts";
import { useFitOnLoad } from "./use-fit-on-load";
import { FIT_OPTIONS, MIN_ZOOM } from "./use-reveal-node";

// Module-level so the object is stable (React Flow warns when nodeTypes changes).
const nodeTypes = { flowNode: NodeCard, stickyNote: StickyNote };

/**
 * The React Flow canvas over the draft: palette, drop target, quick-add popup, tools and
 * shortcuts help. What the canvas does with React Flow's events lives in useCanvasHandlers,
 * its keyboard and clipboard in useCanvasShortcuts.
 */
export function FlowCanvas(props: {
  doc: Doc;
  readOnly: boolean;
  entries: PaletteEntry[];
  selected: ReadonlySet<string>;
  onSelect(ids: ReadonlySet<string>): void;
  context: Omit<CanvasContextValue, "addAfter" | "readOnly" | "updateNote">;
}) {
  const { doc, readOnly, entries, selected, onSelect } = props;
  const { commit } = doc;
  const rf = useReactFlow();
  const wrapper = useRef<HTMLDivElement>(null);
  const mouse = useRef<{ x: number; y: number } | null>(null);
  const [help, setHelp] = useState(false);
  const canvas = useCanvasHandlers({ doc, readOnly, selected, onSelect, wrapper });
  const { openQuickAdd } = canvas;
  const { onMoveStart } = useFitOnLoad(wrapper, doc.definition);
  useCanvasShortcuts({ doc, readOnly, selected, onSelect, mouse, setHelp, duplicate: canvas.duplicate, layout: canvas.layout, fitView: canvas.fitView, openQuickAdd });

  function onDrop(event: DragEvent) {
    event.preventDefault();
    const entry = entries.find((e) => e.id === event.dataTransfer.getData(DND_MIME));
    if (entry && !readOnly) canvas.addEntry(entry, rf.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  }

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
      {!readOnly && <Palette entries={entries} onAdd={(entry) => canvas.addEntry(entry, canvas.centerOfView())} />}
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
          nodes={canvas.nodes}
          edges={canvas.edges}
          nodeTypes={nodeTypes}
          {...canvas.flowHandlers}
          edgesReconnectable={!readOnly}
          nodesConnectable={!readOnly}
          nodesDraggable={!readOnly}
          deleteKeyCode={readOnly ? null : ["Delete", "Backspace"]}
          multiSelectionKeyCode={["Shift", "Meta", "Control"]}
          selectionKeyCode="Shift"
          fitView
          fitViewOptions={FIT_OPTIONS}
          minZoom={MIN_ZOOM}
          onMoveStart={onMoveStart}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={16} />
          <MiniMap pannable zoomable />
          <Controls />
          <CanvasTools doc={doc} readOnly={readOnly} onLayout={canvas.layout} onFit={canvas.fitView} onToggleHelp={() => setHelp((h) => !h)} />
        </ReactFlow>
        {canvas.quickAdd && <QuickAdd entries={entries} at={canvas.quickAdd.at} onPick={canvas.pickQuickAdd} onClose={canvas.closeQuickAdd} />}
        {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
      </div>
    </CanvasContext.Provider>
  );
}
