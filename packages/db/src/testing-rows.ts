import { and, eq, getTableColumns, isNull, type InferInsertModel, type InferSelectModel, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db, Schema } from "./client";
import * as schema from "./schema";

/**
 * Fixture rows for tests, by table name: a test sets up exactly the rows it needs
 * (a dead run created an hour ago, a connection with pre-sealed secrets) and reads
 * back what the code under test stored, without writing SQL outside packages/db
 * (docs/architecture.md "Layering rules"). Filters are column equality (null: is null).
 */

export type TableName = { [K in keyof Schema]: Schema[K] extends PgTable ? K : never }[keyof Schema];
type TableOf<N extends TableName> = Schema[N] extends PgTable ? Schema[N] : never;
/** A stored row of `N`, as select returns it. */
export type TableRow<N extends TableName> = InferSelectModel<TableOf<N>>;
/** What an insert into `N` takes (defaults may be left out). */
export type NewTableRow<N extends TableName> = InferInsertModel<TableOf<N>>;

const tableOf = (name: TableName): PgTable => schema[name] as PgTable;

function matching(table: PgTable, where: Record<string, unknown>): SQL | undefined {
  const columns = getTableColumns(table);
  return and(
    ...Object.entries(where).map(([key, value]) => {
      const column = columns[key];
      if (!column) throw new Error(`${key} is not a column of this table`);
      return value === null ? isNull(column) : eq(column, value);
    }),
  );
}

export async function insertRows<N extends TableName>(db: Db, table: N, values: Array<NewTableRow<N>>): Promise<Array<TableRow<N>>> {
  return (await db.insert(tableOf(table)).values(values as never).returning()) as Array<TableRow<N>>;
}

export async function insertRow<N extends TableName>(db: Db, table: N, values: NewTableRow<N>): Promise<TableRow<N>> {
  const [row] = await insertRows(db, table, [values]);
  return row!;
}

/** The rows whose columns equal `where` (every row without it), in no particular order. */
export async function selectRows<N extends TableName>(db: Db, table: N, where: Partial<TableRow<N>> = {}): Promise<Array<TableRow<N>>> {
  return (await db.select().from(tableOf(table)).where(matching(tableOf(table), where))) as Array<TableRow<N>>;
}

export async function updateRows<N extends TableName>(db: Db, table: N, where: Partial<TableRow<N>>, set: Partial<NewTableRow<N>>): Promise<Array<TableRow<N>>> {
  return (await db.update(tableOf(table)).set(set as never).where(matching(tableOf(table), where)).returning()) as Array<TableRow<N>>;
}

export async function deleteRows<N extends TableName>(db: Db, table: N, where: Partial<TableRow<N>> = {}): Promise<void> {
  await db.delete(tableOf(table)).where(matching(tableOf(table), where));
}
