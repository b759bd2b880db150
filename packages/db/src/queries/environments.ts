import { asc, count, eq } from "drizzle-orm";
import type { Db } from "../client";
import { connections, environments } from "../schema";
import { writeAudit, type AuditActor } from "./audit";
import { isUniqueViolation } from "./pg-errors";
import { ConflictError, NotFoundError } from "../errors";

/** A slug: it appears in URLs, config files and `flows.environment`, so no spaces or capitals. */
export const ENVIRONMENT_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export interface EnvironmentView {
  name: string;
  description: string;
  createdAt: Date;
  connectionCount: number;
}

export async function listEnvironments(db: Db): Promise<EnvironmentView[]> {
  return db
    .select({ name: environments.name, description: environments.description, createdAt: environments.createdAt, connectionCount: count(connections.id) })
    .from(environments)
    .leftJoin(connections, eq(connections.environment, environments.name))
    .groupBy(environments.name)
    .orderBy(asc(environments.createdAt), asc(environments.name));
}

/** An environment by name; NotFoundError names it when there is none (a flow, import or template must land in one that exists). */
export async function getEnvironment(db: Db, name: string) {
  const [env] = await db.select().from(environments).where(eq(environments.name, name));
  if (!env) throw new NotFoundError(`Environment "${name}" does not exist`);
  return env;
}

/** Every environment's name, alphabetically. */
export async function listEnvironmentNames(db: Db): Promise<Array<{ name: string }>> {
  return db.select({ name: environments.name }).from(environments).orderBy(environments.name);
}

export async function createEnvironment(db: Db, params: { name: string; description?: string; actor: AuditActor | null }): Promise<EnvironmentView> {
  if (!ENVIRONMENT_NAME_PATTERN.test(params.name)) throw new Error(`Environment name "${params.name}" must be lower-case letters, digits and dashes`);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(environments)
        .values({ name: params.name, description: params.description ?? "" })
        .returning();
      if (!row) throw new Error("insert returned no row");
      await writeAudit(tx, params.actor, { action: "environment.create", targetType: "environment", targetId: row.name, summary: { name: row.name, description: row.description } });
      return { ...row, connectionCount: 0 };
    });
  } catch (err) {
    if (isUniqueViolation(err, "environments_pkey")) throw new ConflictError(`An environment named "${params.name}" already exists`);
    throw err;
  }
}
