import { BadRequestError, ConflictError, connectionNamesById, createFlow, existingMappingIds, findFlowByName, getEnvironment, getFlow, writeAudit, type AuditActor, type Db } from "@ipaas/db";
import { flowDefinitionSchema, type Problem } from "@ipaas/flow";
import { findStandardMapping, standardMappingRef } from "@ipaas/standard-mappings";
import { z } from "zod";
import { embedSavedMappings } from "./embed-mappings";
import { createMissingLookups, flowLookupTableSchema, lookupsForExport, lookupsReport, tablesOfDocument, type LookupsReport } from "./flow-lookups";
import { getVersionDefinition } from "./flow-versions";
import { publishProblems } from "./publish-gate";

/**
 * A flow as a portable JSON document (no secrets, no ids of this installation):
 * connections are referenced by name — the importing installation resolves them
 * in its own environment — and saved mappings are embedded as expressions.
 * Cross-reference tables are referenced by name too (`lookups`), optionally with the
 * exporting environment's entries; the importer reports what its environment lacks.
 */
export const flowDocumentSchema = z.object({
  format: z.literal("ipaas-flow"),
  formatVersion: z.literal(1),
  name: z.string().trim().min(1),
  description: z.string().default(""),
  environment: z.string().optional(),
  definition: flowDefinitionSchema,
  /** The tables the flow reads (absent in documents exported before tables were listed: the importer scans the definition). */
  lookups: z.array(flowLookupTableSchema).optional(),
});
export type FlowDocument = z.infer<typeof flowDocumentSchema>;

/** Thrown for a document that is not JSON or not a flow document: a BAD_REQUEST. */
export class InvalidFlowDocumentError extends BadRequestError {}

/**
 * Fields that only mean something in this installation: saved-mapping references
 * (their expression is embedded). A library reference (`std:<id>`) is the same
 * everywhere, so it travels and the importer keeps the link.
 */
const LOCAL_FIELDS = ["mappingId", "inputMappingId", "mappingVersion"];
const isLocalField = (field: string, value: unknown) => LOCAL_FIELDS.includes(field) && !(typeof value === "string" && standardMappingRef(value) !== null);

type NodeLike = { config?: Record<string, unknown> };

export async function exportFlow(db: Db, params: { flowId: string; version?: number; lookupEntries?: boolean }): Promise<FlowDocument> {
  const flow = await getFlow(db, params.flowId);
  const source = params.version === undefined ? flow.draft : await getVersionDefinition(db, flow.id, params.version);
  const definition = flowDefinitionSchema.parse(await embedSavedMappings(db, source));
  const ids = definition.nodes.map((n) => n.config.connectionId).filter((id): id is string => typeof id === "string" && /^[0-9a-f-]{36}$/i.test(id));
  const names = await connectionNamesById(db, ids);
  const nodes = definition.nodes.map((node) => {
    const { connectionId, ...config } = node.config;
    for (const field of LOCAL_FIELDS) if (isLocalField(field, config[field])) delete config[field];
    // An id is meaningless elsewhere; its connection's name is what the target resolves.
    const name = typeof connectionId === "string" ? names.get(connectionId) : undefined;
    if (name !== undefined && config.connectionName === undefined) config.connectionName = name;
    return { ...node, config };
  });
  const lookups = await lookupsForExport(db, definition, flow.environment, params.lookupEntries ?? false);
  return { format: "ipaas-flow", formatVersion: 1, name: flow.name, description: flow.description, environment: flow.environment, definition: { ...definition, nodes }, lookups };
}

/** Parses a document (a JSON string or an object); the error names the first wrong path. */
export function parseFlowDocument(json: unknown): FlowDocument {
  let value = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json);
    } catch (err) {
      throw new InvalidFlowDocumentError(`The file is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const parsed = flowDocumentSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.length ? i.path.join(".") : "(document)"}: ${i.message}`);
    throw new InvalidFlowDocumentError(`Not a valid flow document — ${issues.join("; ")}`);
  }
  return parsed.data;
}

/** Saved-mapping references that do not exist here (a hand-edited document). */
async function mappingProblems(db: Db, nodes: Array<NodeLike & { id: string }>): Promise<Problem[]> {
  const refs = nodes.flatMap((n, i) =>
    ["mappingId", "inputMappingId"].flatMap((field) => (typeof n.config?.[field] === "string" ? [{ node: n, i, field, id: n.config[field] as string }] : [])),
  );
  const valid = refs.filter((r) => /^[0-9a-f-]{36}$/i.test(r.id)).map((r) => r.id);
  const found = await existingMappingIds(db, valid);
  const exists = (id: string) => {
    const libraryId = standardMappingRef(id);
    return libraryId === null ? found.has(id) : findStandardMapping(libraryId) !== undefined;
  };
  return refs
    .filter((r) => !exists(r.id))
    .map((r) => ({ nodeId: r.node.id, path: `nodes.${r.i}.config.${r.field}`, code: "unknown_mapping", message: `Saved mapping ${r.id} does not exist here; use an inline expression` }));
}

/**
 * Imports a document as a new draft flow in `environment`. It is created even when
 * it has problems (unknown connections, broken expressions): they are returned for
 * the user to fix, and publish refuses until they are.
 */
export async function importFlow(db: Db, actor: AuditActor, params: { json: unknown; name?: string; environment: string }): Promise<{ flowId: string; problems: Problem[]; lookups: LookupsReport }> {
  const doc = parseFlowDocument(params.json);
  const name = params.name?.trim() || doc.name;
  await getEnvironment(db, params.environment);
  if (await findFlowByName(db, name)) throw new ConflictError(`A flow named "${name}" already exists; import it under another name`);
  const { flow } = await createFlow(db, { name, description: doc.description, definition: doc.definition, environment: params.environment, userId: actor.id });
  const problems = [...(await publishProblems(db, doc.definition, params.environment)), ...(await mappingProblems(db, doc.definition.nodes))];
  const lookups = await lookupsReport(db, params.environment, tablesOfDocument(doc.definition, doc.lookups));
  const missingLookups = lookups.tables.filter((t) => t.missing).map((t) => t.name);
  await writeAudit(db, actor, { action: "flow.import", targetType: "flow", targetId: flow.id, summary: { name, environment: params.environment, problems: problems.length, missingLookups } });
  return { flowId: flow.id, problems, lookups };
}

/** The importer's "create them": the document's missing tables created in `environment`, the keys it carries and the environment lacks added. */
export async function importFlowLookups(db: Db, actor: AuditActor, params: { json: unknown; environment: string }) {
  const doc = parseFlowDocument(params.json);
  return createMissingLookups(db, actor, { environment: params.environment, use: tablesOfDocument(doc.definition, doc.lookups), reason: `import of flow "${doc.name}"` });
}
