import type { NodeType } from "@ipaas/flow";

/**
 * Top-level config keys holding JSONata, per node type. Mirrors `expressionFields`
 * of @ipaas/flow (a test keeps them equal): the client does not import that module's
 * values, because @ipaas/flow pulls in the mapping engine's Node-only parts.
 */
export const EXPRESSION_KEYS: Partial<Record<NodeType, readonly string[]>> = {
  action: ["input"],
  map: ["expression"],
  filter: ["condition"],
  foreach: ["items"],
  lookup: ["key"],
  delay: ["until"],
  subflow: ["input"],
  respond: ["body"],
  "edi.send": ["input"],
};

/** Keys the panel edits with dedicated controls instead of the generated form (node-overrides.tsx: retry, timeout, stale guard). */
export function dedicatedKeys(type: NodeType): string[] {
  const connector = ["connectorId", "operation", "connectionId", "connectionName"];
  switch (type) {
    case "action":
      return [...connector, "input", "inputMappingId", "retry", "timeoutMs", "stale"];
    case "trigger.poll":
      return connector;
    case "trigger.webhook":
      return [...connector, "event", "verification"];
    case "map":
      return ["expression", "mappingId"];
    case "branch":
      return ["cases"];
    case "subflow":
      return ["flowId"];
    case "trigger.edi":
      return ["partnerId", "set"];
    case "edi.send":
      return ["partnerId"];
    default:
      return [];
  }
}

/** Node types whose config names a connector (connector, operation/event and connection pickers). */
export const usesConnector = (type: NodeType) => type === "action" || type === "trigger.poll" || type === "trigger.webhook";
