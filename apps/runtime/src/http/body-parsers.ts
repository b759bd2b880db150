import type { FastifyInstance, FastifyRequest } from "fastify";
import { unstorableText } from "@ipaas/db";
import sjson from "secure-json-parse";

/**
 * The ingress' body parsers. Every accepted content type keeps its raw bytes on the
 * request (`rawBodyOf`): webhook signatures are computed over exactly what was sent,
 * never over a re-serialisation. Anything else is 415 (Fastify's default for a type
 * without a parser), so no body reaches a flow unparsed or half-understood.
 *
 * Parsed values are also held to what a run record can store (Postgres jsonb): no NUL
 * characters, no lone UTF-16 surrogates, nesting at most MAX_DEPTH deep. Without these
 * checks such a body got as far as the insert and failed there as a 500, which makes
 * the sender redeliver a request that can never succeed.
 */

export const MAX_DEPTH = 64;

/** For the 415 message and the OpenAPI description. */
export const ACCEPTED_CONTENT_TYPES = [
  "application/json (and application/*+json)",
  "application/x-www-form-urlencoded",
  "text/* (kept as a string)",
  "application/xml and application/*+xml (kept as a string)",
];

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const XML_TYPE = /^application\/(?:[\w.+-]+\+)?xml\s*(?:;|$)/i;
const TEXT_TYPE = /^text\/[\w.+-]+\s*(?:;|$)/i;

class BadBody extends Error {
  readonly statusCode = 400;
}

export function rawBodyOf(req: FastifyRequest): Buffer {
  return (req as { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0);
}

export function registerBodyParsers(app: FastifyInstance) {
  // Fastify's own JSON parser would keep no raw bytes; its text/plain one none either.
  app.removeAllContentTypeParsers();
  const add = (type: RegExp | string, parse: (text: string) => unknown) =>
    app.addContentTypeParser(type, { parseAs: "buffer" }, (req, body: Buffer, done) => {
      (req as { rawBody?: Buffer }).rawBody = body;
      try {
        done(null, body.length === 0 ? null : checkStorable(parse(body.toString("utf8"))));
      } catch (err) {
        done(err instanceof BadBody ? err : new BadBody(`Body could not be read: ${(err as Error).message}`), undefined);
      }
    });
  add(JSON_TYPE, parseJson);
  add("application/x-www-form-urlencoded", parseForm);
  add(TEXT_TYPE, (text) => text);
  add(XML_TYPE, (text) => text);
}

/**
 * secure-json-parse refuses `__proto__` and `constructor.prototype` keys: the payload
 * reaches JSONata and connector code, where an object merge would otherwise let the
 * sender change every object's prototype.
 */
function parseJson(text: string): unknown {
  checkDepth(text);
  try {
    return sjson.parse(text, undefined, { protoAction: "error", constructorAction: "error" });
  } catch (err) {
    const message = (err as Error).message;
    if (/prototype/i.test(message)) throw new BadBody(PROTOTYPE_POISONING);
    throw new BadBody(`Body is not valid JSON: ${message}`);
  }
}

const PROTOTYPE_POISONING = "Body refused: it contains a __proto__ or constructor.prototype key (prototype poisoning)";

/** Repeated keys become arrays, as most form encoders mean them; `__proto__` is refused as in JSON. */
function parseForm(text: string): Record<string, string | string[]> {
  const entries = new Map<string, string | string[]>();
  for (const [key, value] of new URLSearchParams(text)) {
    if (key === "__proto__") throw new BadBody(PROTOTYPE_POISONING);
    const seen = entries.get(key);
    entries.set(key, seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value]);
  }
  return Object.fromEntries(entries);
}

/** Bracket depth on the text, before parsing: a million nested arrays never reach the parser or the database. */
function checkDepth(text: string) {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > MAX_DEPTH) throw new BadBody(`Body refused: nested more than ${MAX_DEPTH} levels deep`);
    } else if (c === 93 || c === 125) depth--;
  }
}

/** Every string and key of the value can be stored as jsonb (iterative: depth is already bounded, but cheap to be safe). */
export function checkStorable<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "string") checkText(v);
    else if (Array.isArray(v)) for (const item of v) stack.push(item); // no spread: a 1M-item array would overflow the arguments
    else if (v !== null && typeof v === "object") {
      for (const [key, item] of Object.entries(v)) {
        checkText(key);
        stack.push(item);
      }
    }
  }
  return value;
}

function checkText(text: string) {
  const problem = unstorableText(text);
  if (problem) throw new BadBody(`Body refused: it ${problem}`);
}
