import {
  BadRequestError,
  ConflictError,
  createFlow,
  findConnectionRow,
  findFlowByName,
  findTradingPartnerByName,
  getEnvironment,
  listConnectionNames,
  listEnvironmentNames,
  listTradingPartners,
  NotFoundError,
  writeAudit,
  type AuditActor,
  type Db,
} from "@ipaas/db";
import { findTemplate, templates, type FlowTemplate } from "@ipaas/templates";
import { lookupsReport, tablesOfDocument, type LookupsReport } from "./flow-lookups";

/** Every key a template binds: its connections, then its trading partners. */
const bindingKeys = (template: FlowTemplate) => [...template.connections.map((c) => c.key), ...(template.partners ?? []).map((p) => p.key)];

/** The cross-reference tables a template's flow reads (a static scan; the bindings do not change them). */
function templateLookups(template: FlowTemplate) {
  return tablesOfDocument(template.build(Object.fromEntries(bindingKeys(template).map((key) => [key, key]))));
}

/**
 * "New flow from template": the prebuilt flows with, for each connection they
 * need, the connections of that connector per environment — so the form can offer
 * only usable choices and say where one is missing before the user fills it in —
 * and the cross-reference tables it reads, with those each environment lacks.
 */
export async function listTemplates(db: Db) {
  const [environments, connections, partners] = await Promise.all([listEnvironmentNames(db), listConnectionNames(db), listTradingPartners(db)]);
  const reports = await Promise.all(
    templates.map(async (template) => {
      const use = templateLookups(template);
      const perEnvironment = await Promise.all(environments.map(async (env) => [env.name, await lookupsReport(db, env.name, use)] as const));
      return { tables: use.tables.map((t) => t.name), missing: Object.fromEntries(perEnvironment.map(([env, report]) => [env, report.tables.filter((t) => t.missing).map((t) => t.name)])) };
    }),
  );
  return templates.map((template, i) => ({
    id: template.id,
    name: template.name,
    description: template.description,
    steps: template.steps,
    connections: template.connections.map((needed) => ({
      key: needed.key,
      connectorId: needed.connectorId,
      label: needed.label,
      available: Object.fromEntries(
        environments.map((env) => [env.name, connections.filter((c) => c.environment === env.name && c.connectorId === needed.connectorId).map((c) => c.name)]),
      ),
    })),
    partners: (template.partners ?? []).map((needed) => ({
      key: needed.key,
      label: needed.label,
      sets: needed.sets,
      available: Object.fromEntries(environments.map((env) => [env.name, partners.filter((p) => p.environment === env.name).map((p) => p.name)])),
    })),
    lookups: reports[i]!,
  }));
}

export interface InstallParams {
  templateId: string;
  name: string;
  environment: string;
  /** Template connection (partner) key → connection (trading partner) name in `environment`. */
  bindings: Record<string, string>;
}

/**
 * Creates the template's flow as a draft in `environment`, each connection key
 * bound to a connection by name (names, not ids: promoting the flow to another
 * environment then picks that environment's same-named connections). Bindings are
 * checked here rather than left to the publish-time problems, so a user never
 * lands on a new flow that is broken from the start.
 */
export async function installTemplate(db: Db, actor: AuditActor, params: InstallParams): Promise<{ flowId: string; lookups: LookupsReport }> {
  const template = findTemplate(params.templateId);
  if (!template) throw new NotFoundError(`Template "${params.templateId}" does not exist`);
  await getEnvironment(db, params.environment);
  const partnerIds = await checkBindings(db, template, params.environment, params.bindings);
  if (await findFlowByName(db, params.name)) throw nameTaken(params.name);

  const bindings = Object.fromEntries(bindingKeys(template).map((key) => [key, params.bindings[key]!.trim()]));
  // Installed even when tables are missing (the flow is a draft): the report says what to fill before it can run.
  const lookups = await lookupsReport(db, params.environment, templateLookups(template));
  try {
    return await db.transaction(async (tx) => {
      const { flow } = await createFlow(tx, { name: params.name, description: template.description, definition: template.build({ ...bindings, ...partnerIds }), environment: params.environment, userId: actor.id });
      // Connection names are not secrets; they say what the new flow talks to.
      await writeAudit(tx, actor, {
        action: "flow.create",
        targetType: "flow",
        targetId: flow.id,
        summary: { name: params.name, template: template.id, environment: params.environment, bindings, missingLookups: lookups.tables.filter((t) => t.missing).map((t) => t.name) },
      });
      return { flowId: flow.id, lookups };
    });
  } catch (err) {
    // Another create won the race for the name between the check and the insert.
    if (await findFlowByName(db, params.name)) throw nameTaken(params.name);
    throw err;
  }
}

function nameTaken(name: string) {
  return new ConflictError(`A flow named "${name}" already exists: choose another name`);
}

/**
 * Every key bound, to an existing connection of the key's connector (or trading partner) in the environment; errors name the key.
 * Returns each partner key's partner id: EDI steps and triggers name their partner by id (docs/architecture.md "EDI documents").
 */
async function checkBindings(db: Db, template: FlowTemplate, environment: string, bindings: Record<string, string>): Promise<Record<string, string>> {
  const partnerIds: Record<string, string> = {};
  const keys = new Set(bindingKeys(template));
  const extra = Object.keys(bindings).filter((key) => !keys.has(key));
  if (extra.length > 0) throw new BadRequestError(`bindings.${extra[0]}: the template has no connection or partner "${extra[0]}"`);
  for (const needed of template.partners ?? []) {
    const name = bindings[needed.key]?.trim();
    if (!name) throw new BadRequestError(`bindings.${needed.key}: choose a trading partner for "${needed.label}"`);
    const partner = await findTradingPartnerByName(db, { environment, name });
    if (!partner) throw new BadRequestError(`bindings.${needed.key}: there is no trading partner "${name}" in the ${environment} environment`);
    partnerIds[needed.key] = partner.id;
  }
  for (const needed of template.connections) {
    const name = bindings[needed.key]?.trim();
    if (!name) throw new BadRequestError(`bindings.${needed.key}: choose a ${needed.connectorId} connection for "${needed.label}"`);
    const found = await findConnectionRow(db, { connectionName: name }, environment);
    if (!found) throw new BadRequestError(`bindings.${needed.key}: there is no connection "${name}" in the ${environment} environment`);
    if (found.connectorId !== needed.connectorId) {
      throw new BadRequestError(`bindings.${needed.key}: "${name}" is a ${found.connectorId} connection, but "${needed.label}" needs a ${needed.connectorId} connection`);
    }
  }
  return partnerIds;
}
