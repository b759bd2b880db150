import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { connections, flows, flowVersions } from "../schema";
import type { KeyRing } from "../secrets";
import { mergeSecrets, sealSecrets as seal, secretsView, splitSecretEdits } from "./sealed-secrets";
import { writeAudit, type AuditActor } from "./audit";
import { definitionRefersTo } from "./connection-refs";
import { ConflictError, NotFoundError } from "../errors";
import { isForeignKeyViolation, isUniqueViolation } from "./pg-errors";


/** Secret fields whose expiry the runtime tracks in `tokenExpiresAt` (OAuth-style connectors). */
const OAUTH_TOKEN_FIELDS = new Set(["accessToken", "refreshToken"]);

export type ConnectionRow = typeof connections.$inferSelect;

/**
 * What every read path returns (docs/architecture.md "Connections and the outbound policy": secrets are write-only):
 * the non-secret config, and for each secret field only that it is set and when.
 */
export interface ConnectionView {
  id: string;
  name: string;
  connectorId: string;
  environment: string;
  config: Record<string, unknown>;
  secrets: Record<string, { set: true; updatedAt: Date | null }>;
  tokenExpiresAt: Date | null;
  lastTestedAt: Date | null;
  lastTestStatus: string | null;
  lastTestMessage: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A flow whose current draft or published version uses a connection, and how it refers to it. */
export interface ConnectionUsage {
  flowId: string;
  flowName: string;
  environment: string;
  inPublished: boolean;
  inDraft: boolean;
}

export { EncryptionKeyMissingError } from "./sealed-secrets";

/** The one masking function: a stored row (with sealed secrets) becomes the API shape. */
export function toConnectionView(row: ConnectionRow): ConnectionView {
  const secrets = secretsView(row.secrets, row.secretsUpdatedAt);
  return {
    id: row.id,
    name: row.name,
    connectorId: row.connectorId,
    environment: row.environment,
    config: row.config as Record<string, unknown>,
    secrets,
    tokenExpiresAt: row.tokenExpiresAt,
    lastTestedAt: row.lastTestedAt,
    lastTestStatus: row.lastTestStatus,
    lastTestMessage: row.lastTestMessage,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function listConnections(db: Db, filter: { environment?: string; connectorId?: string } = {}): Promise<ConnectionView[]> {
  const where: SQL[] = [];
  if (filter.environment !== undefined) where.push(eq(connections.environment, filter.environment));
  if (filter.connectorId !== undefined) where.push(eq(connections.connectorId, filter.connectorId));
  const rows = await db
    .select()
    .from(connections)
    .where(and(...where))
    .orderBy(asc(connections.environment), asc(sql`lower(${connections.name})`));
  return rows.map(toConnectionView);
}

export async function getConnection(db: Db, id: string): Promise<ConnectionView> {
  return toConnectionView(await getConnectionRow(db, id));
}

/** The stored row with its sealed secrets: for the server only (testing a connection), never for a response. */
export async function getConnectionRow(db: Db | Tx, id: string, options: { forUpdate?: boolean } = {}): Promise<ConnectionRow> {
  const query = db.select().from(connections).where(eq(connections.id, id)).limit(1);
  const [row] = options.forUpdate ? await query.for("update") : await query;
  if (!row) throw new NotFoundError(`Connection ${id} does not exist`);
  return row;
}

export async function createConnection(
  db: Db,
  params: { name: string; connectorId: string; environment: string; config: Record<string, unknown>; secrets: Record<string, string>; keyRing: KeyRing | null; actor: AuditActor | null },
): Promise<ConnectionView> {
  const now = new Date().toISOString();
  const sealed = seal(params.keyRing, params.secrets);
  return withConstraintErrors(params, () =>
    db.transaction(async (tx) => {
      const [row] = await tx
        .insert(connections)
        .values({
          name: params.name,
          connectorId: params.connectorId,
          environment: params.environment,
          config: params.config,
          secrets: sealed,
          secretsUpdatedAt: Object.fromEntries(Object.keys(sealed).map((field) => [field, now])),
          createdBy: params.actor?.id ?? null,
          updatedBy: params.actor?.id ?? null,
        })
        .returning();
      if (!row) throw new Error("insert returned no row");
      await writeAudit(tx, params.actor, {
        action: "connection.create",
        targetType: "connection",
        targetId: row.id,
        summary: { name: row.name, connectorId: row.connectorId, environment: row.environment, config: params.config, secrets: Object.keys(sealed) },
      });
      return toConnectionView(row);
    }),
  );
}

/**
 * An edit. `config` (when given) replaces the whole config. In `secrets`, a string
 * is sealed anew (fresh IV) and stamped, null clears the field, and an absent
 * field keeps its value. A rename is refused while flows refer to the old name.
 */
export async function updateConnection(
  db: Db,
  params: { id: string; name?: string; config?: Record<string, unknown>; secrets?: Record<string, string | null>; keyRing: KeyRing | null; actor: AuditActor | null },
): Promise<ConnectionView> {
  return writeSecrets(db, { ...params, action: "connection.update" });
}

/** Replaces secret values (e.g. a regenerated API token) without touching anything else; audited as a rotation. */
export async function rotateConnectionSecrets(
  db: Db,
  params: { id: string; secrets: Record<string, string>; keyRing: KeyRing | null; actor: AuditActor | null },
): Promise<ConnectionView> {
  if (Object.keys(params.secrets).length === 0) throw new Error("Rotation needs at least one secret value");
  return writeSecrets(db, { ...params, action: "connection.rotate" });
}

async function writeSecrets(
  db: Db,
  params: { id: string; name?: string; config?: Record<string, unknown>; secrets?: Record<string, string | null>; keyRing: KeyRing | null; actor: AuditActor | null; action: string },
): Promise<ConnectionView> {
  const { replaced, cleared } = splitSecretEdits(params.secrets ?? {});
  const sealed = seal(params.keyRing, replaced); // before the transaction: a missing key fails without a round trip
  return withConstraintErrors({ name: params.name ?? "", environment: "" }, () =>
    db.transaction(async (tx) => {
      const before = await getConnectionRow(tx, params.id, { forUpdate: true });
      const renamed = params.name !== undefined && params.name !== before.name;
      if (renamed) {
        const byName = (await usageOf(tx, before)).filter((u) => u.byName);
        if (byName.length > 0) throw new ConflictError(`Connection "${before.name}" cannot be renamed: ${describeFlows(byName)} refer to it by name`);
      }
      const { secrets, secretsUpdatedAt: stamps } = mergeSecrets(before, sealed, cleared);
      const [row] = await tx
        .update(connections)
        .set({
          ...(params.name !== undefined && { name: params.name }),
          ...(params.config !== undefined && { config: params.config }),
          secrets,
          secretsUpdatedAt: stamps,
          // New OAuth tokens typed in by hand: their expiry is unknown, so the runtime refreshes on next use.
          ...([...Object.keys(sealed), ...cleared].some((f) => OAUTH_TOKEN_FIELDS.has(f)) && { tokenExpiresAt: null }),
          updatedBy: params.actor?.id ?? null,
          updatedAt: sql`now()`,
        })
        .where(eq(connections.id, params.id))
        .returning();
      if (!row) throw new NotFoundError(`Connection ${params.id} does not exist`);
      const summary: Record<string, unknown> = { name: row.name };
      if (renamed) summary.renamed = { before: before.name, after: row.name };
      const config = configChanges(before.config as Record<string, unknown>, row.config as Record<string, unknown>);
      if (Object.keys(config).length > 0) summary.config = config;
      // Names of the fields only: the values (even sealed) stay out of the audit log.
      if (Object.keys(sealed).length > 0) summary.secretsReplaced = Object.keys(sealed);
      if (cleared.length > 0) summary.secretsCleared = cleared;
      await writeAudit(tx, params.actor, { action: params.action, targetType: "connection", targetId: row.id, summary });
      return toConnectionView(row);
    }),
  );
}

/** Deletes a connection unless a flow's draft or published version uses it (the message names them). */
export async function deleteConnection(db: Db, params: { id: string; actor: AuditActor | null }): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await getConnectionRow(tx, params.id, { forUpdate: true });
    const usage = await usageOf(tx, row);
    if (usage.length > 0) throw new ConflictError(`Connection "${row.name}" is used by ${describeFlows(usage)}; change those flows first`);
    await tx.delete(connections).where(eq(connections.id, row.id));
    await writeAudit(tx, params.actor, {
      action: "connection.delete",
      targetType: "connection",
      targetId: row.id,
      summary: { name: row.name, connectorId: row.connectorId, environment: row.environment },
    });
  });
}

