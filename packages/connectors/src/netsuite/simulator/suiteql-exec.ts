import { parseSuiteQL, QueryError, type Cond, type Expr } from "./suiteql-parser";
import { tranType, type NetSuiteStore, type RecordType } from "./store";

type Value = string | number | Date | undefined;
type Row = Record<string, Value>;

const ref = (v: unknown): string | undefined => (v && typeof v === "object" && "id" in v ? String((v as { id: unknown }).id) : undefined);
const date = (iso: string | undefined) => (iso ? new Date(iso) : undefined);
const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));

/** Columns of each table, so a misspelt column is an error even when no row matches. */
const COLUMNS: Record<string, string[]> = {
  item: ["id", "itemid", "displayname", "itemtype", "isinactive", "externalid", "lastmodifieddate"],
  customer: ["id", "entityid", "companyname", "firstname", "lastname", "email", "externalid", "lastmodifieddate"],
  location: ["id", "name", "isinactive"],
  transaction: ["id", "tranid", "type", "externalid", "entity", "otherrefnum", "createdfrom", "trandate", "createddate", "lastmodifieddate"],
  inventorybalance: ["item", "location", "quantityonhand", "quantityavailable"],
};

function checkColumns(e: Expr, table: string, columns: string[]): void {
  if (e.kind === "col" && !columns.includes(e.name)) throw new QueryError(`Search error occurred: Field '${e.name}' for record '${table}' was not found.`);
  if (e.kind === "fn") for (const a of e.args) checkColumns(a, table, columns);
}

/** The analytics tables the simulator serves, derived from the record store. */
function tables(store: NetSuiteStore): Record<string, () => Row[]> {
  const committed = new Map<string, number>();
  for (const so of store.list("salesOrder")) {
    const lines = (so.fields.item as { items?: Array<Record<string, unknown>> } | undefined)?.items ?? [];
    for (const l of lines) {
      const key = `${ref(l.item)}@${ref(so.fields.location) ?? "3"}`;
      const shipped = l.quantityFulfilled === undefined ? 0 : Number(l.quantityFulfilled);
      committed.set(key, (committed.get(key) ?? 0) + Math.max(0, Number(l.quantity ?? 0) - shipped));
    }
  }
  const items = (type: RecordType, code: string) =>
    store.list(type).map((r) => ({
      id: r.id, itemid: str(r.fields.itemId), displayname: str(r.fields.displayName), itemtype: code,
      isinactive: r.fields.isInactive ? "T" : "F", externalid: r.externalId, lastmodifieddate: date(r.lastModifiedDate),
    }));
  return {
    item: () => [...items("inventoryItem", "InvtPart"), ...items("discountItem", "Discount")],
    customer: () =>
      store.list("customer").map((r) => ({
        id: r.id, entityid: str(r.fields.entityId), companyname: str(r.fields.companyName), firstname: str(r.fields.firstName),
        lastname: str(r.fields.lastName), email: str(r.fields.email), externalid: r.externalId, lastmodifieddate: date(r.lastModifiedDate),
      })),
    location: () => store.list("location").map((r) => ({ id: r.id, name: str(r.fields.name), isinactive: "F" })),
    transaction: () =>
      (["salesOrder", "invoice", "itemFulfillment"] as const).flatMap((type) =>
        store.list(type).map((r) => ({
          id: r.id, tranid: str(r.fields.tranId), type: tranType[type], externalid: r.externalId, entity: ref(r.fields.entity),
          otherrefnum: str(r.fields.otherRefNum), createdfrom: ref(r.fields.createdFrom), trandate: date(str(r.fields.tranDate)),
          createddate: date(r.createdDate), lastmodifieddate: date(r.lastModifiedDate),
        })),
      ),
    inventorybalance: () =>
      [...store.stock].flatMap(([item, byLocation]) =>
        [...byLocation].map(([location, onHand]) => ({
          item, location, quantityonhand: onHand, quantityavailable: Math.max(0, onHand - (committed.get(`${item}@${location}`) ?? 0)),
        })),
      ),
  };
}

const FMT = /"([^"]*)"|YYYY|MM|DD|HH24|MI|SS/g;
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

function toChar(d: Date, fmt: string): string {
  const parts: Record<string, string> = {
    YYYY: pad(d.getUTCFullYear(), 4), MM: pad(d.getUTCMonth() + 1), DD: pad(d.getUTCDate()),
    HH24: pad(d.getUTCHours()), MI: pad(d.getUTCMinutes()), SS: pad(d.getUTCSeconds()),
  };
  return fmt.replace(FMT, (m, literal: string | undefined) => literal ?? parts[m] ?? m);
}

