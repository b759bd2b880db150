import { OutboundPolicyError } from "./policy";

/**
 * Joins an action's path (user input: flows, test runs, edited dead letters) onto
 * the connection's base URL so the result always stays on the base URL's origin
 * and under its path. `new URL(path, base)` does not: `/http://169.254.169.254/`,
 * `///attacker.example/x` and `/\attacker.example` replace the host, and the URL
 * parser silently drops tabs and newlines, so tricks are spotted on every
 * percent-decoding of the path, not only on the raw text.
 */
export function urlUnderBase(baseUrl: string, path: string): URL {
  const base = new URL(baseUrl);
  const split = path.search(/[?#]/);
  const pathPart = split === -1 ? path : path.slice(0, split);
  const rest = split === -1 ? "" : path.slice(split);
  // Control characters are refused anywhere (the parser drops some, which hides what the path really is).
  if (hasControl(path)) throw refused("a control character (tab, newline …)");
  for (const form of decodings(pathPart)) {
    if (form.includes("\\")) throw refused("a backslash");
    if (hasControl(form)) throw refused("an encoded control character");
    if (!form.startsWith("/")) throw refused("no leading /");
    if (form.startsWith("//")) throw refused("a scheme-relative //host");
    if (/^\/+[a-z][a-z0-9+.-]*:/i.test(form)) throw refused("an absolute URL");
  }
  const basePath = base.pathname.replace(/\/+$/, "");
  const url = new URL(base.origin);
  url.pathname = `${basePath}${pathPart}`;
  const queryAt = rest.indexOf("?");
  const hashAt = rest.indexOf("#");
  if (queryAt !== -1) url.search = rest.slice(queryAt, hashAt > queryAt ? hashAt : undefined);
  // The path setter resolves dot segments: `/../x` may not climb above the base path.
  if (url.origin !== base.origin || (url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`))) throw refused("dot segments that leave the base path");
  return url;
}

/** C0 controls and DEL (written as a code-point test: a regex range of control characters reads as a mistake to linters). */
const hasControl = (text: string) => [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

const refused = (what: string) => new OutboundPolicyError(`the path contains ${what}, which would leave the connection's base URL`, "same-origin", { allowable: false });

/** The text and each successive percent-decoding of it, until nothing changes (bounded: each pass shortens it). */
function decodings(text: string): string[] {
  const forms = [text];
  for (let current = text; ; ) {
    const next = current.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (next === current) return forms;
    forms.push(next);
    current = next;
  }
}
