import dagre from "@dagrejs/dagre";
import type { FlowDefinition } from "@ipaas/flow";

const DEFAULT_SIZE = { width: 220, height: 90 };

/** Left→right layered layout (dagre). Positions are top-left corners, as React Flow expects. */
export function autoLayout(definition: FlowDefinition, sizes: Readonly<Record<string, { width: number; height: number }>> = {}): FlowDefinition {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 80, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of definition.nodes) g.setNode(node.id, { ...(sizes[node.id] ?? DEFAULT_SIZE) });
  for (const edge of definition.edges) g.setEdge(edge.source, edge.target);
  dagre.layout(g);
  return {
    ...definition,
    nodes: definition.nodes.map((node) => {
      const laid = g.node(node.id) as { x: number; y: number; width: number; height: number } | undefined;
      if (!laid) return node;
      return { ...node, position: { x: Math.round(laid.x - laid.width / 2), y: Math.round(laid.y - laid.height / 2) } };
    }),
  };
}
