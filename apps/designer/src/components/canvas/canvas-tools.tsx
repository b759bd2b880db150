"use client";

import { Panel } from "@xyflow/react";
import type { Doc } from "./use-canvas-handlers";

/** The buttons over the canvas' top-left corner: undo, redo, auto-layout (editors only), fit and the shortcuts help. */
export function CanvasTools({ doc, readOnly, onLayout, onFit, onToggleHelp }: { doc: Doc; readOnly: boolean; onLayout(): void; onFit(): void; onToggleHelp(): void }) {
  return (
    <Panel position="top-left" className="canvas-tools">
      {!readOnly && (
        <>
          <button type="button" className="button button-secondary button-small" onClick={doc.undo} disabled={!doc.canUndo} data-testid="undo" title="Undo (Ctrl/Cmd-Z)">
            ↶ Undo
          </button>
          <button type="button" className="button button-secondary button-small" onClick={doc.redo} disabled={!doc.canRedo} data-testid="redo" title="Redo (Shift-Ctrl/Cmd-Z)">
            ↷ Redo
          </button>
          <button type="button" className="button button-secondary button-small" onClick={onLayout} data-testid="auto-layout" title="Auto-layout (Shift-L)">
            Auto-layout
          </button>
        </>
      )}
      <button type="button" className="button button-secondary button-small" onClick={onFit} data-testid="zoom-fit" title="Zoom to fit (1)">
        Fit
      </button>
      <button type="button" className="button button-secondary button-small" onClick={onToggleHelp} data-testid="shortcuts-button" title="Keyboard shortcuts (?)">
        ?
      </button>
    </Panel>
  );
}
