import type { FunctionDoc } from "../docs";
import { define, fail, integer, isMissing, optionalText, text } from "./helpers";

/**
 * Fixed-width and EDI text. Widths are capped so a typo such as $padLeft(x, 1e9)
 * fails instead of allocating a gigabyte inside a single, uninterruptible step.
 */

const MAX_WIDTH = 100_000;

function padChar(fn: string, value: unknown): string {
  const char = optionalText(fn, "the padding character", value) ?? " ";
  if ([...char].length !== 1) return fail(fn, `the padding character must be exactly one character, but it is ${JSON.stringify(char)}`);
  return char;
}

function pad(fn: string, side: "start" | "end", value: unknown, width: unknown, char: unknown): string | undefined {
  if (isMissing(value)) return undefined;
  const source = text(fn, "the value", value);
  const size = integer(fn, "the width", width, 0, MAX_WIDTH);
  const fill = padChar(fn, char);
  const missing = size - [...source].length;
  if (missing <= 0) return source;
  return side === "start" ? fill.repeat(missing) + source : source + fill.repeat(missing);
}

/** X12 element (*), component (: and ^) and segment (~) separators. */
const X12_DELIMITERS = "~*:^";
// Control characters (C0, DEL, C1) that are line breaks or tabs become a space, the rest go.
const BREAKS = /[\t\n\r\v\f\u0085\u2028\u2029]+/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

export const stringFunctions = {
  padLeft: define((value: unknown, width?: unknown, char?: unknown) => pad("padLeft", "start", value, width, char)),
  padRight: define((value: unknown, width?: unknown, char?: unknown) => pad("padRight", "end", value, width, char)),
  truncate: define((value: unknown, length?: unknown) => {
    if (isMissing(value)) return undefined;
    const source = text("truncate", "the value", value);
    const size = integer("truncate", "the length", length, 0, MAX_WIDTH);
    // By characters, not UTF-16 units, so an emoji or accented letter is never cut in half.
    const chars = [...source];
    return chars.length <= size ? source : chars.slice(0, size).join("");
  }),
  ediSafe: define((value: unknown, delimiters?: unknown) => {
    if (isMissing(value)) return undefined;
    const strip = optionalText("ediSafe", "the delimiters", delimiters) ?? X12_DELIMITERS;
    let out = text("ediSafe", "the value", value).replace(BREAKS, " ").replace(CONTROLS, "");
    for (const char of strip) out = out.split(char).join("");
    return out.replace(/ {2,}/g, " ").trim();
  }),
};

const doc = (name: string, signature: string, description: string, expression: string, result: string): FunctionDoc => ({
  name,
  signature,
  description,
  example: { expression, result },
  category: "strings",
});

export const stringDocs: FunctionDoc[] = [
  doc("padLeft", "$padLeft(text, width, char?)", "Pads on the left with `char` (default a space) to `width` characters; longer text is returned unchanged (see $truncate). Numbers are padded as text.", '$padLeft(42, 6, "0")', '"000042"'),
  doc("padRight", "$padRight(text, width, char?)", "Pads on the right with `char` (default a space) to `width` characters; longer text is returned unchanged.", '$padRight("AB", 5, ".")', '"AB..."'),
  doc("truncate", "$truncate(text, length)", "The first `length` characters of the text (whole characters, never half an emoji).", '$truncate("Acme Distribution Inc", 10)', '"Acme Distr"'),
  doc(
    "ediSafe",
    "$ediSafe(text, delimiters?)",
    "Text that cannot break an X12 document: removes the delimiters ~ * : ^ (or the characters given in `delimiters`) and control characters, turns line breaks and tabs into spaces, collapses double spaces and trims.",
    '$ediSafe("ACME*CORP~\\nSuite 4: Dock ^B")',
    '"ACMECORP Suite 4 Dock B"',
  ),
];
