/**
 * An action's `config.input` is one JSONata expression producing the operation's
 * input. The "fields" view edits it as one expression per input field; these
 * helpers compose such fields into `{ "a": expr, … }` and parse that shape back.
 * Anything else (a path, a function call, a nested construction with a trailing
 * step) is not "simple" and stays in the raw editor.
 */

export interface InputField {
  key: string;
  expression: string;
}

/** `{ "a": x, "b": y }` from the fields, skipping blank ones, keys quoted as JSON strings. */
export function composeObjectExpression(fields: readonly InputField[]): string {
  const parts = fields.filter((f) => f.expression.trim() !== "").map((f) => `  ${JSON.stringify(f.key)}: ${f.expression.trim()}`);
  return parts.length === 0 ? "{}" : `{\n${parts.join(",\n")}\n}`;
}

const CLOSERS: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

/** Index just past the string/backtick-name/comment starting at `i`, or -1 when it never ends. */
function skipQuoted(text: string, i: number): number {
  const open = text[i];
  if (open === "/" && text[i + 1] === "*") {
    const end = text.indexOf("*/", i + 2);
    return end < 0 ? -1 : end + 2;
  }
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === "\\" && open !== "`") j++;
    else if (text[j] === open) return j + 1;
  }
  return -1;
}

const startsQuoted = (text: string, i: number) => text[i] === '"' || text[i] === "'" || text[i] === "`" || (text[i] === "/" && text[i + 1] === "*");

/**
 * Splits `text` at top-level occurrences of `separator` (outside strings, comments
 * and brackets). Returns undefined when brackets do not balance.
 */
function splitTopLevel(text: string, separator: string): string[] | undefined {
  const parts: string[] = [];
  const stack: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (startsQuoted(text, i)) {
      const end = skipQuoted(text, i);
      if (end < 0) return undefined;
      i = end - 1;
    } else if (c in CLOSERS) stack.push(CLOSERS[c]!);
    else if (c === ")" || c === "]" || c === "}") {
      if (stack.pop() !== c) return undefined;
    } else if (c === separator && stack.length === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (stack.length > 0) return undefined;
  parts.push(text.slice(start));
  return parts;
}

/** A JSONata string literal as a key: double quotes are JSON; single quotes are read the same way. */
function parseKey(text: string): { key: string; rest: string } | undefined {
  const quote = text[0];
  if (quote !== '"' && quote !== "'") return undefined;
  const end = skipQuoted(text, 0);
  if (end < 0) return undefined;
  const body = text.slice(1, end - 1);
  const json = quote === '"' ? text.slice(0, end) : `"${body.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`;
  try {
    return { key: JSON.parse(json) as string, rest: text.slice(end) };
  } catch {
    return undefined;
  }
}

/**
 * The fields of a simple object expression, in order, or undefined when the
 * expression is not exactly `{ "key": expr, … }` (string-literal keys, no
 * duplicates, nothing after the closing brace). Blank input is an empty object.
 */
export function parseObjectExpression(expression: string): InputField[] | undefined {
  const text = expression.trim();
  if (text === "") return [];
  if (!text.startsWith("{") || !text.endsWith("}")) return undefined;
  // The outer braces must belong together: `{…}.x{…}` splits inside at top level into a stray "}".
  const inner = text.slice(1, -1);
  const entries = splitTopLevel(inner, ",");
  if (!entries) return undefined;
  if (entries.length === 1 && entries[0]!.trim() === "") return [];
  const fields: InputField[] = [];
  for (const entry of entries) {
    const parsed = parseKey(entry.trim());
    if (!parsed) return undefined;
    const rest = parsed.rest.trimStart();
    if (!rest.startsWith(":")) return undefined;
    const value = rest.slice(1).trim();
    if (value === "" || fields.some((f) => f.key === parsed.key)) return undefined;
    fields.push({ key: parsed.key, expression: value });
  }
  return fields;
}

/**
 * The rows of the fields form: the schema's properties first (in schema order),
 * then keys the expression has that the schema does not (kept so nothing is lost).
 */
export function fieldRows(schemaKeys: readonly string[], fields: readonly InputField[]): InputField[] {
  const byKey = new Map(fields.map((f) => [f.key, f.expression]));
  const rows = schemaKeys.map((key) => ({ key, expression: byKey.get(key) ?? "" }));
  return [...rows, ...fields.filter((f) => !schemaKeys.includes(f.key))];
}

/**
 * The fields with one field's expression set (added when new). Blank schema rows are
 * dropped again, so the result composes to exactly what the form shows.
 */
export function withFieldExpression(schemaKeys: readonly string[], fields: readonly InputField[], key: string, expression: string): InputField[] {
  const rows = fieldRows(schemaKeys, fields).map((row) => (row.key === key ? { key, expression } : row));
  if (!rows.some((row) => row.key === key)) rows.push({ key, expression });
  return rows.filter((row) => row.expression.trim() !== "" || row.key === key);
}
