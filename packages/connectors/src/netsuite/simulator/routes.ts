import { badQuery, notFound, nsError, SimHttpError, type SimError } from "./errors";
import { normalize, represent, validate, writableTypes } from "./records";
import { QueryError } from "./suiteql-parser";
import { runSuiteQL } from "./suiteql-exec";
import { recordTypes, type NetSuiteStore, type RecordType } from "./store";

/** What a route answers: a status, a JSON body or none (204), headers. */
export interface SimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const RECORD = /^\/services\/rest\/record\/v1\/([A-Za-z]+)(?:\/([^/]+))?$/;
const SUITEQL = "/services/rest/query/v1/suiteql";
const MAX_LIMIT = 1000;

const errorResponse = (e: SimError): SimResponse => ({ status: e.status, body: e.body, headers: e.headers });

/** The REST record and SuiteQL endpoints. `baseUrl` is the account's URL as the client called it. */
export function handleApi(store: NetSuiteStore, method: string, url: URL, body: unknown, baseUrl: string, prefer: string | undefined): SimResponse {
  try {
    if (url.pathname === SUITEQL) return suiteql(store, method, url, body, baseUrl, prefer);
    const m = RECORD.exec(url.pathname);
    if (!m) return errorResponse(nsError(404, "NONEXISTENT_PATH", `The request could not be found. The path ${url.pathname} does not exist.`));
    const type = m[1] as RecordType;
    if (!(recordTypes as readonly string[]).includes(type)) {
      return errorResponse(nsError(404, "INVALID_RCRD_TYPE", `Record type '${type}' does not exist.`));
    }
    return record(store, method, type, m[2] === undefined ? undefined : decodeURIComponent(m[2]), url, body, baseUrl);
  } catch (err) {
    if (err instanceof SimHttpError) return errorResponse(err.error);
    if (err instanceof QueryError) return errorResponse(badQuery(err.message));
    throw err;
  }
}

function asFields(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new SimHttpError(nsError(400, "INVALID_CONTENT", "The request body is not a valid JSON object."));
  }
  return body as Record<string, unknown>;
}

function record(store: NetSuiteStore, method: string, type: RecordType, ref: string | undefined, url: URL, body: unknown, baseUrl: string): SimResponse {
  const key = ref === undefined ? undefined : ref.startsWith("eid:") ? { externalId: ref.slice(4) } : { id: ref };
  const location = (id: string) => ({ location: `${baseUrl}/services/rest/record/v1/${type}/${id}` });
  if (method === "GET" && key) {
    const found = store.get(type, key);
    if (!found) return errorResponse(notFound(type, ref ?? ""));
    return { status: 200, body: represent(found, type, baseUrl, url.searchParams.get("expandSubResources") === "true") };
  }
  if (!writableTypes.has(type)) {
    return errorResponse(nsError(405, "METHOD_NOT_ALLOWED", `The ${method} method is not allowed for the ${type} record in this account.`));
  }
  if (method === "POST" && !key) {
    const fields = asFields(body);
    const externalId = typeof fields.externalId === "string" ? fields.externalId : undefined;
    if (externalId !== undefined && store.get(type, { externalId })) {
      throw new SimHttpError(nsError(400, "USER_ERROR", `Error while accessing a resource. A record with the external ID ${externalId} already exists.`, { path: "externalId" }));
    }
    validate(store, type, fields);
    const created = store.create(type, normalize(store, type, fields), externalId);
    return { status: 204, headers: location(created.id) };
  }
  if (method === "PUT" && key?.externalId !== undefined) {
    // Upsert: the external id in the URL decides between create and update.
    const fields = asFields(body);
    const existing = store.get(type, key);
    validate(store, type, fields, existing);
    const saved = existing ? store.update(existing, normalize(store, type, fields)) : store.create(type, normalize(store, type, fields), key.externalId);
    return { status: 204, headers: location(saved.id) };
  }
  if (method === "PATCH" && key) {
    const existing = store.get(type, key);
    if (!existing) return errorResponse(notFound(type, ref ?? ""));
    const fields = asFields(body);
    validate(store, type, fields, existing);
    store.update(existing, normalize(store, type, fields));
    return { status: 204, headers: location(existing.id) };
  }
  if (method === "DELETE" && key) {
    const existing = store.get(type, key);
    if (!existing) return errorResponse(notFound(type, ref ?? ""));
    store.table(type).delete(existing.id);
    return { status: 204 };
  }
  return errorResponse(nsError(405, "METHOD_NOT_ALLOWED", `The ${method} method is not supported for ${url.pathname}.`));
}

function suiteql(store: NetSuiteStore, method: string, url: URL, body: unknown, baseUrl: string, prefer: string | undefined): SimResponse {
  if (method !== "POST") return errorResponse(nsError(405, "METHOD_NOT_ALLOWED", "Use POST to run a SuiteQL query."));
  if (!prefer || !/transient/i.test(prefer)) {
    return errorResponse(nsError(400, "INVALID_HEADER", "The request header Prefer with value transient is required for this request.", {}));
  }
  const q = body && typeof body === "object" ? (body as { q?: unknown }).q : undefined;
  if (typeof q !== "string" || q.trim() === "") return errorResponse(nsError(400, "INVALID_CONTENT", "The query parameter q is required in the request body."));
  const limit = Number(url.searchParams.get("limit") ?? MAX_LIMIT);
  const offset = Number(url.searchParams.get("offset") ?? 0);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return errorResponse(nsError(400, "INVALID_PARAMETER", `Invalid value for the limit parameter: ${String(url.searchParams.get("limit"))}. Provide a number between 1 and 1000.`, { queryParam: "limit" }));
  }
  if (!Number.isInteger(offset) || offset < 0 || offset % limit !== 0) {
    return errorResponse(nsError(400, "INVALID_PARAMETER", `Invalid value for the offset parameter: ${String(url.searchParams.get("offset"))}. The offset must be a multiple of the limit.`, { queryParam: "offset" }));
  }
  const page = runSuiteQL(store, q, limit, offset);
  const link = (rel: string, at: number) => ({ rel, href: `${baseUrl}${SUITEQL}?limit=${limit}&offset=${at}` });
  const last = Math.max(0, Math.floor((page.totalResults - 1) / limit) * limit);
  const links = [
    ...(offset > 0 ? [link("previous", offset - limit)] : []),
    link("first", 0),
    ...(page.hasMore ? [link("next", offset + limit)] : []),
    link("last", last),
    link("self", offset),
  ];
  return { status: 200, body: { links, count: page.count, hasMore: page.hasMore, items: page.items, offset, totalResults: page.totalResults } };
}
