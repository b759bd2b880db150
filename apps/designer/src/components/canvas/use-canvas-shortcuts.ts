"use client";

import { useReactFlow } from "@xyflow/react";
import { useEffect, type Dispatch, type RefObject, type SetStateAction } from "react";
import { copyFragment, parseFragment, pasteFragment } from "./clipboard";
import type { Doc } from "./use-canvas-handlers";

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable || !!el.closest?.(".cm-editor"));
}

/**
 * The canvas' keyboard shortcuts (listed in ShortcutsHelp) and its copy/paste, on the window.
 * Skipped while typing in a field.
 */
export function useCanvasShortcuts(options: {
  doc: Doc;
  readOnly: boolean;
  selected: ReadonlySet<string>;
  onSelect(ids: ReadonlySet<string>): void;
  /** The pointer over the canvas, in screen coordinates (null when outside). */
  mouse: RefObject<{ x: number; y: number } | null>;
  setHelp: Dispatch<SetStateAction<boolean>>;
  duplicate(): void;
  layout(): void;
  fitView(): void;
  openQuickAdd(screen: { x: number; y: number }): void;
}) {
  const { doc, readOnly, selected, onSelect, mouse, setHelp, duplicate, layout, fitView, openQuickAdd } = options;
  const { definition, commit } = doc;
  const rf = useReactFlow();

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
      else if (!mod && key === "1") fitView();
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
  }, [definition, selected, readOnly, doc, duplicate, layout, fitView, onSelect, commit, rf, openQuickAdd, mouse, setHelp]);
}
