"use client";

import { NodePanel, type NodePanelProps } from "@/components/node-panel/node-panel";

/** Where the side panel (components/node-panel) plugs into the editor. */
export function NodePanelSlot(props: NodePanelProps) {
  return <NodePanel {...props} />;
}
