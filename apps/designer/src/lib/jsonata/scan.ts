/**
 * A flat JSONata tokenizer for structure, not meaning: enough to find brackets,
 * commas and colons outside strings, comments and regexes. The field-mapping view
 * uses it to cut an object constructor into its pairs *as written* (so a value's
 * formatting and comments survive the round trip, which an AST printer would lose).
 */
export type TokenType = "string" | "comment" | "regex" | "open" | "close" | "comma" | "colon" | "semicolon" | "word" | "other";

export interface Token {
  type: TokenType;
  from: number;
  to: number;
}

const OPERATORS = /:=|~>|!=|<=|>=|\.\.|\?:|\?\?/y;
const NUMBER = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z0-9_$]+/y;

function skipQuoted(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === "\\") i += 2;
    else if (text[i] === quote) return i + 1;
    else i += 1;
  }
  return text.length;
}

export function scan(text: string): Token[] {
  const tokens: Token[] = [];
  // A `/` starts a regex only where an operand may start (JSONata decides the same way).
  let expectOperand = true;
  let i = 0;
  const push = (type: TokenType, from: number, to: number, operandNext: boolean) => {
    tokens.push({ type, from, to });
    expectOperand = operandNext;
    i = to;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (text.startsWith("/*", i)) {
      const end = text.indexOf("*/", i + 2);
      tokens.push({ type: "comment", from: i, to: end < 0 ? text.length : end + 2 });
      i = end < 0 ? text.length : end + 2;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === "`") push(ch === "`" ? "word" : "string", i, skipQuoted(text, i, ch), false);
    else if (ch === "/" && expectOperand) {
      let end = skipQuoted(text, i, "/");
      while (end < text.length && /[im]/.test(text[end]!)) end += 1;
      push("regex", i, end, false);
    } else if ("([{".includes(ch)) push("open", i, i + 1, true);
    else if (")]}".includes(ch)) push("close", i, i + 1, false);
    else if (ch === ",") push("comma", i, i + 1, true);
    else if (ch === ";") push("semicolon", i, i + 1, true);
    else if (/[A-Za-z0-9_$]/.test(ch)) {
      const pattern = /[0-9]/.test(ch) ? NUMBER : NAME;
      pattern.lastIndex = i;
      const end = i + (pattern.exec(text)?.[0].length ?? 1);
      const word = text.slice(i, end);
      push("word", i, end, word === "and" || word === "or" || word === "in");
    } else {
      OPERATORS.lastIndex = i;
      const op = OPERATORS.exec(text);
      const end = op ? i + op[0].length : i + 1;
      // A lone ":" matters structurally (key/value separator); everything else is "other".
      push(!op && ch === ":" ? "colon" : "other", i, end, true);
    }
  }
  return tokens;
}
