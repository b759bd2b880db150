/** Where to go when `next` is missing or refused. */
export const DEFAULT_NEXT = "/flows";

// Any host will do: it only exists to tell a same-origin path from one that escapes.
const PROBE_ORIGIN = "http://designer.invalid";

/**
 * Where to go after signing in: only a path on this site, never another host (no
 * open redirect). Browsers treat `\` like `/` and drop tabs and newlines inside
 * URLs, so `/\evil`, `/%5Cevil` (decoded once by URLSearchParams) and `/\t/evil`
 * all mean `//evil` to them; refusing backslashes and control characters and then
 * checking that the URL parser keeps the origin covers those and whatever we did
 * not think of. The result is the parser's normalised path, search and hash.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//")) return DEFAULT_NEXT;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\\\u0000-\u001f\u007f\s]/.test(next)) return DEFAULT_NEXT;
  let url: URL;
  try {
    url = new URL(next, PROBE_ORIGIN);
  } catch {
    return DEFAULT_NEXT;
  }
  if (url.origin !== PROBE_ORIGIN) return DEFAULT_NEXT;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A normalised path can start with `//` again (`/./evil` stays single, but be sure).
  return path.startsWith("//") ? DEFAULT_NEXT : path;
}
