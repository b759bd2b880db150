import { describe, expect, it } from "vitest";
import {
  authorizationHeader,
  baseStringUri,
  defaultBaseUrl,
  hmacSha256,
  normalizedParameters,
  oauthSignature,
  percentEncode,
  queryString,
  signatureBaseString,
} from "../../src/netsuite/auth";
import { OAuthVerifier, parseAuthorization, signatureBaseString as verifierBaseString } from "../../src/netsuite/simulator/oauth-verify";

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
const a51Data: Record<string, string> = {
  oauth_consumer_key: consumer.key,
  oauth_token: token.key,
  oauth_signature_method: "HMAC-SHA1",
  oauth_timestamp: "1191242096",
  oauth_nonce: "kllo9940pd9333jh",
  oauth_version: "1.0",
};
const A51_BASE_STRING =
  "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3Dkllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1191242096%26oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal";
describe("OAuth 1.0a signing (published examples)", () => {
  it("builds the documented base string and signature of OAuth Core 1.0 Appendix A.5", () => {
    const base = signatureBaseString("GET", photosUrl, a51Data);
    expect(base).toBe(A51_BASE_STRING);
    expect(oauthSignature("HMAC-SHA1", base, consumer.secret, token.secret)).toBe("tR3+Ty81lMeYAr/Fid0kMTYa/WM=");
  });

  it("reproduces RFC 5849 §1.2's signature", () => {
    const data = { oauth_consumer_key: consumer.key, oauth_token: token.key, oauth_signature_method: "HMAC-SHA1", oauth_timestamp: "137131202", oauth_nonce: "chapoH" };
    expect(oauthSignature("HMAC-SHA1", signatureBaseString("GET", photosUrl, data), consumer.secret, token.secret)).toBe("MdpQcU8iPSUjWoN/UDMsK2sui9I=");
  });

  it("RFC 5849 §3.4.1: encoded, repeated and empty parameters from query and body, in the printed order and base string", () => {
    // The request of §3.4.1.1: POST /request?b5=%3D%253D&a3=a&c%40=&a2=r%20b with the form body c2&a3=2+q.
    const url = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b";
    const oauth = { realm: "Example", oauth_consumer_key: "9djdj82h48djs9d2", oauth_token: "kkk9d7dh3k39sjv7", oauth_signature_method: "HMAC-SHA1", oauth_timestamp: "137131201", oauth_nonce: "7d8f3e4a", oauth_signature: "ignored" };
    const body = [["c2", ""], ["a3", "2 q"]] as const;
    expect(
      normalizedParameters([["b5", "=%3D"], ["a3", "a"], ["c@", ""], ["a2", "r b"], ...body, ...Object.entries(oauth).filter(([k]) => k.startsWith("oauth_") && k !== "oauth_signature")]),
    ).toBe("a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7");
    expect(signatureBaseString("POST", url, oauth, body)).toBe(
      "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7",
    );
  });

  it("RFC 5849 §3.4.1.2 base string URIs and §3.6 encoding", () => {
    expect(baseStringUri("HTTP://EXAMPLE.COM:80/r%20v/X?id=123")).toBe("http://example.com/r%20v/X");
    expect(baseStringUri("https://www.example.net:8080/?q=1")).toBe("https://www.example.net:8080/");
    expect(baseStringUri("https://www.example.net:443/a")).toBe("https://www.example.net/a");
    expect(percentEncode("a-._~ !*'()+/é")).toBe("a-._~%20%21%2A%27%28%29%2B%2F%C3%A9");
  });

  it("the simulator's independent verifier builds the same documented base string", () => {
    expect(verifierBaseString("GET", "http://photos.example.net", "/photos?file=vacation.jpg&size=original", a51Data)).toBe(A51_BASE_STRING);
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
