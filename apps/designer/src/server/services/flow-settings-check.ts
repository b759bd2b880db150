import { findConnectionsByRefs, getFlowEnvironment, type Db } from "@ipaas/db";
import type { FlowSettings, Problem } from "@ipaas/flow";

/**
 * Flow settings the pure `validate()` cannot judge because they need the database
 * (docs/architecture.md "Flow model"): the error flow must exist and not be the flow
 * itself (its failures would start itself), and each default connection must exist in
 * the flow's environment and belong to its connector. Part of the publish gate.
 */
export async function settingsProblems(db: Db, definition: unknown, flow: { id?: string; environment: string }): Promise<Problem[]> {
  const settings = (definition as { settings?: Partial<FlowSettings> } | null)?.settings ?? {};
  const problems: Problem[] = [];
  const at = (path: string, code: string, message: string) => problems.push({ nodeId: null, path: `settings.${path}`, code, message });

  const { errorFlowId } = settings;
  if (typeof errorFlowId === "string") {
    if (errorFlowId === flow.id) at("errorFlowId", "ERROR_FLOW_SELF", "The error flow must be another flow: a flow cannot handle its own failures");
    else if ((await getFlowEnvironment(db, errorFlowId)) === null) at("errorFlowId", "ERROR_FLOW_MISSING", `The error flow ${errorFlowId} does not exist: choose another`);
  }

  const defaults = Object.entries(settings.defaultConnections ?? {});
  if (defaults.length === 0) return problems;
  const rows = await findConnectionsByRefs(db, { ids: [], names: defaults.map(([, name]) => name), environment: flow.environment });
  for (const [connectorId, name] of defaults) {
    const found = rows.find((r) => r.name === name && r.environment === flow.environment);
    if (!found) at(`defaultConnections.${connectorId}`, "unknown_connection", `The default ${connectorId} connection "${name}" does not exist in the ${flow.environment} environment`);
    else if (found.connectorId !== connectorId) at(`defaultConnections.${connectorId}`, "connection_connector_mismatch", `The default ${connectorId} connection "${name}" is a ${found.connectorId} connection`);
  }
  return problems;
}
