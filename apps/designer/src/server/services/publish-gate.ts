import { registry } from "@ipaas/connectors";
import { publishVersion, type AuditActor, type Db } from "@ipaas/db";
import { checkDefinition, type FlowDefinition, type Problem } from "@ipaas/flow";
import { connectionProblems } from "./flow-connections";
import { settingsProblems } from "./flow-settings-check";

export type PublishResult = { published: true; version: number } | { published: false; problems: Problem[] };

/**
 * The publish gate (docs/architecture.md "Flow model"): structure, config and
 * expressions (`checkDefinition`, pure, in packages/flow), plus what needs the
 * database: the connections in the flow's environment and the flow settings that
 * name other rows (error flow, default connections). `flowId` is absent for a flow
 * not created yet (an import's report).
 */
async function gate(db: Db, definition: unknown, environment: string, flowId?: string): Promise<{ definition: FlowDefinition | null; problems: Problem[] }> {
  const checked = checkDefinition(definition, registry);
  const [connections, settings] = await Promise.all([connectionProblems(db, definition, environment), settingsProblems(db, definition, { id: flowId, environment })]);
  return { definition: checked.definition, problems: [...checked.problems, ...connections, ...settings] };
}

/** What publish would refuse: for the canvas's badges, the publish dialog and an import's report. */
export async function publishProblems(db: Db, definition: unknown, environment: string, flowId?: string): Promise<Problem[]> {
  return (await gate(db, definition, environment, flowId)).problems;
}

/**
 * Publishes `definition` as the flow's next version unless the gate finds problems,
 * which the caller gets instead (node id, field path, message) of a version the
 * runtime would fail on. Draft publish and rollback both come through here.
 */
export async function publishIfValid(
  db: Db,
  params: { flow: { id: string; environment: string }; definition: unknown; message: string; actor: AuditActor; audit?: { action: string; summary?: Record<string, unknown> } },
): Promise<PublishResult> {
  const { definition, problems } = await gate(db, params.definition, params.flow.environment, params.flow.id);
  if (problems.length > 0 || !definition) return { published: false, problems };
  const version = await publishVersion(db, { flowId: params.flow.id, definition, message: params.message, actor: params.actor, ...(params.audit ? { audit: params.audit } : {}) });
  return { published: true, version: version.version };
}
