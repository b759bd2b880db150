import { createMapping, deleteMapping, getMapping, updateMapping, writeAudit, type AuditActor, type Db, type MappingFields, type MappingRow } from "@ipaas/db";

/**
 * Mapping create/update/delete with their audit rows, each in one transaction: a
 * change and its record commit together or not at all. The summary says what
 * changed without copying the mapping: names and schema as values, the
 * expression, sample and tests by size only (they can be large, and samples are
 * customer data).
 */

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
// The query functions take a Db; a transaction handle offers the same query API.
const asDb = (tx: Tx) => tx as unknown as Db;

/** What the audit log keeps of a mapping's state. */
function snapshot(row: MappingRow) {
  return {
    name: row.name,
    targetSchema: row.targetSchema,
    version: row.version,
    expressionChars: row.expression.length,
    tests: row.tests.length,
    hasSample: row.sourceSample !== null && row.sourceSample !== undefined,
  };
}

/** Fields whose stored value differs between two versions of a mapping. */
function changedFields(before: MappingRow, after: MappingRow): string[] {
  const fields = ["name", "description", "targetSchema", "expression", "sourceSample", "tests"] as const;
  return fields.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
}

/** `origin` says where a copy came from (a library mapping's `std:<id>` and version). */
export async function createMappingAudited(db: Db, actor: AuditActor, fields: MappingFields, origin?: Record<string, unknown>): Promise<MappingRow> {
  return db.transaction(async (tx) => {
    const row = await createMapping(asDb(tx), { ...fields, userId: actor.id });
    await writeAudit(tx, actor, { action: "mapping.create", targetType: "mapping", targetId: row.id, summary: { after: snapshot(row), ...origin } });
    return row;
  });
}

export async function updateMappingAudited(db: Db, actor: AuditActor, params: { id: string; version: number } & Partial<MappingFields>): Promise<MappingRow> {
  return db.transaction(async (tx) => {
    const before = await getMapping(asDb(tx), params.id);
    const row = await updateMapping(asDb(tx), { ...params, userId: actor.id });
    await writeAudit(tx, actor, {
      action: "mapping.update",
      targetType: "mapping",
      targetId: row.id,
      summary: { changed: changedFields(before, row), before: snapshot(before), after: snapshot(row) },
    });
    return row;
  });
}

export async function deleteMappingAudited(db: Db, actor: AuditActor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await getMapping(asDb(tx), id);
    await deleteMapping(asDb(tx), id);
    await writeAudit(tx, actor, { action: "mapping.delete", targetType: "mapping", targetId: id, summary: { before: snapshot(before) } });
  });
}
