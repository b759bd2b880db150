import { StreamLanguage, type StreamParser } from "@codemirror/language";

/*
 * Token names are CodeMirror highlight tags chosen so that the default highlight
 * style (part of the basic setup) colours every kind distinctly: functions as
 * macroName, $variables as local variables, fields as property definitions. That
 * avoids a custom HighlightStyle and with it a direct dependency on @lezer/highlight.
 */

/**
 * JSONata highlighting for CodeMirror. A stream tokenizer is enough: JSONata has
 * no context-sensitive syntax that highlighting needs beyond block comments
 * and strings that may span lines, which the state carries over.
 */
interface State {
  /** Inside a block comment, or inside a string opened with this quote. */
  inside: "comment" | '"' | "'" | "`" | null;
  /** Whether a `/` here would start a regex (operand position) rather than divide. */
  expectOperand: boolean;
}

const KEYWORDS = new Set(["and", "or", "in", "function"]);
const ATOMS = new Set(["true", "false", "null"]);

function readQuoted(stream: { next(): string | void; eol(): boolean }, quote: string): boolean {
  let escaped = false;
  while (!stream.eol()) {
    const ch = stream.next();
    if (ch === quote && !escaped) return true;
    escaped = !escaped && ch === "\\";
  }
  return false;
}

export const jsonataParser: StreamParser<State> = {
  name: "jsonata",
  startState: () => ({ inside: null, expectOperand: true }),
  copyState: (s) => ({ ...s }),
  token(stream, state) {
    if (state.inside === "comment") {
      if (stream.skipTo("*/")) {
        stream.pos += 2;
        state.inside = null;
      } else stream.skipToEnd();
      return "comment";
    }
    if (state.inside) {
      const quote = state.inside;
      if (readQuoted(stream, quote)) state.inside = null;
      return quote === "`" ? "propertyName.definition" : "string";
    }
    if (stream.eatSpace()) return null;
    if (stream.match("/*")) {
      state.inside = "comment";
      return "comment";
    }
    const ch = stream.peek() ?? "";
    if (ch === '"' || ch === "'" || ch === "`") {
      stream.next();
      if (!readQuoted(stream, ch)) state.inside = ch as State["inside"];
      state.expectOperand = false;
      return ch === "`" ? "propertyName.definition" : "string";
    }
    if (ch === "/" && state.expectOperand) {
      // Regex literal: /pattern/flags (only where an operand may start, like JSONata's parser).
      stream.next();
      readQuoted(stream, "/");
      stream.eatWhile(/[im]/);
      state.expectOperand = false;
      return "regexp";
    }
    if (stream.match(/^(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/)) {
      state.expectOperand = false;
      return "number";
    }
    if (stream.match(/^\$\$?[A-Za-z_0-9]*/)) {
      state.expectOperand = false;
      // `$name(` is a call; a bare `$name` is a variable ($ alone is the context).
      return stream.peek() === "(" ? "macroName" : "variableName.local";
    }
    if (stream.match(/^[A-Za-z_][A-Za-z_0-9]*/)) {
      const word = stream.current();
      state.expectOperand = KEYWORDS.has(word);
      if (KEYWORDS.has(word)) return "keyword";
      if (ATOMS.has(word)) return "atom";
      return "propertyName.definition";
    }
    if (stream.match(/^(?::=|~>|!=|<=|>=|\.\.|\?:|\?\?|[-+*/%&=<>!?:^#@|~.])/)) {
      state.expectOperand = true;
      return "operator";
    }
    stream.next();
    // After an opening bracket or separator an operand follows; after a closing one, an operator.
    state.expectOperand = "([{,;".includes(ch);
    return "([{}])".includes(ch) ? "bracket" : "punctuation";
  },
  languageData: {
    commentTokens: { block: { open: "/*", close: "*/" } },
    closeBrackets: { brackets: ["(", "[", "{", '"', "'", "`"] },
  },
};

export const jsonataLanguage = StreamLanguage.define(jsonataParser);
