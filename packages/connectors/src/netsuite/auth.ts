import { createHmac, randomBytes } from "node:crypto";
import OAuth from "oauth-1.0a";

/**
 * NetSuite Token-Based Authentication: OAuth 1.0a, HMAC-SHA256, realm = account id.
 * The oauth-1.0a library builds the signature base string (RFC 5849 §3.4.1, query
 * parameters included, realm excluded); node:crypto does the HMAC.
 */
export interface TbaCredentials {
  accountId: string;
  consumerKey: string;
  consumerSecret: string;
  tokenId: string;
  tokenSecret: string;
}

export const hmacSha256 = (base: string, key: string) => createHmac("sha256", key).update(base).digest("base64");

/** NetSuite wants the realm as the account id in upper case ("1234567_SB1"). */
export const realmOf = (accountId: string) => accountId.toUpperCase();

/** Production host: "1234567_SB1" → https://1234567-sb1.suitetalk.api.netsuite.com */
export function defaultBaseUrl(accountId: string): string {
  return `https://${accountId.toLowerCase().replace(/_/g, "-")}.suitetalk.api.netsuite.com`;
}

export function baseUrlOf(config: Record<string, unknown>): string {
  const override = typeof config.baseUrl === "string" && config.baseUrl !== "" ? config.baseUrl : undefined;
  return (override ?? defaultBaseUrl(String(config.accountId ?? ""))).replace(/\/+$/, "");
}

/** RFC 3986 encoding as OAuth requires it (the library encodes the same way). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A query string the signature covers exactly: URLSearchParams would write spaces
 * as "+", which the library (and NetSuite) read as a literal plus.
 */
export function queryString(query: Record<string, string | number | boolean | undefined>): string {
  const parts = Object.entries(query)
    .filter((e): e is [string, string | number | boolean] => e[1] !== undefined)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(String(v))}`);
  return parts.length > 0 ? `?${parts.join("&")}` : "";
}

/** The Authorization header for one request. `fixed` pins nonce/timestamp for tests. */
export function authorizationHeader(
  creds: TbaCredentials,
  request: { method: string; url: string },
  fixed?: { nonce: string; timestamp: number },
): string {
  const oauth = new OAuth({
    consumer: { key: creds.consumerKey, secret: creds.consumerSecret },
    signature_method: "HMAC-SHA256",
    hash_function: hmacSha256,
    realm: realmOf(creds.accountId),
  });
  const data: OAuth.Data = {
    oauth_consumer_key: creds.consumerKey,
    oauth_nonce: fixed?.nonce ?? randomBytes(16).toString("hex"),
    oauth_signature_method: "HMAC-SHA256",
    oauth_timestamp: fixed?.timestamp ?? Math.floor(Date.now() / 1000),
    oauth_token: creds.tokenId,
    oauth_version: "1.0",
  };
  const signature = oauth.getSignature({ method: request.method, url: request.url, data: {} }, creds.tokenSecret, { ...data }); // a copy: the library merges the query parameters into it
  return oauth.toHeader({ ...data, oauth_signature: signature }).Authorization;
}

export function credentialsOf(connection: { config: Record<string, unknown>; secrets: Record<string, string> }): TbaCredentials {
  const { config, secrets } = connection;
  return {
    accountId: String(config.accountId ?? ""),
    consumerKey: secrets.consumerKey ?? "",
    consumerSecret: secrets.consumerSecret ?? "",
    tokenId: secrets.tokenId ?? "",
    tokenSecret: secrets.tokenSecret ?? "",
  };
}
