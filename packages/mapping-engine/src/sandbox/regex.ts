import { RE2JS } from "re2js";
import { MappingError } from "../errors";

/**
 * JSONata's regexes (`/(a+)+$/` in $match, $replace, $split, $contains) run on
 * RE2 instead of V8's backtracking engine: matching is linear in the input, so no
 * pattern can freeze the process (catastrophic backtracking). jsonata 2.x takes the
 * engine as its `RegexEngine` option, constructs it with the RegExp its parser
 * built (`new RegexEngine(regex)`, never executed by jsonata itself), then sets
 * `lastIndex` and calls `exec(text)`: this class is that surface, nothing more.
 *
 * RE2 has no backreferences (`\1`) or lookarounds (`(?=`, `(?!`): such a pattern
 * is refused when the expression is compiled (`checkRegexes`), with a mapping
 * error naming the construct, rather than run on a backtracking engine.
 */

/** Compiled patterns by flags and source: jsonata constructs the engine on every evaluation of the regex node. */
const compiled = new Map<string, RE2JS>();
const COMPILED_LIMIT = 500;

function flagsOf(regex: RegExp): number {
  // jsonata's parser only admits i and m (and always adds g, which here is lastIndex).
  return (regex.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0) | (regex.multiline ? RE2JS.MULTILINE : 0);
}

/** The RE2 program for a JSONata regex literal; throws MappingError (MAPPING_REGEX) when RE2 cannot run it. */
export function compileRegex(regex: RegExp, position?: number): RE2JS {
  const key = `${regex.flags}/${regex.source}`;
  const hit = compiled.get(key);
  if (hit) return hit;
  let pattern: RE2JS;
  try {
    pattern = RE2JS.compile(RE2JS.translateRegExp(regex.source), flagsOf(regex));
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace(/^error parsing regexp: /, "") : String(err);
    const at = position === undefined ? "" : ` at position ${position}`;
    throw new MappingError(
      `The regular expression /${regex.source}/ cannot be used: ${detail} (backreferences and lookarounds are not supported, so that every pattern runs in linear time)${at}`,
      "MAPPING_REGEX",
      position,
    );
  }
  if (compiled.size >= COMPILED_LIMIT) compiled.delete(compiled.keys().next().value as string);
  compiled.set(key, pattern);
  return pattern;
}

type ExecResult = string[] & { index: number; input: string };

export class Re2RegexEngine {
  /** Where the next exec starts, like a global RegExp's; advanced past each match. */
  lastIndex = 0;
  private readonly pattern: RE2JS;

  constructor(regex: RegExp) {
    this.pattern = compileRegex(regex);
  }

  exec(text: string): ExecResult | null {
    const from = this.lastIndex;
    const matcher = this.pattern.matcher(text);
    if (from > text.length || !matcher.find(from)) {
      this.lastIndex = 0;
      return null;
    }
    const groups: string[] = [];
    // Unmatched optional groups are undefined, as with RegExp (re2js says null).
    for (let i = 0; i <= matcher.groupCount(); i++) groups.push((matcher.group(i) ?? undefined) as string);
    this.lastIndex = matcher.end();
    return Object.assign(groups, { index: matcher.start(), input: text });
  }
}

/**
 * Compiles every regex literal of a parsed expression once, so an unsupported
 * pattern is a compile error with its position (the editor underlines it) instead
 * of a failure at run time, and the first evaluation finds the program cached.
 */
export function checkRegexes(node: unknown, seen = new Set<object>()): void {
  if (typeof node !== "object" || node === null || seen.has(node)) return;
  seen.add(node);
  const record = node as { type?: unknown; value?: unknown; position?: unknown };
  if (record.type === "regex" && record.value instanceof RegExp) {
    compileRegex(record.value, typeof record.position === "number" ? record.position : undefined);
  }
  for (const child of Object.values(record)) checkRegexes(child, seen);
}
