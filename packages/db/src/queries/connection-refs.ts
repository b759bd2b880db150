import { and, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { connections } from "../schema";

/*
 * The designer's reads of how flows refer to connections (docs/architecture.md
 * "Connections and the outbound policy"): by id, or by name within the flow's
 * environment, so a flow promoted to another environment uses that environment's
 * connection of the same name. One reference: findConnectionRow (connection-resolution.ts).
 */

/**
 * True when a flow definition has a node whose `config.<field>` equals `value`
 * (a text parameter, or a column such as the connection's id or name).
 */
export function definitionRefersTo(definition: SQL, field: "connectionId" | "connectionName", value: SQL | string): SQL<boolean> {
  return sql<boolean>`coalesce(jsonb_path_exists(${definition}, ${`$.nodes[*].config.${field} ? (@ == $v)`}::jsonpath, jsonb_build_object('v', ${value}::text)), false)`;
}

/** The connections any of `ids` (in any environment) or `names` (in `environment`) name, in one query; no secrets. */
export async function findConnectionsByRefs(db: Db, params: { ids: string[]; names: string[]; environment: string }) {
  const { ids, names, environment } = params;
  return db
    .select({ id: connections.id, name: connections.name, connectorId: connections.connectorId, environment: connections.environment })
    .from(connections)
    .where(or(ids.length ? inArray(connections.id, ids) : undefined, names.length ? and(eq(connections.environment, environment), inArray(connections.name, names)) : undefined));
}

/** Connection id → name, for the ids that exist (an export names connections instead of using this installation's ids). */
export async function connectionNamesById(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: connections.id, name: connections.name }).from(connections).where(inArray(connections.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Every connection's name, connector and environment, by name: what a form offers to bind. */
export async function listConnectionNames(db: Db): Promise<Array<{ name: string; connectorId: string; environment: string }>> {
  return db
    .select({ name: connections.name, connectorId: connections.connectorId, environment: connections.environment })
    .from(connections)
    .orderBy(connections.name);
}
