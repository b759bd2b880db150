"use client";

import { Handle, Position, type NodeProps } from "@xyflow/react";
import { Plug } from "lucide-react";
import type { MouseEvent } from "react";
import { useCanvasContext } from "./canvas-context";
import type { CanvasNode } from "./canvas-items";
import { iconSrc } from "./entries";
import { NodeTypeIcon } from "./node-icons";

function str(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** A node on the canvas: type, name, connector.operation, connection, problems and the last test/run result. */
export function NodeCard({ data, selected }: NodeProps<CanvasNode>) {
  const { node, handles } = data;
  const ctx = useCanvasContext();
  const problems = ctx.problemsByNode.get(node.id) ?? [];
  const result = ctx.testResults[node.id];
  const connectorId = str(node.config.connectorId);
  const operation = str(node.config.operation) ?? str(node.config.event);
  const connection = str(node.config.connectionName) ?? (str(node.config.connectionId) ? "(by id)" : null);
  const icon = connectorId ? iconSrc(ctx.connectorIcon(connectorId)) : null;
  const sourceHandles = handles.length > 0 ? handles : [{ id: null as string | null, label: "" }];

  function plus(event: MouseEvent, handleId: string | null) {
    event.stopPropagation();
    ctx.addAfter(node.id, handleId, { x: event.clientX, y: event.clientY });
  }

  return (
    <div className={`node-card${selected ? " node-card-selected" : ""}${problems.length > 0 ? " node-card-problem" : ""}`} data-testid="flow-node" data-id={node.id}>
      {!node.type.startsWith("trigger.") && <Handle type="target" position={Position.Left} />}
      <div className="node-card-head">
        {icon ? <img className="node-card-icon" src={icon} alt="" /> : <NodeTypeIcon type={node.type} className="node-card-glyph" size={16} />}
        <span className="node-card-type">{node.type}</span>
      </div>
      <div className="node-card-name">{node.name}</div>
      {connectorId && (
        <div className="node-card-meta mono">
          {connectorId}
          {operation ? `.${operation}` : ""}
        </div>
      )}
      {connection && <div className="node-card-meta">
          <Plug className="node-card-meta-icon" size={11} aria-hidden="true" /> {connection}
        </div>}
      <div className="node-card-badges">
        {problems.map((p, i) => (
          <span key={i} className="badge badge-dead node-problem" title={`${p.path}: ${p.message}`} data-testid="node-problem">
            ⚠ {problems.length > 1 ? `${i + 1}` : p.message.length > 28 ? `${p.message.slice(0, 26)}…` : p.message}
          </span>
        ))}
        {result && (
          <span className={`badge badge-${result.status === "succeeded" ? "succeeded" : result.status === "failed" ? "dead" : "queued"}`} title={result.error?.message ?? result.status} data-testid="node-test-status" data-status={result.status}>
            {result.status === "succeeded" ? "✓" : result.status === "failed" ? "✗" : "–"} {result.itemCount} item{result.itemCount === 1 ? "" : "s"}
          </span>
        )}
      </div>
      {sourceHandles.map((h, i) => {
        const top = `${((i + 1) / (sourceHandles.length + 1)) * 100}%`;
        return (
          <div key={h.id ?? "out"}>
            <Handle type="source" position={Position.Right} id={h.id ?? undefined} style={{ top }} />
            {h.label && (
              <span className="node-handle-label" style={{ top }}>
                {h.label}
              </span>
            )}
            {!ctx.readOnly && (
              <button type="button" className="node-handle-plus nodrag" style={{ top }} onClick={(e) => plus(e, h.id)} title="Add a connected step" data-testid="handle-plus">
                +
              </button>
            )}
          </div>
        );
      })}
    </div>
  );
}