/** Flows whose draft or published version uses the connection. */
export async function connectionUsage(db: Db, id: string): Promise<ConnectionUsage[]> {
  const usage = await usageOf(db, await getConnectionRow(db, id));
  return usage.map(({ byName: _byName, ...u }) => u);
}

/** Stores the outcome of a connection test (the message is the connector's, free of secrets) and audits it. */
export async function recordConnectionTest(db: Db, params: { id: string; ok: boolean; message: string; actor: AuditActor | null }): Promise<ConnectionView> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(connections)
      .set({ lastTestedAt: sql`now()`, lastTestStatus: params.ok ? "ok" : "failed", lastTestMessage: params.message })
      .where(eq(connections.id, params.id))
      .returning();
    if (!row) throw new NotFoundError(`Connection ${params.id} does not exist`);
    await writeAudit(tx, params.actor, { action: "connection.test", targetType: "connection", targetId: row.id, summary: { name: row.name, ok: params.ok, message: params.message } });
    return toConnectionView(row);
  });
}

/** Before/after of each config key that changed (added keys have no `before`, removed ones no `after`). */
function configChanges(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, { before?: unknown; after?: unknown }> {
  const changes: Record<string, { before?: unknown; after?: unknown }> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { before: before[key], after: after[key] };
  }
  return changes;
}

