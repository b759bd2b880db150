import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { mappings } from "../schema";
import { ConflictError, NotFoundError } from "../errors";

export type MappingRow = typeof mappings.$inferSelect;

/** One test case of a mapping: the engine's runner evaluates `input` and compares with `expected`. */
export type MappingTestCase = MappingRow["tests"][number];

export interface MappingFields {
  name: string;
  description?: string;
  sourceSample?: unknown;
  targetSchema?: string | null;
  expression: string;
  tests?: MappingTestCase[];
}

export interface MappingSummary {
  id: string;
  name: string;
  description: string;
  targetSchema: string | null;
  version: number;
  testCount: number;
  updatedAt: Date;
}

/** The list page's rows: no samples or test payloads (they can be large). */
export async function listMappings(db: Db): Promise<MappingSummary[]> {
  return db
    .select({
      id: mappings.id,
      name: mappings.name,
      description: mappings.description,
      targetSchema: mappings.targetSchema,
      version: mappings.version,
      testCount: sql<number>`jsonb_array_length(${mappings.tests})::int`,
      updatedAt: mappings.updatedAt,
    })
    .from(mappings)
    .orderBy(asc(sql`lower(${mappings.name})`));
}

export async function getMapping(db: Db, id: string): Promise<MappingRow> {
  const [row] = await db.select().from(mappings).where(eq(mappings.id, id)).limit(1);
  if (!row) throw new NotFoundError(`Mapping ${id} does not exist`);
  return row;
}

export async function createMapping(db: Db, params: MappingFields & { userId?: string | null }): Promise<MappingRow> {
  const [row] = await uniqueName(params.name, () =>
    db
      .insert(mappings)
      .values({
        name: params.name,
        description: params.description ?? "",
        sourceSample: params.sourceSample ?? null,
        targetSchema: params.targetSchema ?? null,
        expression: params.expression,
        tests: params.tests ?? [],
        updatedBy: params.userId ?? null,
      })
      .returning(),
  );
  if (!row) throw new Error("insert returned no row");
  return row;
}

/**
 * Saves an edit made on top of `version`. The compare-and-set happens in the
 * UPDATE's WHERE clause, so two editors saving at once cannot both win: the
 * second one matches no row and gets a ConflictError naming the current version.
 */
export async function updateMapping(
  db: Db,
  params: { id: string; version: number; userId?: string | null } & Partial<MappingFields>,
): Promise<MappingRow> {
  const { id, version, userId, ...fields } = params;
  const [row] = await uniqueName(fields.name, () =>
    db
      .update(mappings)
      .set({
        ...(fields.name !== undefined && { name: fields.name }),
        ...(fields.description !== undefined && { description: fields.description }),
        ...(fields.sourceSample !== undefined && { sourceSample: fields.sourceSample }),
        ...(fields.targetSchema !== undefined && { targetSchema: fields.targetSchema }),
        ...(fields.expression !== undefined && { expression: fields.expression }),
        ...(fields.tests !== undefined && { tests: fields.tests }),
        version: sql`${mappings.version} + 1`,
        updatedBy: userId ?? null,
        updatedAt: sql`now()`,
      })
      .where(and(eq(mappings.id, id), eq(mappings.version, version)))
      .returning(),
  );
  if (row) return row;
  const current = await getMapping(db, id); // NotFoundError when it was deleted meanwhile
  throw new ConflictError(`Mapping "${current.name}" was changed by someone else (now version ${current.version}, you edited version ${version}). Reload it and apply your change again.`);
}

export async function deleteMapping(db: Db, id: string): Promise<void> {
  const deleted = await db.delete(mappings).where(eq(mappings.id, id)).returning({ id: mappings.id });
  if (deleted.length === 0) throw new NotFoundError(`Mapping ${id} does not exist`);
}

/** Turns the unique-name violation into a ConflictError the UI can show as is. */
async function uniqueName<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err, "mappings_name_key")) throw new ConflictError(`A mapping named "${name}" already exists`);
    throw err;
  }
}

/** node-postgres errors carry the SQLSTATE; drizzle may wrap them in `cause`. */
function isUniqueViolation(err: unknown, constraint: string): boolean {
  for (let e = err; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const pgErr = e as { code?: string; constraint?: string };
    if (pgErr.code === "23505" && pgErr.constraint === constraint) return true;
  }
  return false;
}

/** Which of `ids` name a saved mapping here (an imported document may reference ones that do not). */
export async function existingMappingIds(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: mappings.id }).from(mappings).where(inArray(mappings.id, ids));
  return new Set(rows.map((r) => r.id));
}
