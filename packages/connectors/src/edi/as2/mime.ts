import { randomBytes } from "node:crypto";

/**
 * The little MIME AS2 needs (RFC 2045/1847/3798), over bytes: a signature covers
 * an entity's exact bytes, so nothing here re-encodes what it parses.
 */

const CRLF = Buffer.from("\r\n");

/** HTTP or MIME headers as they come (Node's IncomingHttpHeaders, a fetch Headers, a plain record). */
export type HeaderInput = Headers | Record<string, string | string[] | undefined>;

/** Header names lower-cased; repeated headers joined with ", ". */
export function normalizeHeaders(input: HeaderInput): Map<string, string> {
  const out = new Map<string, string>();
  const add = (key: string, value: string) => {
    const name = key.toLowerCase();
    const before = out.get(name);
    out.set(name, before === undefined ? value : `${before}, ${value}`);
  };
  if (typeof (input as Headers).forEach === "function" && typeof (input as Headers).get === "function") {
    (input as Headers).forEach((value, key) => add(key, value));
    return out;
  }
  for (const [key, value] of Object.entries(input as Record<string, string | string[] | undefined>)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) add(key, v);
  }
  return out;
}

/** A MIME entity: its headers and its body bytes (still transfer-encoded). `raw` is the entity's exact bytes. */
export interface MimeEntity {
  headers: Map<string, string>;
  body: Buffer;
  raw: Buffer;
}

/** A header value's main token and its parameters (`multipart/signed; boundary="x"; micalg=sha-256`). */
export function parseHeaderValue(value: string | undefined): { value: string; params: Map<string, string> } {
  const params = new Map<string, string>();
  if (!value) return { value: "", params };
  const parts = value.match(/(?:[^;"]|"(?:[^"\\]|\\.)*")+/g) ?? [];
  const [main = "", ...rest] = parts.map((p) => p.trim());
  for (const part of rest) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    const raw = part.slice(eq + 1).trim();
    params.set(part.slice(0, eq).trim().toLowerCase(), raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw);
  }
  return { value: main.toLowerCase(), params };
}

/** Splits an entity at its first empty line; lines may end in CRLF or LF, folded headers are unfolded. */
export function parseEntity(raw: Buffer): MimeEntity {
  let end = raw.indexOf("\r\n\r\n");
  let sep = 4;
  const lf = raw.indexOf("\n\n");
  if (end === -1 || (lf !== -1 && lf < end)) {
    end = lf;
    sep = 2;
  }
  if (raw.subarray(0, 2).equals(CRLF) || raw[0] === 0x0a) {
    // No headers at all: the body starts after the empty first line.
    return { headers: new Map(), body: raw.subarray(raw[0] === 0x0a ? 1 : 2), raw };
  }
  if (end === -1) return { headers: new Map(), body: raw, raw };
  const headerText = raw.subarray(0, end).toString("latin1").replace(/\r?\n[ \t]+/g, " ");
  const headers = new Map<string, string>();
  for (const line of headerText.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: raw.subarray(end + sep), raw };
}

/** A multipart body's parts, each as its exact bytes (the CRLF before a delimiter belongs to the delimiter, RFC 2046 §5.1.1). */
export function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const afterDelimiter = at + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === "--") break;
    const lineEnd = body.indexOf("\n", afterDelimiter);
    if (lineEnd === -1) break;
    const start = lineEnd + 1;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    let end = next;
    if (body[end - 1] === 0x0a) end -= body[end - 2] === 0x0d ? 2 : 1;
    parts.push(body.subarray(start, Math.max(start, end)));
    at = next;
  }
  return parts;
}

/** The body's bytes with the entity's Content-Transfer-Encoding undone (base64 and quoted-printable; others are bytes as they are). */
export function decodedBody(entity: MimeEntity): Buffer {
  const encoding = (entity.headers.get("content-transfer-encoding") ?? "binary").toLowerCase();
  if (encoding === "base64") return Buffer.from(entity.body.toString("latin1").replace(/[^A-Za-z0-9+/=]/g, ""), "base64");
  if (encoding === "quoted-printable") {
    const text = entity.body.toString("latin1").replace(/=\r?\n/g, "");
    return Buffer.from(text.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1");
  }
  return entity.body;
}

/** An entity's bytes: headers (in the order given), an empty line, the body. */
export function buildEntity(headers: ReadonlyArray<readonly [string, string]>, body: Uint8Array): Buffer {
  const head = headers.map(([k, v]) => `${k}: ${v}\r\n`).join("");
  return Buffer.concat([Buffer.from(`${head}\r\n`, "latin1"), body]);
}

/** A multipart body from its parts' exact bytes. */
export function buildMultipart(boundary: string, parts: readonly Uint8Array[]): Buffer {
  const chunks: Uint8Array[] = [];
  for (const part of parts) chunks.push(Buffer.from(`--${boundary}\r\n`), part, CRLF);
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

export const newBoundary = (prefix: string) => `----=_${prefix}_${randomBytes(12).toString("hex")}`;

/** base64 in 76-character lines, as MIME wants it. */
export const base64Lines = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64").replace(/.{76}/g, "$&\r\n");

/** A quoted header value when it needs one (AS2 names may contain spaces, RFC 4130 §6.2). */
export const quoteIfNeeded = (value: string) => (/^[\x21\x23-\x27\x2a\x2b\x2d\x2e\x30-\x39\x41-\x5a\x5e-\x7e]+$/.test(value) ? value : `"${value.replace(/(["\\])/g, "\\$1")}"`);

/** The value of an AS2-From/AS2-To header without its quotes. */
export const unquote = (value: string | undefined) => {
  const v = (value ?? "").trim();
  return v.startsWith('"') && v.endsWith('"') && v.length >= 2 ? v.slice(1, -1).replace(/\\(.)/g, "$1") : v;
};
