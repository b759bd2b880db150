import type { ActionContext } from "../sdk";

type Connection = Pick<ActionContext["connection"], "config" | "secrets">;

/** An HTTP header name (RFC 9110 token). */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The credential headers of a request, every value from the connection's sealed
 * secrets so none is ever a literal in a flow or run record:
 * - Authorization: the OAuth access token, else the static bearer token (both Bearer),
 *   else Basic from basicUsername (config) and basicPassword (secret);
 * - the API key (secret) in the header named by apiKeyHeader (config), alongside.
 */
export function authHeaders({ config, secrets }: Connection): Record<string, string> {
  const headers: Record<string, string> = {};
  const token = secrets.accessToken ?? secrets.bearerToken;
  const username = typeof config.basicUsername === "string" ? config.basicUsername : "";
  if (token) headers.authorization = `Bearer ${token}`;
  else if (username !== "" && secrets.basicPassword !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${username}:${secrets.basicPassword}`, "utf8").toString("base64")}`;
  }
  const keyHeader = typeof config.apiKeyHeader === "string" ? config.apiKeyHeader : "";
  if (keyHeader !== "" && HEADER_NAME.test(keyHeader) && secrets.apiKey) headers[keyHeader.toLowerCase()] = secrets.apiKey;
  return headers;
}

/**
 * A flow's own headers plus the credential headers; a flow header with the same
 * name as a credential header (in any case) is dropped, so a flow can neither
 * override the connection's credentials nor send them twice.
 */
export function withAuthHeaders(connection: Connection, headers: Record<string, string> = {}): Record<string, string> {
  const auth = authHeaders(connection);
  const own = Object.entries(headers).filter(([name]) => !(name.toLowerCase() in auth));
  return { ...Object.fromEntries(own), ...auth };
}
