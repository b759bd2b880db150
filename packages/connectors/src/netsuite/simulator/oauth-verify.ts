import { createHmac, timingSafeEqual } from "node:crypto";
import { invalidLogin, type SimError } from "./errors";

/**
 * The simulator's own OAuth 1.0a verifier, written apart from the connector's
 * signer (netsuite/auth.ts) so a mistake in one shows up as a
 * 401 instead of being mirrored: RFC 5849 §3.4.1 base string from the raw request
 * line, HMAC-SHA256 (or SHA1) with the stored secrets, a timestamp window and a
 * nonce cache, then NetSuite's INVALID_LOGIN body for every failure.
 */
export interface SimCredentials {
  accountId: string;
  consumerKey: string;
  consumerSecret: string;
  tokenId: string;
  tokenSecret: string;
}

const enc = (s: string) => encodeURIComponent(s).replace(/[!*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, "%20"));

export function parseAuthorization(header: string): Record<string, string> | undefined {
  if (!/^OAuth\s/i.test(header)) return undefined;
  const params: Record<string, string> = {};
  for (const m of header.slice(6).matchAll(/([\w.-]+)\s*=\s*"([^"]*)"/g)) params[m[1] ?? ""] = decodeURIComponent(m[2] ?? "");
  return params;
}

export function signatureBaseString(method: string, origin: string, rawPath: string, oauth: Record<string, string>): string {
  const [path = "/", query = ""] = rawPath.split("?", 2);
  const pairs: Array<[string, string]> = query
    .split("&")
    .filter((p) => p !== "")
    .map((p) => {
      const [k = "", v = ""] = p.split("=", 2);
      return [dec(k), dec(v)];
    });
  for (const [k, v] of Object.entries(oauth)) if (k !== "realm" && k !== "oauth_signature") pairs.push([k, v]);
  const normalized = pairs
    .map(([k, v]) => [enc(k), enc(v)] as const)
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  return `${method.toUpperCase()}&${enc(`${origin.toLowerCase()}${path}`)}&${enc(normalized)}`;
}

export class OAuthVerifier {
  private nonces = new Map<string, number>();

  constructor(
    private readonly creds: SimCredentials,
    private readonly maxSkewSeconds = 300,
  ) {}

  /** undefined when the request is properly signed, else the 401 to send. */
  verify(method: string, origin: string, rawPath: string, header: string | undefined): SimError | undefined {
    const realm = this.creds.accountId.toUpperCase();
    const p = header ? parseAuthorization(header) : undefined;
    if (!p) return invalidLogin(realm, "parameter_absent");
    const required = ["oauth_consumer_key", "oauth_token", "oauth_signature_method", "oauth_timestamp", "oauth_nonce", "oauth_signature"];
    if (required.some((k) => !p[k])) return invalidLogin(realm, "parameter_absent");
    if (p.realm !== undefined && p.realm.toUpperCase() !== realm) return invalidLogin(realm, "permission_denied");
    if (p.oauth_consumer_key !== this.creds.consumerKey) return invalidLogin(realm, "consumer_key_unknown");
    if (p.oauth_token !== this.creds.tokenId) return invalidLogin(realm, "token_rejected");
    const algorithm = p.oauth_signature_method === "HMAC-SHA256" ? "sha256" : p.oauth_signature_method === "HMAC-SHA1" ? "sha1" : undefined;
    if (!algorithm) return invalidLogin(realm, "signature_method_rejected");
    const now = Date.now() / 1000;
    if (Math.abs(now - Number(p.oauth_timestamp)) > this.maxSkewSeconds) return invalidLogin(realm, "timestamp_refused");
    const key = `${enc(this.creds.consumerSecret)}&${enc(this.creds.tokenSecret)}`;
    const expected = createHmac(algorithm, key).update(signatureBaseString(method, origin, rawPath, p)).digest();
    const given = Buffer.from(p.oauth_signature ?? "", "base64");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalidLogin(realm, "signature_invalid");
    const nonceKey = `${p.oauth_token}:${p.oauth_nonce}:${p.oauth_timestamp}`;
    if (this.nonces.has(nonceKey)) return invalidLogin(realm, "nonce_used");
    this.nonces.set(nonceKey, now);
    if (this.nonces.size > 10_000) this.prune(now);
    return undefined;
  }

  private prune(now: number): void {
    for (const [k, at] of this.nonces) if (now - at > this.maxSkewSeconds * 2) this.nonces.delete(k);
  }
}