/**
 * Action and trigger nodes refer to a connection by `config.connectionId`, or by
 * `config.connectionName` resolved in the flow's own environment (so promotion
 * copies no secrets). Both the draft and the published version count: the draft
 * will be published, the published version runs now.
 */
async function usageOf(db: Db | Tx, connection: ConnectionRow): Promise<Array<ConnectionUsage & { byName: boolean }>> {
  const published = sql`${flowVersions.definition}`;
  const refersTo = definitionRefersTo;
  const sameEnvironment = sql`${flows.environment} = ${connection.environment}`;
  const uses = (definition: SQL) => sql`(${refersTo(definition, "connectionId", connection.id)} or (${sameEnvironment} and ${refersTo(definition, "connectionName", connection.name)}))`;
  const draft = sql`${flows.draft}`;
  const rows = await db
    .select({
      flowId: flows.id,
      flowName: flows.name,
      environment: flows.environment,
      inPublished: sql<boolean>`${uses(published)}`,
      inDraft: sql<boolean>`${uses(draft)}`,
      byName: sql<boolean>`${sameEnvironment} and (${refersTo(published, "connectionName", connection.name)} or ${refersTo(draft, "connectionName", connection.name)})`,
    })
    .from(flows)
    .leftJoin(flowVersions, eq(flowVersions.id, flows.publishedVersionId))
    .where(sql`${uses(published)} or ${uses(draft)}`)
    .orderBy(asc(flows.name));
  return rows;
}

function describeFlows(usage: Array<Pick<ConnectionUsage, "flowName" | "inPublished">>): string {
  const names = usage.map((u) => `"${u.flowName}"${u.inPublished ? "" : " (draft)"}`);
  return `${usage.length === 1 ? "flow" : "flows"} ${names.join(", ")}`;
}

/** Unique name per environment and the environment's existence, as messages the UI can show. */
async function withConstraintErrors<T>(params: { name: string; environment: string }, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err, "connections_env_name_key")) throw new ConflictError(`A connection named "${params.name}" already exists in this environment`);
    if (isForeignKeyViolation(err, "connections_environment_environments_name_fk")) throw new NotFoundError(`Environment "${params.environment}" does not exist`);
    throw err;
  }
}