function toTimestamp(text: string, fmt: string): Date {
  const names: string[] = [];
  const source = fmt.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(FMT, (m, literal: string | undefined) => {
    if (literal !== undefined) return literal;
    names.push(m);
    return m === "YYYY" ? "(\\d{4})" : "(\\d{1,2})";
  });
  const match = new RegExp(`^${source}$`).exec(text);
  if (!match) throw new QueryError(`Date '${text}' does not match format '${fmt}'`);
  const get = (n: string) => Number(match[names.indexOf(n) + 1] ?? 0);
  return new Date(Date.UTC(get("YYYY"), (get("MM") || 1) - 1, get("DD") || 1, get("HH24"), get("MI"), get("SS")));
}

function evaluate(e: Expr, row: Row, table: string): Value {
  if (e.kind === "lit") return e.value;
  if (e.kind === "col") {
    if (!(e.name in row)) throw new QueryError(`Search error occurred: Field '${e.name}' for record '${table}' was not found.`);
    return row[e.name];
  }
  const args = e.args.map((a) => evaluate(a, row, table));
  const [a, b] = args;
  switch (e.name) {
    case "TO_CHAR":
      return a instanceof Date ? toChar(a, String(b ?? "YYYY-MM-DD")) : str(a);
    case "TO_TIMESTAMP":
    case "TO_DATE":
      return a === undefined ? undefined : toTimestamp(String(a), String(b ?? "YYYY-MM-DD HH24:MI:SS"));
    case "UPPER":
      return a === undefined ? undefined : String(a).toUpperCase();
    default:
      return a === undefined ? undefined : String(a).toLowerCase();
  }
}

function compare(a: Value, b: Value): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  if (a instanceof Date || b instanceof Date) return new Date(a).getTime() - new Date(b).getTime();
  const na = Number(a);
  const nb = Number(b);
  if (a !== "" && b !== "" && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function matches(c: Cond, row: Row, table: string): boolean {
  const left = evaluate(c.left, row, table);
  if (c.kind === "in") {
    if (left === undefined) return false;
    const hit = c.values.some((v) => compare(left, evaluate(v, row, table)) === 0);
    return c.not ? !hit : hit;
  }
  const right = evaluate(c.right, row, table);
  if (left === undefined || right === undefined) return false;
  const d = compare(left, right);
  return { "=": d === 0, "!=": d !== 0, "<": d < 0, "<=": d <= 0, ">": d > 0, ">=": d >= 0 }[c.op];
}

/** SuiteQL without an explicit format writes dates the way the default user preference does (M/D/YYYY). */
function output(v: Value): string | undefined {
  if (v === undefined) return undefined;
  if (v instanceof Date) return `${v.getUTCMonth() + 1}/${v.getUTCDate()}/${v.getUTCFullYear()}`;
  return String(v);
}

export interface SuiteQLPage {
  items: Array<Record<string, unknown>>;
  totalResults: number;
  hasMore: boolean;
  count: number;
  offset: number;
}

/** Runs a query and returns one page. Throws QueryError for what the subset (or NetSuite) rejects. */
export function runSuiteQL(store: NetSuiteStore, q: string, limit: number, offset: number): SuiteQLPage {
  const query = parseSuiteQL(q);
  const source = tables(store)[query.table];
  const columns = COLUMNS[query.table];
  if (!source || !columns) throw new QueryError(`Search error occurred: Record '${query.table}' was not found.`);
  const exprs = [...(query.columns === "*" ? [] : query.columns.map((c) => c.expr)), ...query.where.flatMap((c) => (c.kind === "in" ? [c.left, ...c.values] : [c.left, c.right])), ...query.orderBy.map((o) => o.expr)];
  for (const e of exprs) checkColumns(e, query.table, columns);
  let rows = source().filter((row) => query.where.every((c) => matches(c, row, query.table)));
  if (query.orderBy.length > 0) {
    rows = rows.sort((x, y) => {
      for (const o of query.orderBy) {
        const d = compare(evaluate(o.expr, x, query.table), evaluate(o.expr, y, query.table));
        if (d !== 0) return o.desc ? -d : d;
      }
      return 0;
    });
  }
  const page = rows.slice(offset, offset + limit).map((row) => {
    const out: Record<string, unknown> = { links: [] };
    const cols = query.columns === "*" ? Object.keys(row).map((name) => ({ expr: { kind: "col", name } as Expr, alias: name })) : query.columns;
    for (const c of cols) {
      const v = output(evaluate(c.expr, row, query.table));
      if (v !== undefined) out[c.alias] = v; // NetSuite leaves empty columns out of a row
    }
    return out;
  });
  return { items: page, totalResults: rows.length, hasMore: offset + page.length < rows.length, count: page.length, offset };
}
