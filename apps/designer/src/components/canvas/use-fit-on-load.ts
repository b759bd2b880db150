"use client";

import { useNodesInitialized, useReactFlow, type OnMoveStart } from "@xyflow/react";
import type { FlowDefinition } from "@ipaas/flow";
import { useEffect, useRef, type RefObject } from "react";
import { FIT_OPTIONS } from "./use-reveal-node";

/**
 * Keeps the whole flow in view while the editor settles: React Flow fits once on load, but the
 * canvas changes size afterwards (the toolbar and the problems line grow as their queries land),
 * which left part of the flow outside. Refits on every resize until the user takes over: pans,
 * zooms or edits the flow.
 */
export function useFitOnLoad(wrapper: RefObject<HTMLDivElement | null>, definition: FlowDefinition): { onMoveStart: OnMoveStart } {
  const rf = useReactFlow();
  const initialized = useNodesInitialized();
  const loaded = useRef(definition);
  const userTookOver = useRef(false);

  useEffect(() => {
    if (definition !== loaded.current) userTookOver.current = true;
  }, [definition]);

  useEffect(() => {
    const element = wrapper.current;
    if (!element || !initialized) return;
    const fit = () => {
      if (!userTookOver.current) void rf.fitView(FIT_OPTIONS);
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(element);
    return () => observer.disconnect();
  }, [wrapper, initialized, rf]);

  // A move with an event is the user's (wheel, drag, pinch); fits and reveals pass none.
  return {
    onMoveStart: (event) => {
      if (event) userTookOver.current = true;
    },
  };
}
