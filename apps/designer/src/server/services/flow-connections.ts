import { findConnectionsByRefs, type Db } from "@ipaas/db";
import type { Problem } from "@ipaas/flow";

interface NodeLike {
  id: string;
  type: string;
  config?: Record<string, unknown>;
}

/** The connection a node points at, if any (by id, or by name within the flow's environment). */
export function connectionRef(node: NodeLike): { connectionId?: string; connectionName?: string } | null {
  const config = node.config ?? {};
  const connectionId = typeof config.connectionId === "string" ? config.connectionId : undefined;
  const connectionName = typeof config.connectionName === "string" ? config.connectionName : undefined;
  return connectionId || connectionName ? { connectionId, connectionName } : null;
}

/**
 * Problems `validate` cannot see because they need the database: a node whose
 * connection does not exist in the flow's environment, or belongs to another
 * connector. Publishing is refused on these as on any other problem, so a version
 * never names a connection the runtime would fail to find.
 */
export async function connectionProblems(db: Db, definition: unknown, environment: string): Promise<Problem[]> {
  const all = (definition as { nodes?: NodeLike[] } | null)?.nodes ?? [];
  const defaults = (definition as { settings?: { defaultConnections?: Record<string, unknown> } } | null)?.settings?.defaultConnections ?? {};
  // An action naming no connection runs with the flow's default for its connector (checked in flow-settings-check.ts).
  const hasDefault = (node: NodeLike) => node.type === "action" && typeof node.config?.connectorId === "string" && typeof defaults[node.config.connectorId] === "string";
  const problems: Problem[] = [];
  // Every connector call needs credentials and a base URL: an action without a connection cannot run.
  for (const [i, node] of all.entries()) {
    if ((node.type === "action" || node.type === "trigger.poll") && !connectionRef(node) && !hasDefault(node)) {
      problems.push({ nodeId: node.id, path: `nodes.${i}.config.connectionName`, code: "missing_connection", message: "Choose a connection for this step" });
    }
  }
  const nodes = all.filter((n) => connectionRef(n));
  if (nodes.length === 0) return problems;
  const ids = nodes.map((n) => connectionRef(n)?.connectionId).filter((id): id is string => !!id && /^[0-9a-f-]{36}$/i.test(id));
  const names = nodes.map((n) => connectionRef(n)?.connectionName).filter((name): name is string => !!name);
  const rows = await findConnectionsByRefs(db, { ids, names, environment });

  for (const node of nodes) {
    const ref = connectionRef(node)!;
    const found = ref.connectionId ? rows.find((r) => r.id === ref.connectionId) : rows.find((r) => r.name === ref.connectionName && r.environment === environment);
    const path = `nodes.${all.indexOf(node)}.config.${ref.connectionId ? "connectionId" : "connectionName"}`;
    if (!found) {
      const what = ref.connectionId ? `Connection ${ref.connectionId}` : `Connection "${ref.connectionName}"`;
      problems.push({ nodeId: node.id, path, code: "unknown_connection", message: `${what} does not exist in the ${environment} environment` });
      continue;
    }
    const connectorId = node.config?.connectorId;
    if (typeof connectorId === "string" && found.connectorId !== connectorId) {
      problems.push({ nodeId: node.id, path, code: "connection_connector_mismatch", message: `Connection "${found.name}" is a ${found.connectorId} connection, but the node uses the ${connectorId} connector` });
    }
  }
  return problems;
}
