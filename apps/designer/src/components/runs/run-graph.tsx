"use client";

import { Background, Controls, ReactFlow, type Edge, type NodeChange } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import type { FlowDefinition } from "@ipaas/flow";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { CanvasContext, type CanvasContextValue } from "@/components/canvas/canvas-context";
import { toCanvasEdges, toCanvasNodes, type CanvasItem } from "@/components/canvas/canvas-items";
import { NodeCard } from "@/components/canvas/node-card";
import { resultsFromRun } from "@/components/canvas/run-results";
import { StickyNote } from "@/components/canvas/sticky-note";
import { useTRPC } from "@/trpc/client";
import type { RunDetail } from "@/trpc/types";
import { runPath } from "./run-path";
import "./runs.css";

// Module-level so the object is stable (React Flow warns when nodeTypes changes).
const nodeTypes = { flowNode: NodeCard, stickyNote: StickyNote };
const noop = () => undefined;
const NO_PROBLEMS = new Map();

/**
 * The flow version the run executed, read-only, with the run's path on it: the
 * node cards of the editor (convert.ts + NodeCard), coloured by what their steps
 * did. `data-run-status` on each node is what tests read.
 */
export function RunGraph(props: { definition: FlowDefinition; steps: RunDetail["steps"]; selectedNodeId: string | null; onSelectNode(nodeId: string): void }) {
  const { definition, steps, selectedNodeId, onSelectNode } = props;
  const trpc = useTRPC();
  const palette = useQuery({ ...trpc.palette.get.queryOptions(), staleTime: 5 * 60_000 });
  const [measured, setMeasured] = useState<Record<string, { width: number; height: number }>>({});

  const path = useMemo(() => runPath(definition, steps), [definition, steps]);
  const nodes = useMemo(() => {
    const selected = new Set(selectedNodeId ? [selectedNodeId] : []);
    return toCanvasNodes(definition, { selected, measured }).map((item): CanvasItem => {
      if (item.type !== "flowNode") return { ...item, selectable: false };
      const status = path.nodes[item.id] ?? "not_reached";
      const domAttributes: Record<string, string> = { "data-run-status": status };
      return { ...item, className: `run-node run-node-${status}`, domAttributes };
    });
  }, [definition, measured, path, selectedNodeId]);
  const edges = useMemo(
    () =>
      toCanvasEdges(definition, new Set()).map((edge): Edge => {
        const taken = path.edges[edge.id] ?? false;
        const domAttributes: Record<string, string> = { "data-taken": String(taken) };
        return { ...edge, className: taken ? "run-edge-taken" : "run-edge-idle", domAttributes, selectable: false };
      }),
    [definition, path],
  );

  // Controlled nodes: React Flow reports their measured size, which the next render must carry.
  const onNodesChange = useCallback((changes: NodeChange<CanvasItem>[]) => {
    for (const c of changes) {
      if (c.type !== "dimensions" || !c.dimensions) continue;
      const { id, dimensions: dims } = c;
      setMeasured((m) => (m[id]?.width === dims.width && m[id]?.height === dims.height ? m : { ...m, [id]: dims }));
    }
  }, []);

  const context = useMemo<CanvasContextValue>(() => {
    const icons = new Map((palette.data?.connectors ?? []).map((c) => [c.id, c.icon]));
    return {
      problemsByNode: NO_PROBLEMS,
      testResults: resultsFromRun(steps),
      connectorIcon: (id) => icons.get(id) ?? null,
      readOnly: true,
      addAfter: noop,
      updateNote: noop,
    };
  }, [palette.data, steps]);

  return (
    <CanvasContext.Provider value={context}>
      <div className="card run-graph" data-testid="run-graph">
        <ReactFlow<CanvasItem>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onNodeClick={(_, node) => node.type === "flowNode" && onSelectNode(node.id)}
          nodesDraggable={false}
          nodesConnectable={false}
          edgesReconnectable={false}
          deleteKeyCode={null}
          fitView
          // A two-node flow would otherwise be blown up to fill the box.
          fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
          minZoom={0.2}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={16} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
    </CanvasContext.Provider>
  );
}
