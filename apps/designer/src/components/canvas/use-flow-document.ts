"use client";

import type { FlowDefinition } from "@ipaas/flow";
import { useCallback, useRef, useState } from "react";
import { initHistory, pushHistory, redo as redoH, replacePresent, undo as undoH, type History } from "./history";

const COALESCE_MS = 1000;

/**
 * The draft being edited, with undo/redo. `commit` makes an undo step; edits
 * with the same `coalesceKey` within a second (typing in the side panel) share
 * one step; `replace` changes the present without one (a drag in progress).
 */
export function useFlowDocument(initial: FlowDefinition) {
  const [history, setHistory] = useState<History<FlowDefinition>>(() => initHistory(initial));
  const last = useRef<{ key: string; at: number } | null>(null);

  const commit = useCallback((update: (d: FlowDefinition) => FlowDefinition, coalesceKey?: string) => {
    const now = Date.now();
    const coalesce = coalesceKey !== undefined && last.current?.key === coalesceKey && now - last.current.at < COALESCE_MS;
    last.current = coalesceKey !== undefined ? { key: coalesceKey, at: now } : null;
    setHistory((h) => (coalesce ? replacePresent(h, update(h.present)) : pushHistory(h, update(h.present))));
  }, []);

  const replace = useCallback((update: (d: FlowDefinition) => FlowDefinition) => setHistory((h) => replacePresent(h, update(h.present))), []);
  /** Ends a live edit (a drag): the state before it becomes undoable. */
  const checkpoint = useCallback((before: FlowDefinition) => setHistory((h) => (before === h.present ? h : { past: [...h.past, before], present: h.present, future: [] })), []);
  const undo = useCallback(() => {
    last.current = null;
    setHistory(undoH);
  }, []);
  const redo = useCallback(() => {
    last.current = null;
    setHistory(redoH);
  }, []);

  return { definition: history.present, canUndo: history.past.length > 0, canRedo: history.future.length > 0, commit, replace, checkpoint, undo, redo };
}
