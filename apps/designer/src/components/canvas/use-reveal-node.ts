"use client";

import { useReactFlow } from "@xyflow/react";
import type { FlowDefinition } from "@ipaas/flow";
import { useCallback, useEffect, useRef, type RefObject } from "react";
import { notesOf } from "./definition-edits";

/**
 * How far out the canvas zooms. React Flow's default (50 %) is too close for a seven-step
 * template on a laptop's canvas: "fit" stopped there and cut the flow off at both edges.
 */
export const MIN_ZOOM = 0.1;
/** Every "zoom to fit": at most 100 %, so one or two nodes do not fill the canvas. */
export const FIT_OPTIONS = { padding: 0.2, maxZoom: 1, minZoom: MIN_ZOOM } as const;

// The "+" handle sits 30 px right of a card (globals.css .node-handle-plus); it must be reachable too.
const PLUS_OUTSET = 30;
// Distance from the canvas edge a revealed node keeps, in screen pixels.
const MARGIN = 16;

/**
 * Keeps a node the user just added in view: once React Flow has measured it, if it (or
 * its "+" handle) is partly outside the canvas, the view pans to it, zooming out if it
 * does not fit at the current zoom. A node quick-added from a "+" at the canvas' edge
 * otherwise lands out of sight, and its own "+" cannot be clicked (issue 13, finding 9).
 */
export function useRevealNode(options: {
  wrapper: RefObject<HTMLDivElement | null>;
  definition: FlowDefinition;
  measured: Readonly<Record<string, { width: number; height: number }>>;
}): (id: string) => void {
  const { wrapper, definition, measured } = options;
  const rf = useReactFlow();
  const pending = useRef<string | null>(null);

  useEffect(() => {
    const id = pending.current;
    const size = id ? measured[id] : undefined;
    if (!id || !size) return; // not rendered and measured yet: the next `measured` change retries
    pending.current = null;
    const position = (definition.nodes.find((n) => n.id === id) ?? notesOf(definition).find((n) => n.id === id))?.position;
    const rect = wrapper.current?.getBoundingClientRect();
    if (!position || !rect) return;
    const { x, y, zoom } = rf.getViewport();
    const left = position.x * zoom + x;
    const top = position.y * zoom + y;
    const right = (position.x + size.width + PLUS_OUTSET) * zoom + x;
    const bottom = (position.y + size.height) * zoom + y;
    if (left >= MARGIN && top >= MARGIN && right <= rect.width - MARGIN && bottom <= rect.height - MARGIN) return;
    // Never zoom in to reveal (maxZoom: current zoom): the user chose the zoom; only pan, or zoom out when needed.
    void rf.fitView({ nodes: [{ id }], padding: FIT_OPTIONS.padding, maxZoom: Math.min(zoom, FIT_OPTIONS.maxZoom), duration: 200 });
  }, [measured, definition, rf, wrapper]);

  return useCallback((id: string) => {
    pending.current = id;
  }, []);
}
