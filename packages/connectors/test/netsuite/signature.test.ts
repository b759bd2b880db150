import { createHmac } from "node:crypto";
import OAuth from "oauth-1.0a";
import { describe, expect, it } from "vitest";
import { authorizationHeader, defaultBaseUrl, hmacSha256, queryString } from "../../src/netsuite/auth";
import { OAuthVerifier, parseAuthorization, signatureBaseString } from "../../src/netsuite/simulator/oauth-verify";

/**
 * Published examples. OAuth Core 1.0 Appendix A.5 (the photos.example.net request,
 * consumer secret kd94hf93k423kf44, token secret pfkkdhi9sl3r4s00) documents both
 * the signature base string and its HMAC-SHA1 signature; RFC 5849 §1.2 documents
 * the signature of the same request with nonce chapoH. NetSuite signs with
 * HMAC-SHA256, for which no published vector exists: the expected value below is
 * HMAC-SHA256 over the Appendix A.5.1 base string with the signature method
 * changed to HMAC-SHA256, computed independently with
 *   printf '%s' "$BASE" | openssl dgst -sha256 -hmac 'kd94hf93k423kf44&pfkkdhi9sl3r4s00' -binary | base64
 */
const consumer = { key: "dpf43f3p2l4k3l03", secret: "kd94hf93k423kf44" };
const token = { key: "nnch734d00sl2jdk", secret: "pfkkdhi9sl3r4s00" };
const photosUrl = "http://photos.example.net/photos?file=vacation.jpg&size=original";
const a51Data = {
  oauth_consumer_key: consumer.key,
  oauth_token: token.key,
  oauth_signature_method: "HMAC-SHA1",
  oauth_timestamp: 1191242096,
  oauth_nonce: "kllo9940pd9333jh",
  oauth_version: "1.0",
};
const A51_BASE_STRING =
  "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3Dkllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1191242096%26oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal";
const sha1 = (base: string, key: string) => createHmac("sha1", key).update(base).digest("base64");

describe("OAuth 1.0a signing (published examples)", () => {
  const library = new OAuth({ consumer, signature_method: "HMAC-SHA1", hash_function: sha1 });

  it("the library builds the documented base string and signature of OAuth Core 1.0 Appendix A.5", () => {
    expect(library.getBaseString({ method: "GET", url: photosUrl, data: {} }, { ...a51Data })).toBe(A51_BASE_STRING);
    expect(library.getSignature({ method: "GET", url: photosUrl, data: {} }, token.secret, { ...a51Data })).toBe("tR3+Ty81lMeYAr/Fid0kMTYa/WM=");
  });

  it("reproduces RFC 5849 §1.2's signature", () => {
    const data = { oauth_consumer_key: consumer.key, oauth_token: token.key, oauth_signature_method: "HMAC-SHA1", oauth_timestamp: 137131202, oauth_nonce: "chapoH" } as OAuth.Data;
    expect(library.getSignature({ method: "GET", url: photosUrl, data: {} }, token.secret, data)).toBe("MdpQcU8iPSUjWoN/UDMsK2sui9I=");
  });

  it("the simulator's independent verifier builds the same documented base string", () => {
    const params = Object.fromEntries(Object.entries(a51Data).map(([k, v]) => [k, String(v)]));
    expect(signatureBaseString("GET", "http://photos.example.net", "/photos?file=vacation.jpg&size=original", params)).toBe(A51_BASE_STRING);
  });

  it("the connector's HMAC-SHA256 header carries the value computed from the documented base string", () => {
    const header = authorizationHeader(
      { accountId: "1234567_sb1", consumerKey: consumer.key, consumerSecret: consumer.secret, tokenId: token.key, tokenSecret: token.secret },
      { method: "GET", url: photosUrl },
      { nonce: "kllo9940pd9333jh", timestamp: 1191242096 },
    );
    const sha256Base = A51_BASE_STRING.replace("HMAC-SHA1", "HMAC-SHA256");
    expect(hmacSha256(sha256Base, `${consumer.secret}&${token.secret}`)).toBe("WVPzl1j6ZsnkIjWr7e3OZ3jkenL57KwaLFhYsroX1hg=");
    const params = parseAuthorization(header);
    expect(header.startsWith('OAuth realm="1234567_SB1", ')).toBe(true); // realm first, upper case
    expect(params).toMatchObject({ realm: "1234567_SB1", oauth_signature_method: "HMAC-SHA256", oauth_version: "1.0", oauth_signature: "WVPzl1j6ZsnkIjWr7e3OZ3jkenL57KwaLFhYsroX1hg=" });
  });

  it("signs query parameters with spaces and quotes the way the verifier reads them", () => {
    const creds = { accountId: "1234567", consumerKey: "ck", consumerSecret: "cs", tokenId: "tk", tokenSecret: "ts" };
    const verifier = new OAuthVerifier(creds);
    const path = `/services/rest/record/v1/customer/eid:A%20B${queryString({ q: "name = 'O''Brien' *", limit: 5 })}`;
    const header = authorizationHeader(creds, { method: "GET", url: `http://127.0.0.1:9/${path.slice(1)}` });
    expect(verifier.verify("GET", "http://127.0.0.1:9", path, header)).toBeUndefined();
    // The same header again is a replay.
    expect(verifier.verify("GET", "http://127.0.0.1:9", path, header)?.headers?.["www-authenticate"]).toContain('error="nonce_used"');
  });

  it("the simulator refuses an unknown token and a stale timestamp with NetSuite's 401", () => {
    const creds = { accountId: "1234567", consumerKey: "ck", consumerSecret: "cs", tokenId: "tk", tokenSecret: "ts" };
    const verifier = new OAuthVerifier(creds);
    const url = "http://127.0.0.1:9/services/rest/query/v1/suiteql";
    const unknown = authorizationHeader({ ...creds, tokenId: "other" }, { method: "POST", url });
    const stale = authorizationHeader(creds, { method: "POST", url }, { nonce: "n0nce-stale", timestamp: Math.floor(Date.now() / 1000) - 3600 });
    for (const [header, reason] of [[unknown, "token_rejected"], [stale, "timestamp_refused"], [undefined, "parameter_absent"]] as const) {
      const e = verifier.verify("POST", "http://127.0.0.1:9", "/services/rest/query/v1/suiteql", header);
      expect(e?.status).toBe(401);
      expect(e?.body).toMatchObject({ title: "Unauthorized", "o:errorDetails": [{ "o:errorCode": "INVALID_LOGIN" }] });
      expect(e?.headers?.["www-authenticate"]).toContain(`error="${reason}"`);
    }
  });

  it("derives the production host from the account id", () => {
    expect(defaultBaseUrl("1234567_SB1")).toBe("https://1234567-sb1.suitetalk.api.netsuite.com");
  });
});
