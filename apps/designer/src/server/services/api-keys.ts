import {
  ConflictError,
  createApiKey,
  flowNames,
  getApiKey,
  listApiKeys,
  NotFoundError,
  revokeApiKey,
  updateApiKey,
  writeAudit,
  type AuditActor,
  type Db,
} from "@ipaas/db";

/** Which flows a key may invoke; null means every flow. */
type FlowScope = string[] | null;

export function listApiKeysForAdmin(db: Db) {
  return listApiKeys(db);
}

/**
 * The scope as the audit log records it: ids plus names, so the entry still reads
 * well after a flow is renamed or deleted. Unknown flow ids are refused here
 * rather than stored as a scope that can never match.
 */
async function describeScope(db: Db, flowIds: FlowScope) {
  if (flowIds === null) return { flowIds: null, flowNames: "all flows" as const };
  const names = await flowNames(db, flowIds);
  const missing = flowIds.find((id) => !names.has(id));
  if (missing) throw new NotFoundError(`Flow ${missing} does not exist`);
  return { flowIds, flowNames: flowIds.map((id) => names.get(id) ?? id) };
}

/**
 * Creates a key and its audit row in one transaction. The plaintext key is in the
 * return value only: shown once by the UI, never stored, never audited.
 */
export async function createApiKeyAudited(db: Db, actor: AuditActor, params: { name: string; flowIds: FlowScope; rateLimitPerMinute: number }) {
  const flowIds = params.flowIds === null ? null : [...new Set(params.flowIds)];
  return db.transaction(async (tx) => {
    const scope = await describeScope(tx, flowIds);
    const created = await createApiKey(tx, { name: params.name, flowIds, rateLimitPerMinute: params.rateLimitPerMinute, createdBy: actor.id });
    await writeAudit(tx, actor, {
      action: "apiKey.create",
      targetType: "apiKey",
      targetId: created.id,
      summary: { name: params.name, prefix: created.prefix, ...scope, rateLimitPerMinute: params.rateLimitPerMinute },
    });
    return created;
  });
}

/** Revokes a key (the runtime refuses it from the next request on), audited. */
export async function revokeApiKeyAudited(db: Db, actor: AuditActor, id: string) {
  return db.transaction(async (tx) => {
    const key = await getApiKey(tx, id);
    if (!key) throw new NotFoundError(`API key ${id} does not exist`);
    // The update only matches a live key, so of two concurrent revokes one gets the conflict.
    if (!(await revokeApiKey(tx, id))) throw new ConflictError(`API key ${key.prefix} is already revoked`);
    await writeAudit(tx, actor, {
      action: "apiKey.revoke",
      targetType: "apiKey",
      targetId: id,
      summary: { name: key.name, prefix: key.prefix, flowIds: key.flowIds, rateLimitPerMinute: key.rateLimitPerMinute },
    });
    return { id, prefix: key.prefix };
  });
}

/** Changes scope and/or rate limit of a live key; the audit row holds before and after. */
export async function updateApiKeyAudited(db: Db, actor: AuditActor, params: { id: string; flowIds?: FlowScope; rateLimitPerMinute?: number }) {
  const flowIds = params.flowIds === undefined || params.flowIds === null ? params.flowIds : [...new Set(params.flowIds)];
  return db.transaction(async (tx) => {
    const scope = flowIds === undefined ? null : await describeScope(tx, flowIds);
    const changed = await updateApiKey(tx, params.id, { flowIds, rateLimitPerMinute: params.rateLimitPerMinute });
    if (!changed) throw new NotFoundError(`API key ${params.id} does not exist`);
    const { before, after } = changed;
    if (before.revokedAt) throw new ConflictError(`API key ${before.prefix} is revoked; create a new one instead`);
    await writeAudit(tx, actor, {
      action: "apiKey.update",
      targetType: "apiKey",
      targetId: params.id,
      summary: {
        name: before.name,
        prefix: before.prefix,
        before: { flowIds: before.flowIds, rateLimitPerMinute: before.rateLimitPerMinute },
        after: { flowIds: after.flowIds, ...(scope ? { flowNames: scope.flowNames } : {}), rateLimitPerMinute: after.rateLimitPerMinute },
      },
    });
    return { id: params.id, prefix: after.prefix };
  });
}
