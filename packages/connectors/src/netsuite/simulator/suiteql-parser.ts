/**
 * A SuiteQL subset: what the connector and a person trying queries in a demo send.
 *   SELECT * | expr [AS alias], … FROM table
 *   [WHERE cond AND cond …]   cond: expr (=|!=|<>|<|<=|>|>=) expr | expr [NOT] IN (literal, …)
 *   [ORDER BY col [ASC|DESC], …]
 *   expr: column | 'string' | number | TO_CHAR(col, 'fmt') | TO_TIMESTAMP('…', 'fmt') | TO_DATE('…', 'fmt') | UPPER(col) | LOWER(col)
 * Anything else is a parse error, answered like NetSuite's 400 for an invalid query.
 */
export type Expr =
  | { kind: "col"; name: string }
  | { kind: "lit"; value: string | number }
  | { kind: "fn"; name: string; args: Expr[] };

export type Cond =
  | { kind: "cmp"; op: "=" | "!=" | "<" | "<=" | ">" | ">="; left: Expr; right: Expr }
  | { kind: "in"; not: boolean; left: Expr; values: Expr[] };

export interface Query {
  columns: Array<{ expr: Expr; alias: string }> | "*";
  table: string;
  where: Cond[];
  orderBy: Array<{ expr: Expr; desc: boolean }>;
}

export class QueryError extends Error {}

type Tok = { t: "id" | "str" | "num" | "sym"; v: string };

function tokenize(q: string): Tok[] {
  const out: Tok[] = [];
  const re = /\s+|([A-Za-z_][\w.]*)|'((?:[^']|'')*)'|(\d+(?:\.\d+)?)|(<>|!=|<=|>=|[(),*=<>])/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < q.length) {
    re.lastIndex = at;
    m = re.exec(q);
    if (!m) throw new QueryError(`Syntax error near '${q.slice(at, at + 20)}'`);
    at = re.lastIndex;
    if (m[1] !== undefined) out.push({ t: "id", v: m[1] });
    else if (m[2] !== undefined) out.push({ t: "str", v: m[2].replace(/''/g, "'") });
    else if (m[3] !== undefined) out.push({ t: "num", v: m[3] });
    else if (m[4] !== undefined) out.push({ t: "sym", v: m[4] });
  }
  return out;
}

const FUNCTIONS = new Set(["TO_CHAR", "TO_TIMESTAMP", "TO_DATE", "UPPER", "LOWER"]);
const KEYWORDS = new Set(["SELECT", "FROM", "WHERE", "AND", "OR", "ORDER", "BY", "ASC", "DESC", "IN", "NOT", "AS", "GROUP", "JOIN", "LIMIT"]);

export function parseSuiteQL(text: string): Query {
  const toks = tokenize(text.trim().replace(/;$/, ""));
  let i = 0;
  const peek = () => toks[i];
  const isKw = (kw: string) => peek()?.t === "id" && peek()?.v.toUpperCase() === kw;
  const expectKw = (kw: string) => {
    if (!isKw(kw)) throw new QueryError(`Expected ${kw} near '${peek()?.v ?? "end of query"}'`);
    i++;
  };
  const isSym = (s: string) => peek()?.t === "sym" && peek()?.v === s;
  const expectSym = (s: string) => {
    if (!isSym(s)) throw new QueryError(`Expected '${s}' near '${peek()?.v ?? "end of query"}'`);
    i++;
  };

  function expr(): Expr {
    const tok = toks[i++];
    if (!tok) throw new QueryError("Unexpected end of query");
    if (tok.t === "str") return { kind: "lit", value: tok.v };
    if (tok.t === "num") return { kind: "lit", value: Number(tok.v) };
    if (tok.t === "id" && isSym("(")) {
      const name = tok.v.toUpperCase();
      if (!FUNCTIONS.has(name)) throw new QueryError(`Unsupported function ${tok.v}`);
      i++;
      const args = [expr()];
      while (isSym(",")) {
        i++;
        args.push(expr());
      }
      expectSym(")");
      return { kind: "fn", name, args };
    }
    if (tok.t === "id" && !KEYWORDS.has(tok.v.toUpperCase())) return { kind: "col", name: tok.v.toLowerCase() };
    throw new QueryError(`Unexpected '${tok.v}'`);
  }

  function cond(): Cond {
    const left = expr();
    const not = isKw("NOT");
    if (not) i++;
    if (isKw("IN")) {
      i++;
      expectSym("(");
      const values = [expr()];
      while (isSym(",")) {
        i++;
        values.push(expr());
      }
      expectSym(")");
      return { kind: "in", not, left, values };
    }
    const op = peek();
    if (not || op?.t !== "sym" || !["=", "!=", "<>", "<", "<=", ">", ">="].includes(op.v)) throw new QueryError(`Expected a comparison near '${op?.v ?? "end of query"}'`);
    i++;
    return { kind: "cmp", op: (op.v === "<>" ? "!=" : op.v) as "=", left, right: expr() };
  }

  expectKw("SELECT");
  let columns: Query["columns"];
  if (isSym("*")) {
    i++;
    columns = "*";
  } else {
    columns = [];
    do {
      if (isSym(",")) i++;
      const e = expr();
      let alias = e.kind === "col" ? e.name : `expr${columns.length + 1}`;
      if (isKw("AS")) i++;
      if (peek()?.t === "id" && !KEYWORDS.has(peek()?.v.toUpperCase() ?? "")) alias = (toks[i++]?.v ?? alias).toLowerCase();
      columns.push({ expr: e, alias });
    } while (isSym(","));
  }
  expectKw("FROM");
  const table = toks[i++];
  if (table?.t !== "id") throw new QueryError("Expected a table name after FROM");
  const where: Cond[] = [];
  if (isKw("WHERE")) {
    i++;
    where.push(cond());
    while (isKw("AND")) {
      i++;
      where.push(cond());
    }
  }
  const orderBy: Query["orderBy"] = [];
  if (isKw("ORDER")) {
    i++;
    expectKw("BY");
    do {
      if (isSym(",")) i++;
      const e = expr();
      const desc = isKw("DESC");
      if (desc || isKw("ASC")) i++;
      orderBy.push({ expr: e, desc });
    } while (isSym(","));
  }
  if (i < toks.length) throw new QueryError(`Unsupported clause near '${toks[i]?.v}'`);
  return { columns, table: table.v.toLowerCase(), where, orderBy };
}
