/** Where JSONata says an error is: `position` is the offset just past the offending token. */
export interface ErrorLocation {
  position?: number;
  token?: string;
}

/**
 * Turns JSONata's single offset into the [from, to) range of the offending token,
 * so the editor underlines the token itself rather than the character after it.
 * Returns null when the error has no position (nothing to underline).
 */
export function errorRange(text: string, error: ErrorLocation): { from: number; to: number } | null {
  if (error.position === undefined || text.length === 0) return null;
  const end = Math.min(Math.max(error.position, 0), text.length);
  const token = error.token;

  // "(end)": the expression stopped too early; underline its last visible character.
  if (token === "(end)" || (token === undefined && end >= text.trimEnd().length)) {
    const last = Math.max(text.trimEnd().length, 1);
    return { from: last - 1, to: last };
  }

  if (token) {
    // The token usually ends at `end`, but JSONata sometimes counts a following "(" or
    // quote; look back a few characters for the token text itself.
    const at = text.lastIndexOf(token, Math.max(end - token.length, 0));
    if (at >= 0 && end - (at + token.length) <= 3) {
      // Include the "$" of a variable or function name ($foo reports token "foo").
      const from = at > 0 && text[at - 1] === "$" && /^\w/.test(token) ? at - 1 : at;
      return widen(text, from, at + token.length);
    }
    return widen(text, Math.max(end - token.length, 0), end);
  }
  return widen(text, end - 1, end);
}

/** A range never collapses to nothing, so there is always something to see. */
function widen(text: string, from: number, to: number): { from: number; to: number } {
  from = Math.max(0, Math.min(from, text.length));
  to = Math.max(from, Math.min(to, text.length));
  if (to > from) return { from, to };
  return to < text.length ? { from, to: to + 1 } : { from: Math.max(from - 1, 0), to };
}
