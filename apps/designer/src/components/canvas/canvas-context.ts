"use client";

import { createContext, useContext } from "react";
import type { FlowNote } from "@ipaas/flow";
import type { Problem, TestResults } from "./test-results";

/** What node cards need besides their own node; one context instead of copying it into every node's data. */
export interface CanvasContextValue {
  problemsByNode: ReadonlyMap<string, Problem[]>;
  testResults: TestResults;
  connectorIcon(connectorId: string): string | null;
  readOnly: boolean;
  /** The "+" on a source handle: quick-add at that point, connecting the new node from this handle. */
  addAfter(nodeId: string, sourceHandle: string | null, screen: { x: number; y: number }): void;
  /** A sticky note's text/colour/size edited on the canvas (one undo step). */
  updateNote(id: string, patch: Partial<Omit<FlowNote, "id">>): void;
}

export const CanvasContext = createContext<CanvasContextValue | null>(null);

export function useCanvasContext(): CanvasContextValue {
  const value = useContext(CanvasContext);
  if (!value) throw new Error("useCanvasContext outside the canvas");
  return value;
}
