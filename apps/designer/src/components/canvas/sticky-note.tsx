"use client";

import { NodeResizer, type NodeProps } from "@xyflow/react";
import type { FlowNote } from "@ipaas/flow";
import { useEffect, useRef, useState } from "react";
import { useCanvasContext } from "./canvas-context";
import type { CanvasNoteNode } from "./canvas-items";

// The schema's enum, repeated: client code imports only types from @ipaas/flow (its runtime needs Node).
const COLORS: Array<FlowNote["color"]> = ["yellow", "blue", "green", "pink"];

/** A sticky note: no handles; double-click to edit the text in place; resizable and recolourable when selected. */
export function StickyNote({ id, data, selected }: NodeProps<CanvasNoteNode>) {
  const { note } = data;
  const ctx = useCanvasContext();
  const [draft, setDraft] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const editing = draft !== null && !ctx.readOnly;

  useEffect(() => {
    if (editing) textarea.current?.focus();
  }, [editing]);

  // Committed on blur, not per keystroke: one undo step per edit.
  function finish() {
    if (draft !== null && draft !== note.text) ctx.updateNote(id, { text: draft.slice(0, 5000) });
    setDraft(null);
  }

  return (
    <div className={`sticky-note sticky-note-${note.color}${selected ? " sticky-note-selected" : ""}`} data-testid="sticky-note" data-id={id} onDoubleClick={() => !ctx.readOnly && setDraft(note.text)}>
      {/* Its size/position changes reach the canvas's onNodesChange like a drag (live, then one undo step). */}
      <NodeResizer isVisible={selected && !ctx.readOnly} minWidth={120} minHeight={60} />
      {editing ? (
        <textarea
          ref={textarea}
          className="sticky-note-text nodrag nowheel"
          value={draft}
          maxLength={5000}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={finish}
          onKeyDown={(e) => {
            if (e.key === "Escape") finish();
          }}
          data-testid="sticky-note-text"
        />
      ) : (
        <div className="sticky-note-body" title={ctx.readOnly ? undefined : "Double-click to edit"}>
          {note.text || <span className="muted small">{ctx.readOnly ? "" : "Double-click to write a note"}</span>}
        </div>
      )}
      {selected && !ctx.readOnly && !editing && (
        <div className="sticky-note-colors nodrag">
          {COLORS.map((c) => (
            <button key={c} type="button" className={`sticky-note-color sticky-note-${c}`} title={c} aria-label={`${c} note`} onClick={() => c !== note.color && ctx.updateNote(id, { color: c })} data-testid="sticky-note-color" data-color={c} />
          ))}
        </div>
      )}
    </div>
  );
}
