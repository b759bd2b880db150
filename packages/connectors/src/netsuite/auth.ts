import { createHmac, randomBytes } from "node:crypto";

/**
 * NetSuite Token-Based Authentication: OAuth 1.0a (RFC 5849) with HMAC-SHA256,
 * realm = account id. Our own signer (replacing the unmaintained oauth-1.0a
 * package): the base string of §3.4.1 with the query's parameters, the signing key
 * of §3.4.2, and the Authorization header of §3.5.1. Tested against the RFC's and
 * OAuth Core 1.0's published examples.
 */
export interface TbaCredentials {
  accountId: string;
  consumerKey: string;
  consumerSecret: string;
  tokenId: string;
  tokenSecret: string;
}

export type SignatureMethod = "HMAC-SHA1" | "HMAC-SHA256";

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

/** RFC 5849 §3.6: every byte but the unreserved ALPHA / DIGIT / "-" / "." / "_" / "~" is %XX (upper-case hex). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A query's name/value pairs, percent-decoded. A "+" stays a plus (NetSuite reads
 * it so, and queryString below never writes one for a space).
 */
function queryPairs(search: string): Array<[string, string]> {
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  return search
    .replace(/^\?/, "")
    .split("&")
    .filter((part) => part !== "")
    .map((part) => {
      const at = part.indexOf("=");
      return at === -1 ? [decode(part), ""] : [decode(part.slice(0, at)), decode(part.slice(at + 1))];
    });
}

/** §3.4.1.2: lower-case scheme and host, the port only when it is not the scheme's default, the path; no query or fragment. */
export function baseStringUri(url: string): string {
  const parsed = new URL(url);
  // WHATWG URL already drops a default port and lower-cases scheme and host.
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

/** §3.4.1.3.2: every pair encoded, sorted by name then value (byte order), joined as name=value&… */
export function normalizedParameters(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
    .sort(([an, av], [bn, bv]) => (an === bn ? (av < bv ? -1 : av > bv ? 1 : 0) : an < bn ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
}

/**
 * §3.4.1.1: METHOD & encoded base URI & encoded parameters, where the parameters are
 * the URL's query pairs, the protocol parameters (without realm and
 * oauth_signature) and any form-encoded body pairs.
 */
export function signatureBaseString(method: string, url: string, oauth: Record<string, string>, bodyPairs: ReadonlyArray<readonly [string, string]> = []): string {
  const protocol = Object.entries(oauth).filter(([name]) => name !== "realm" && name !== "oauth_signature");
  const pairs = [...queryPairs(new URL(url).search), ...protocol, ...bodyPairs];
  return [method.toUpperCase(), percentEncode(baseStringUri(url)), percentEncode(normalizedParameters(pairs))].join("&");
}

/** §3.4.2: HMAC over the base string, keyed with the encoded consumer secret & token secret. */
export function oauthSignature(signatureMethod: SignatureMethod, base: string, consumerSecret: string, tokenSecret: string): string {
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
  return createHmac(signatureMethod === "HMAC-SHA1" ? "sha1" : "sha256", key).update(base).digest("base64");
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
  const oauth: Record<string, string> = {
    oauth_consumer_key: creds.consumerKey,
    oauth_nonce: fixed?.nonce ?? randomBytes(16).toString("hex"),
    oauth_signature_method: "HMAC-SHA256",
    oauth_timestamp: String(fixed?.timestamp ?? Math.floor(Date.now() / 1000)),
    oauth_token: creds.tokenId,
    oauth_version: "1.0",
  };
  const base = signatureBaseString(request.method, request.url, oauth);
  oauth.oauth_signature = oauthSignature("HMAC-SHA256", base, creds.consumerSecret, creds.tokenSecret);
  // §3.5.1; realm first (NetSuite wants it there), then the parameters in name order, values encoded.
  const params = Object.keys(oauth)
    .sort()
    .map((name) => `${percentEncode(name)}="${percentEncode(oauth[name] ?? "")}"`);
  return `OAuth realm="${realmOf(creds.accountId)}", ${params.join(", ")}`;
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
