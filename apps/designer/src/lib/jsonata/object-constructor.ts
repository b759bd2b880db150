import { scan, type Token } from "./scan";

/** One row of the field-mapping view: `"target field": expression`. */
export interface FieldRow {
  field: string;
  expression: string;
}

export type ParseFieldsResult = { ok: true; rows: FieldRow[]; droppedComments: boolean } | { ok: false; reason: string };

const NOT_PLAIN = "The expression is not a plain object constructor ({ \"field\": expression, … }), so it can only be edited as code.";

/**
 * Reads a top-level object constructor into rows, each value exactly as written.
 * Refuses anything else (a path, a block, `{…}.x`, computed keys): those have no
 * faithful row form. Callers only offer this for expressions that compile.
 */
export function parseFields(text: string): ParseFieldsResult {
  const all = scan(text);
  const tokens = all.filter((t) => t.type !== "comment");
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (!first || !last || text[first.from] !== "{" || text[last.from] !== "}") return { ok: false, reason: NOT_PLAIN };
  if (matchingClose(tokens, 0) !== tokens.length - 1) return { ok: false, reason: NOT_PLAIN };

  // Split the inside at depth-1 commas; each segment is `key : value`.
  const segments: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  for (const token of tokens.slice(1, -1)) {
    if (token.type === "open") depth += 1;
    if (token.type === "close") depth -= 1;
    if (depth === 0 && token.type === "comma") {
      segments.push(current);
      current = [];
    } else current.push(token);
  }
  if (current.length > 0 || segments.length > 0) segments.push(current);

  const rows: FieldRow[] = [];
  const valueRanges: Array<[number, number]> = [];
  for (const segment of segments) {
    const [key, colon, valueStart] = segment;
    if (!key || key.type !== "string") return { ok: false, reason: "Only fields with quoted names (\"name\": …) can be shown as rows; computed keys need the code view." };
    if (!colon || colon.type !== "colon" || !valueStart) return { ok: false, reason: NOT_PLAIN };
    const valueEnd = segment[segment.length - 1]!.to;
    rows.push({ field: decodeString(text.slice(key.from, key.to)), expression: text.slice(valueStart.from, valueEnd) });
    valueRanges.push([valueStart.from, valueEnd]);
  }
  // Comments inside values are kept (they are part of the slice); ones between pairs are not.
  const droppedComments = all.some((t) => t.type === "comment" && !valueRanges.some(([from, to]) => t.from >= from && t.to <= to));
  return { ok: true, rows, droppedComments };
}

/** Builds the single JSONata expression the rows stand for (an empty value is written as null). */
export function buildExpression(rows: FieldRow[]): string {
  if (rows.length === 0) return "{}";
  const pairs = rows.map((r) => `  ${JSON.stringify(r.field)}: ${r.expression.trim() || "null"}`);
  return `{\n${pairs.join(",\n")}\n}`;
}

/**
 * Why a row's expression cannot stand alone as an object value, if it cannot: a
 * stray top-level comma or unbalanced bracket would silently change other rows.
 */
export function rowProblem(row: FieldRow): string | null {
  if (row.field.trim() === "") return "Name the target field.";
  let depth = 0;
  for (const token of scan(row.expression)) {
    if (token.type === "open") depth += 1;
    if (token.type === "close") depth -= 1;
    if (depth < 0) return "Unbalanced closing bracket.";
    if (depth === 0 && token.type === "comma") return "A top-level comma would start a new field; wrap the value in [ ] or ( ).";
  }
  return depth === 0 ? null : "Unclosed bracket.";
}

function matchingClose(tokens: Token[], openIndex: number): number {
  let depth = 0;
  for (let i = openIndex; i < tokens.length; i += 1) {
    const type = tokens[i]!.type;
    if (type === "open") depth += 1;
    if (type === "close" && --depth === 0) return i;
  }
  return -1;
}

/** JSONata string literals use JSON escapes, in double or single quotes. */
function decodeString(literal: string): string {
  const inner = literal.slice(1, -1);
  if (literal.startsWith('"')) return JSON.parse(literal) as string;
  return JSON.parse(`"${inner.replace(/\\'/g, "'").replace(/(?<!\\)"/g, '\\"')}"`) as string;
}
